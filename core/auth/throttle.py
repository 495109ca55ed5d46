"""Sign-in throttling: an account or a client address with too many failed
sign-ins (``login_limits``, e.g. "5 per minute; 20 per 15 minutes") is refused
with 429 until its window has room again, before any password is verified.

Two layers count the same failures, each under a key that is an HMAC of the
normalised e-mail (whether or not a user has it) or of the client address:

- Flask-Limiter (``ratelimit_storage_url``): the fast first check, in wall
  time, shared by the processes that use one Redis (``memory://``: one process);
- ``sign_in_failures`` in the database, on the hub's clock: shared by every
  process on the database, it holds a lock across restarts and instances, and
  works alone when the limiter's storage is unreachable.

Only failures count. A success forgets the account's failures, never the
address's (an attacker trying many accounts from one address keeps his count).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Flask, current_app, request
from flask_limiter import Limiter
from limits import RateLimitItem, parse_many
from sqlalchemy import delete, insert, select

from core import clock
from core.auth.models import SignInFailure, User
from core.auth.service import authenticate
from core.db import db
from core.errors import TooManyRequests, Unauthorized
from core.settings import Settings

log = logging.getLogger(__name__)

_EXTENSION = "referral_hub.sign_in_throttle"


@dataclass(frozen=True)
class SignInThrottle:
    """What ``init_app`` keeps on the app: the limiter, the parsed limits, the key prefix."""

    limiter: Limiter
    limits: tuple[RateLimitItem, ...]
    prefix: str

    @property
    def longest(self) -> timedelta:
        return timedelta(seconds=max(item.get_expiry() for item in self.limits))


def init_app(app: Flask, settings: Settings) -> None:
    try:
        limits = tuple(parse_many(settings.login_limits))
    except ValueError:
        raise RuntimeError(
            f"login_limits must be limits such as '5 per minute; 20 per 15 minutes';"
            f" got {settings.login_limits!r}."
        ) from None
    if not limits:
        raise RuntimeError("login_limits must name at least one limit.")
    options: dict[str, str | int] = {}
    if settings.ratelimit_storage_url.startswith(("redis", "rediss")):
        # A Redis that hangs must not hang sign-in: the database layer still holds.
        options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    limiter = Limiter(
        key_func=lambda: request.remote_addr or "",
        app=app,
        storage_uri=settings.ratelimit_storage_url,
        storage_options=options,
        strategy="moving-window",
        key_prefix=settings.ratelimit_key_prefix,
    )
    app.extensions[_EXTENSION] = SignInThrottle(limiter, limits, settings.ratelimit_key_prefix)


def sign_in(email: str, password: str) -> User:
    """``authenticate``, throttled: 429 while the account or the client address is
    locked (the same answer for unknown e-mails), a failure counted on 401."""
    throttle: SignInThrottle = current_app.extensions[_EXTENSION]
    keys = _keys(email)
    wait = _limiter_wait(throttle, keys) or _database_wait(throttle, keys)
    if wait:
        raise TooManyRequests(
            "Too many failed sign-ins for this account or from this address."
            f" Try again in {wait} seconds.",
            retry_after=wait,
        )
    try:
        user = authenticate(email, password)
    except Unauthorized:
        _record_failure(throttle, keys)
        raise
    _forget_account(throttle, keys["account"])
    return user


def _keys(email: str) -> dict[str, str]:
    secret = current_app.config["SECRET_KEY"].encode()
    values = {"account": email.strip().lower(), "address": request.remote_addr or ""}
    return {
        scope: hmac.new(secret, f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()
        for scope, value in values.items()
    }


def _limiter_wait(throttle: SignInThrottle, keys: dict[str, str]) -> int:
    """Seconds until the limiter lets the keys in again; 0 when it does now."""
    waits = [0]
    try:
        for item in throttle.limits:
            for scope, key in keys.items():
                stats = throttle.limiter.limiter.get_window_stats(item, throttle.prefix, scope, key)
                if stats.remaining <= 0:
                    waits.append(max(1, math.ceil(stats.reset_time - time.time())))
    except Exception as exc:  # the storage is down: the database still counts
        log.warning("sign-in throttle storage unavailable (%s)", type(exc).__name__)
        return 0
    return max(waits)


def _database_wait(throttle: SignInThrottle, keys: dict[str, str]) -> int:
    """Seconds until the failures in the database leave room for one more attempt."""
    now = clock.now()
    rows = db.session.execute(
        select(SignInFailure.key, SignInFailure.failed_at).where(
            SignInFailure.key.in_(keys.values()), SignInFailure.failed_at > now - throttle.longest
        )
    ).all()
    ends = [
        end
        for key in keys.values()
        for item in throttle.limits
        if (end := _locked_until(now, [at for k, at in rows if k == key], item)) is not None
    ]
    return max((max(1, math.ceil((end - now).total_seconds())) for end in ends), default=0)


def _locked_until(
    now: datetime, failures: Iterable[datetime], item: RateLimitItem
) -> datetime | None:
    """With ``amount`` failures inside the moving window, the lock lasts until the
    oldest of the latest ``amount`` leaves it."""
    window = timedelta(seconds=item.get_expiry())
    recent = sorted((at for at in failures if at > now - window), reverse=True)
    if len(recent) < item.amount:
        return None
    return recent[item.amount - 1] + window


def _record_failure(throttle: SignInThrottle, keys: dict[str, str]) -> None:
    now = clock.now()
    # Its own transaction: the view rolls the request's session back after a 401.
    with db.engine.begin() as connection:
        connection.execute(
            delete(SignInFailure).where(SignInFailure.failed_at <= now - throttle.longest)
        )
        connection.execute(
            insert(SignInFailure),
            [{"scope": scope, "key": key, "failed_at": now} for scope, key in keys.items()],
        )
    try:
        for item in throttle.limits:
            for scope, key in keys.items():
                throttle.limiter.limiter.hit(item, throttle.prefix, scope, key)
    except Exception as exc:
        log.warning("sign-in throttle storage unavailable (%s)", type(exc).__name__)


def _forget_account(throttle: SignInThrottle, account: str) -> None:
    # In the request's transaction: forgotten when the sign-in is committed.
    db.session.execute(
        delete(SignInFailure).where(SignInFailure.scope == "account", SignInFailure.key == account)
    )
    try:
        for item in throttle.limits:
            throttle.limiter.limiter.clear(item, throttle.prefix, "account", account)
    except Exception as exc:
        log.warning("sign-in throttle storage unavailable (%s)", type(exc).__name__)
