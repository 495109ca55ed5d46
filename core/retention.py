"""The retention job: erase the personal data of people the hub no longer needs.

A beneficiary is **due** on a day when nothing of theirs is open or recent:
no referral is open (a draft counts as open) or ended on or after the
cut-off (``retention_days`` before the day), and, for someone never referred,
the record itself was last changed before the cut-off. A household head stays
while a member of the household who is not due stays (the link is the
member's data too), and so does a guardian while someone they consented for
stays.

Erasing keeps every row that the figures count (referrals with their
statuses and milestones, events with their codes, consents with their kinds,
the audit log's ids) and removes what names the person: names, date of birth
(the birth year stays), contacts, residence document, locality, languages,
household links and relationships, the free text of consents (their note
and the name of the guardian who gave them, and the link to a guardian of
the register), referrals, events and comments
and the reason of an Art. 18 restriction,
the form and outcome fields the plugin marks personal
(:mod:`core.catalogue.personal`), the plugins' timeline facts, the documents
attached to the referrals (their files deleted once the erasure commits, their
rows keeping code, type and size), the stored
answers to inbound status updates and the idempotency records that point to
the person or their referrals. The beneficiary shows ``erased_at``; an erased
person is never due again, so a second run changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import delete, exists, or_, select, text, update

from core import clock
from core.access import Principal
from core.app import hub
from core.audit import audit
from core.beneficiaries.models import Beneficiary, Consent
from core.catalogue.personal import without_personal
from core.db import db
from core.documents.service import erase_documents
from core.idempotency import IdempotencyRecord
from core.inbound.models import InboundEvent
from core.notifications.models import Reminder
from core.referrals.lifecycle import OPEN
from core.referrals.models import Comment, Referral, ReferralEvent

log = logging.getLogger(__name__)

#: who erases, in the audit log
RETENTION = Principal(role="system", institution_id=None, source="retention")
#: people erased per transaction (SQLite has one writer; keep them short)
BATCH = 100
# Any constant: the advisory lock's key ("rh-reten"), one run at a time on PostgreSQL.
LOCK_KEY = 0x72682D726574656E


@dataclass
class RetentionResult:
    as_of: date
    cutoff: date  # data of what ended before this day is erased
    due: int = 0  # people due for erasure
    erased: int = 0  # people erased by this run (0 on a dry run)
    referrals: int = 0  # their referrals, cleared
    skipped: bool = False  # another run holds the lock


def cutoff_for(as_of: date, retention_days: int) -> date:
    """What ended on this day or later is kept: ended *more than*
    ``retention_days`` before ``as_of`` is ended before the cut-off."""
    return as_of - timedelta(days=retention_days)


def due_ids(as_of: date, retention_days: int) -> list[str]:
    """The ids of the beneficiaries due for erasure on ``as_of`` (oldest first)."""
    cutoff = datetime.combine(cutoff_for(as_of, retention_days), time.min, tzinfo=UTC)
    kept_referral = exists().where(
        Referral.beneficiary_id == Beneficiary.id,
        or_(
            Referral.status.in_(OPEN),
            Referral.closed_at.is_(None),
            Referral.closed_at >= cutoff,
        ),
    )
    any_referral = exists().where(Referral.beneficiary_id == Beneficiary.id)
    candidates = set(
        db.session.scalars(
            select(Beneficiary.id).where(
                Beneficiary.erased_at.is_(None),
                ~kept_referral,
                or_(any_referral, Beneficiary.updated_at < cutoff),
            )
        )
    )
    if not candidates:
        return []
    # A head whose household still has someone who is kept stays too.
    heads_of_kept = set(
        db.session.scalars(
            select(Beneficiary.household_head_id).where(
                Beneficiary.household_head_id.in_(candidates),
                Beneficiary.erased_at.is_(None),
                Beneficiary.id.not_in(candidates),
            )
        )
    )
    # So does a guardian who consented for someone who is kept: the consent
    # still shows who gave it.
    guardians_of_kept = set(
        db.session.scalars(
            select(Consent.guardian_id)
            .join(Beneficiary, Beneficiary.id == Consent.beneficiary_id)
            .where(
                Consent.guardian_id.in_(candidates),
                Beneficiary.erased_at.is_(None),
                Beneficiary.id.not_in(candidates),
            )
        )
    )
    return sorted(candidates - heads_of_kept - guardians_of_kept)


def run_retention(
    as_of: date | None = None, *, dry_run: bool = False, batch: int = BATCH
) -> RetentionResult:
    """Erase everyone due on ``as_of`` (default: today), committing every
    ``batch`` people; with ``dry_run`` only count them."""
    as_of = as_of or clock.today()
    days = hub().settings.retention_days
    result = RetentionResult(as_of=as_of, cutoff=cutoff_for(as_of, days))
    if not dry_run and not _lock():
        db.session.rollback()
        result.skipped = True
        return result
    ids = due_ids(as_of, days)
    result.due = len(ids)
    if dry_run:
        db.session.rollback()
        return result
    for start in range(0, len(ids), batch):
        if start and not _lock():  # committing ended the lock's transaction
            result.skipped = True
            break
        for beneficiary_id in ids[start : start + batch]:
            result.referrals += erase(db.session.get(Beneficiary, beneficiary_id))
            result.erased += 1
        db.session.commit()
    if result.erased:
        log.info("retention: erased %d beneficiaries", result.erased)
    return result


def erase(person: Beneficiary) -> int:
    """Erase one person's personal data in the caller's transaction; how many
    of their referrals were cleared."""
    now = clock.now()
    person.given_name = person.family_name = person.name_latin = ""
    person.name_keys = []  # the names' search keys
    person.date_of_birth = None  # birth_year stays
    person.phone = person.email = None
    person.residence_document = None
    person.document_key = person.phone_key = None  # normalised, for search and duplicates
    person.locality = ""
    person.languages = []
    person.household_head_id = person.household_relationship = None
    # employment_status stays: like sex and protection status it names no one,
    # and the programme's figures group by it
    person.restriction_reason = None  # free text staff wrote about the person
    person.erased_at = person.updated_at = now
    db.session.execute(
        update(Beneficiary)
        .where(Beneficiary.household_head_id == person.id)
        .values(household_head_id=None, household_relationship=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Consent)
        .where(Consent.beneficiary_id == person.id)
        .values(note=None, guardian_name=None, guardian_id=None)
        .execution_options(synchronize_session=False)
    )
    referrals = list(
        db.session.scalars(select(Referral).where(Referral.beneficiary_id == person.id))
    )
    for referral in referrals:
        _clear_referral(referral)
    referral_ids = [r.id for r in referrals]
    erase_documents(referral_ids)
    db.session.execute(
        delete(IdempotencyRecord)
        .where(IdempotencyRecord.resource_id.in_([person.id, *referral_ids]))
        .execution_options(synchronize_session=False)
    )
    db.session.flush()
    audit(RETENTION, "erase", "beneficiary", person.id, beneficiary_id=person.id)
    return len(referrals)


def _clear_referral(referral: Referral) -> None:
    service = hub().catalogue.services.get(referral.service_code)
    referral.note = None
    # the appointment's time stays; its place and note are free text
    referral.appointment_place = referral.appointment_note = None
    referral.form = without_personal(service.form_schema if service else None, referral.form)
    for event in db.session.scalars(
        select(ReferralEvent).where(ReferralEvent.referral_id == referral.id)
    ):
        event.note = None
        if event.kind == "plugin":
            event.data = {}  # a plugin's fact may copy anything from the form
        elif event.kind == "appointment":
            event.data = {k: v for k, v in event.data.items() if k == "at"}
        elif event.to_status == "completed":
            outcome = service.outcome_schema if service else None
            event.data = without_personal(outcome, event.data)
    db.session.execute(
        update(Comment)
        .where(Comment.referral_id == referral.id)
        .values(body="")
        .execution_options(synchronize_session=False)
    )
    # The stored answer to an inbound update shows the referral as it was.
    db.session.execute(
        delete(InboundEvent)
        .where(InboundEvent.referral_id == referral.id)
        .execution_options(synchronize_session=False)
    )
    # Nothing about an erased person is worth reminding anyone of.
    db.session.execute(
        update(Reminder)
        .where(Reminder.referral_id == referral.id, Reminder.status == "scheduled")
        .values(status="cancelled")
        .execution_options(synchronize_session=False)
    )


def _lock() -> bool:
    """On PostgreSQL, this transaction's advisory lock (one run at a time);
    SQLite runs one worker, and its writes serialise."""
    if db.session.get_bind().dialect.name != "postgresql":
        return True
    return bool(
        db.session.scalar(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    )
