"""The one clock. Tests replace it in ``app.extensions``; nothing else reads the time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from flask import current_app

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def now() -> datetime:
    """The current time (UTC, aware) from the application's clock."""
    return current_app.extensions["referral_hub"].clock()


def today() -> date:
    return now().date()
