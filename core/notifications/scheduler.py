"""The scheduler: what is due today becomes messages in the outbox.

One run (:func:`run_scheduler`), in one transaction:

1. **SLA reminder**: a referral still waiting for an answer after its
   ``respond_by`` day reminds the receiving office (``sla.overdue``);
2. **SLA escalation**: ``sla_escalation_days`` after that it is flagged to
   the coordinators of the referral's working groups (``sla.escalated``);
3. **plugin reminders** scheduled for today or earlier are delivered;
4. **daily digests** are written for the users who chose one
   (:mod:`core.notifications.digest`).

Each SLA message is recorded as a ``sent`` reminder row, unique per referral
and code, so a referral is reminded and escalated once. The worker runs the
scheduler every ``scheduler_interval_seconds``; on PostgreSQL an advisory
lock lets one worker at a time do it. Each step takes at most ``batch``
items a run, so that a run's transaction stays short (SQLite has one writer);
:func:`run_until_done` runs again while a step had more to do.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import exists, select, text
from sqlalchemy.orm import selectinload

from core import clock
from core.app import hub
from core.db import db
from core.notifications import audience
from core.notifications.announce import (
    REFERRAL_ESCALATED,
    REFERRAL_OVERDUE,
    REMINDER,
    about_referral,
    tell_office,
    tell_people,
)
from core.notifications.digest import send_digests
from core.notifications.models import Reminder
from core.referrals.lifecycle import AWAITING_RESPONSE
from core.referrals.models import Referral

log = logging.getLogger(__name__)

SLA_OVERDUE = "sla.overdue"
SLA_ESCALATED = "sla.escalated"
#: the reminders' kind of news, by code (the plugins' are all REMINDER)
_SLA_KINDS = {SLA_OVERDUE: REFERRAL_OVERDUE, SLA_ESCALATED: REFERRAL_ESCALATED}
# Any constant: the advisory lock's key ("rh-sched").
LOCK_KEY = 0x72682D7363686564


@dataclass
class SchedulerResult:
    overdue: int = 0
    escalated: int = 0
    reminders: int = 0
    digests: int = 0
    skipped: bool = False  # another worker holds the scheduler's lock

    def add(self, other: SchedulerResult) -> None:
        self.overdue += other.overdue
        self.escalated += other.escalated
        self.reminders += other.reminders
        self.digests += other.digests
        self.skipped = self.skipped or other.skipped

    def full(self, batch: int) -> bool:
        """Whether a step took a whole batch (so there may be more)."""
        return batch in (self.overdue, self.escalated, self.reminders, self.digests)


#: Items per step and run: about a second's transaction on SQLite (bench/bench_scheduler.py).
BATCH = 200


def run_until_done(batch: int = BATCH, stop: threading.Event | None = None) -> SchedulerResult:
    """Run the scheduler again and again while a step had a whole batch to do
    (a backlog, e.g. after the worker was down); the results added up."""
    total = SchedulerResult()
    while True:
        result = run_scheduler(batch)
        total.add(result)
        if result.skipped or not result.full(batch) or (stop is not None and stop.is_set()):
            return total


def run_scheduler(batch: int = BATCH) -> SchedulerResult:
    """Write what is due now and commit. Needs an application context."""
    if not _lock():
        db.session.rollback()
        return SchedulerResult(skipped=True)
    today = clock.today()
    escalate_before = today - timedelta(days=hub().settings.sla_escalation_days)
    result = SchedulerResult(
        overdue=_unanswered(SLA_OVERDUE, "receiver", today, batch),
        escalated=_unanswered(SLA_ESCALATED, "coordinators", escalate_before, batch),
        reminders=_due_reminders(today, batch),
        digests=send_digests(clock.now(), batch),
    )
    db.session.commit()
    return result


def deliver(reminder: Reminder) -> None:
    """Announce one reminder to its audience (in the caller's transaction)."""
    referral = reminder.referral
    kind = _SLA_KINDS.get(reminder.code, REMINDER)
    about = about_referral(referral) | {"due_on": reminder.due_on.isoformat()}
    if reminder.title:
        about["title"] = reminder.title
    if reminder.code in _SLA_KINDS:
        about["respond_by"] = referral.respond_by.isoformat()
    if reminder.audience == "receiver":
        tell_office(referral, kind, about, reminder)
    elif reminder.audience == "sender":
        tell_people(audience.sender_people(referral), referral, kind, about, reminder)
    else:  # coordinators see figures, not referrals: their link is the overdue list
        about |= {
            "link": f"/cooperation/overdue?institution={referral.to_institution_id}",
            "institution": referral.to_institution.name,
        }
        coordinators = audience.coordinators(referral)
        if not coordinators:
            log.warning(
                "scheduler: no coordinator of a working group that both institutions of"
                " referral %s share hears of its escalation",
                referral.id,
            )
        tell_people(coordinators, referral, kind, about, reminder)
    reminder.status, reminder.sent_at = "sent", clock.now()


def _unanswered(code: str, to: str, due_before: date, batch: int) -> int:
    """Remind ``to`` of the referrals still waiting for an answer whose
    ``respond_by`` is before ``due_before`` and that ``code`` has not reminded."""
    already = exists().where(Reminder.referral_id == Referral.id, Reminder.code == code)
    referrals = db.session.scalars(
        select(Referral)
        .where(Referral.status.in_(AWAITING_RESPONSE), Referral.respond_by < due_before, ~already)
        .options(selectinload(Referral.to_office), selectinload(Referral.to_institution))
        .order_by(Referral.respond_by, Referral.id)
        .limit(batch)
    ).all()
    for referral in referrals:
        reminder = Reminder(
            referral=referral,
            code=code,
            audience=to,
            due_on=referral.respond_by + timedelta(days=1),
            created_at=clock.now(),
        )
        db.session.add(reminder)
        deliver(reminder)
    return len(referrals)


def _due_reminders(today: date, batch: int) -> int:
    reminders = db.session.scalars(
        select(Reminder)
        .where(Reminder.status == "scheduled", Reminder.due_on <= today)
        .order_by(Reminder.due_on, Reminder.id)
        .limit(batch)
    ).all()
    for reminder in reminders:
        deliver(reminder)
    return len(reminders)


def _lock() -> bool:
    """On PostgreSQL, this transaction's advisory lock (so one worker
    schedules at a time); SQLite runs one worker, and its writes serialise."""
    if db.session.get_bind().dialect.name != "postgresql":
        return True
    return bool(
        db.session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    )
