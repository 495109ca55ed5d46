"""Settings: ``config/settings.toml``, overridden by ``REFERRAL_HUB_*`` variables,
overridden by what the caller of ``create_app`` passes (tests)."""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

CONFIG_DIR = Path(
    os.environ.get("REFERRAL_HUB_CONFIG_DIR", Path(__file__).parent.parent / "config")
)


SMTP_SECURITY = ("none", "starttls", "tls")
SQLITE_SYNCHRONOUS = ("normal", "full")


@dataclass(frozen=True)
class Settings:
    env: str = "development"  # "production" requires an explicit secret key
    database_url: str = ""  # empty: a SQLite file in the instance folder
    # The coordinator's figures and overdue list read this database when set (a
    # read replica of the main one, which may lag by seconds); empty: the main one.
    reports_database_url: str = ""
    # SQLite's durability (always in WAL mode): "normal" syncs at checkpoints, so a
    # power cut may lose the last commits; "full" syncs every commit. See
    # docs/operations.md.
    sqlite_synchronous: str = "normal"
    secret_key: str = ""  # empty outside production: generated into the instance folder
    disabled_plugins: tuple[str, ...] = ()
    # ``referral-hub serve`` on Linux: gunicorn's sync workers (one request at a time
    # each; about two per core), and how long one request may take before its
    # worker is replaced.
    web_workers: int = 2
    web_timeout_seconds: int = 30
    token_ttl_days: int = 30
    # Web sessions end after this long without a request, and this long after sign-in.
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    # Sign-in throttling (Flask-Limiter syntax), per account and per client address;
    # "memory://" serves one process, "redis://host:6379/0" a group of them.
    login_limits: str = "5 per minute; 20 per 15 minutes"
    ratelimit_storage_url: str = "memory://"
    # Prefixes the keys in that storage (several hubs, or tests, on one Redis).
    ratelimit_key_prefix: str = "referral-hub"
    # Reverse proxies in front of the hub whose X-Forwarded-For/-Proto are trusted
    # (0: none; the client address is the connection's).
    trusted_proxies: int = 0
    # Alerts to admins about dead messages: at most one per cause in this many minutes.
    admin_alert_interval_minutes: int = 60
    # Personal data is erased this many days after a person's last referral ended.
    retention_days: int = 1826
    # argon2id cost (RFC 9106's second recommended option); tests lower it.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    max_body_bytes: int = 1_000_000
    # Documents on referrals: the largest file accepted, and where the files are
    # kept (a folder; empty: <instance>/documents). Back the folder up with the database.
    max_document_bytes: int = 10 * 1024 * 1024
    document_storage: str = ""
    default_language: str = "ro"
    languages: tuple[str, ...] = ("ro", "en", "cs", "uk")
    timezone: str = "Europe/Bucharest"  # dates and times are shown in it
    # Links in notifications point here (the address users open the hub at).
    public_url: str = "http://127.0.0.1:5000"
    # E-mail (the notification worker); see docs/operations.md.
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_security: str = "none"  # "none", "starttls" or "tls" (implicit TLS, port 465)
    smtp_username: str = ""  # empty: no authentication
    smtp_password: str = ""
    smtp_timeout_seconds: int = 30
    mail_from: str = "referral-hub@localhost"
    # Webhooks to institutions' systems: the wait for a connection, then for
    # each read of the answer; see docs/operations.md.
    webhook_connect_timeout_seconds: int = 5
    webhook_timeout_seconds: int = 10
    # The notification worker: attempts before a message is dead, full-jitter
    # exponential backoff between attempts, the lease on claimed messages, and
    # the idle wait between polls.
    worker_max_attempts: int = 8
    worker_backoff_base_seconds: int = 30
    worker_backoff_cap_seconds: int = 3600
    worker_lease_seconds: int = 300
    worker_poll_seconds: int = 5
    # The scheduler (run by the worker): how often it looks for what is due;
    # days after an unanswered referral's reminder that it is escalated to
    # the coordinators; the hour (in ``timezone``) of the daily digest.
    scheduler_interval_seconds: int = 60
    sla_escalation_days: int = 3
    digest_hour: int = 7
    # Sent outbox rows are deleted this many days after sending (dead ones stay
    # until replayed or purged explicitly).
    outbox_keep_days: int = 30
    # The demo's mailbox (``referral-hub mail-sink``); empty: instance/demo-mail.
    mail_sink_dir: str = ""


def load_settings(overrides: dict[str, Any] | None = None) -> Settings:
    values: dict[str, Any] = {}
    path = Path(os.environ.get("REFERRAL_HUB_SETTINGS", CONFIG_DIR / "settings.toml"))
    if path.exists():
        with path.open("rb") as fh:
            values.update(tomllib.load(fh).get("hub", {}))
    for f in fields(Settings):
        raw = os.environ.get(f"REFERRAL_HUB_{f.name.upper()}")
        if raw is not None:
            values[f.name] = _parse(raw, f.type)
    values.update(overrides or {})
    known = {f.name for f in fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise RuntimeError(f"Unknown settings: {', '.join(sorted(unknown))}")
    for name in ("disabled_plugins", "languages"):
        if name in values:
            values[name] = tuple(values[name])
    settings = Settings(**values)
    if settings.smtp_security not in SMTP_SECURITY:
        raise RuntimeError(
            f"smtp_security must be one of {', '.join(SMTP_SECURITY)};"
            f" got {settings.smtp_security!r}."
        )
    if settings.sqlite_synchronous not in SQLITE_SYNCHRONOUS:
        raise RuntimeError(
            f"sqlite_synchronous must be one of {', '.join(SQLITE_SYNCHRONOUS)};"
            f" got {settings.sqlite_synchronous!r}."
        )
    if settings.web_workers < 1:
        raise RuntimeError(f"web_workers must be at least 1; got {settings.web_workers}.")
    if settings.web_timeout_seconds < 1:
        raise RuntimeError(
            f"web_timeout_seconds must be at least 1; got {settings.web_timeout_seconds}."
        )
    if not 0 <= settings.digest_hour <= 23:
        raise RuntimeError(f"digest_hour must be an hour from 0 to 23; got {settings.digest_hour}.")
    if settings.sla_escalation_days < 0:
        raise RuntimeError("sla_escalation_days must be 0 or more.")
    if settings.trusted_proxies < 0:
        raise RuntimeError(f"trusted_proxies must be 0 or more; got {settings.trusted_proxies}.")
    if settings.outbox_keep_days < 1:
        raise RuntimeError(f"outbox_keep_days must be at least 1; got {settings.outbox_keep_days}.")
    if settings.max_document_bytes < 1:
        raise RuntimeError(
            f"max_document_bytes must be at least 1; got {settings.max_document_bytes}."
        )
    if "://" in settings.document_storage:
        raise RuntimeError(
            "document_storage must be a folder (other stores are not supported yet)."
        )
    # A typo here would erase people whose data must still be kept.
    if settings.retention_days < 1:
        raise RuntimeError(f"retention_days must be at least 1; got {settings.retention_days}.")
    return settings


def _parse(raw: str, type_name: Any) -> Any:
    if "tuple" in str(type_name):
        return tuple(x.strip() for x in raw.split(",") if x.strip())
    if "int" in str(type_name):
        return int(raw)
    return raw


def with_instance_defaults(settings: Settings, instance_path: Path) -> Settings:
    """Fill the database URL and the secret key for a development instance."""
    updates: dict[str, Any] = {}
    if not settings.database_url:
        updates["database_url"] = f"sqlite:///{instance_path / 'referral-hub.sqlite3'}"
    if not settings.document_storage:
        updates["document_storage"] = str(instance_path / "documents")
    if not settings.secret_key:
        if settings.env == "production":
            raise RuntimeError("REFERRAL_HUB_SECRET_KEY must be set in production.")
        updates["secret_key"] = _instance_secret(instance_path)
    return replace(settings, **updates)


def _instance_secret(instance_path: Path) -> str:
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
