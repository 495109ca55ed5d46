"""Reminders that plugins schedule, and the recorder handed to them.

A plugin schedules a reminder from ``referral_hub_referral_status_changed``
(``reminders.schedule("coverage_ends", on=..., title=...)``); the row is
written in the transition's transaction and the scheduler
(:mod:`core.notifications.scheduler`) delivers it on its day through the
outbox, like every other message.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select, update

from core import clock
from core.catalogue.types import Text
from core.db import db
from core.notifications.models import Reminder
from core.referrals.models import Referral

_CODE = re.compile(r"[a-z0-9_]{1,60}")
#: whom a plugin may remind (escalating to the coordinators is the core's)
PLUGIN_AUDIENCES = ("sender", "receiver")


class Reminders:
    """Schedules a referral's reminders on behalf of one plugin kind.

    Codes are the plugin's own (``coverage_ends``); they are stored as
    ``<kind>.<code>``, so two plugins never collide.
    """

    def __init__(self, referral: Referral, kind: str) -> None:
        self._referral = referral
        self._kind = kind

    def schedule(self, code: str, on: date, *, title: Text, to: str = "sender") -> None:
        """Remind ``to`` (``"sender"``: the sending centre; ``"receiver"``: the
        receiving office) on ``on``, with ``title`` (a constant text in every
        UI language, without personal data). Scheduling a code again moves it."""
        if not _CODE.fullmatch(code):
            raise ValueError(f"reminder code {code!r}: use 1-60 of a-z, 0-9 and _")
        if to not in PLUGIN_AUDIENCES:
            raise ValueError(f"reminder audience {to!r}: one of {', '.join(PLUGIN_AUDIENCES)}")
        if not isinstance(on, date) or not title.get("en"):
            raise ValueError("a reminder needs a date and a title with English")
        reminder = self._find(code)
        if reminder is None:
            reminder = Reminder(
                referral_id=self._referral.id, code=self._code(code), created_at=clock.now()
            )
            db.session.add(reminder)
        reminder.audience, reminder.title, reminder.due_on = to, dict(title), on
        reminder.status, reminder.sent_at = "scheduled", None

    def cancel(self, code: str) -> None:
        """Cancel the reminder ``code`` if it has not been sent."""
        reminder = self._find(code)
        if reminder is not None and reminder.status == "scheduled":
            reminder.status = "cancelled"

    def _code(self, code: str) -> str:
        return f"{self._kind}.{code}"

    def _find(self, code: str) -> Reminder | None:
        return db.session.scalar(
            select(Reminder).where(
                Reminder.referral_id == self._referral.id, Reminder.code == self._code(code)
            )
        )


def cancel_reminders(referral: Referral) -> None:
    """The referral ended without its service (cancelled, rejected, failed):
    nothing scheduled for it is worth saying any more."""
    db.session.execute(
        update(Reminder)
        .where(Reminder.referral_id == referral.id, Reminder.status == "scheduled")
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )
