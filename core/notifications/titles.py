"""What each kind of news is called, in the reader's language: the web's
notification list and the e-mail digest show the same words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.notifications.announce import (
    APPOINTMENT_CLEARED,
    APPOINTMENT_SET,
    REFERRAL_ASSIGNED,
    REFERRAL_CANCELLED,
    REFERRAL_ESCALATED,
    REFERRAL_FORWARDED,
    REFERRAL_OVERDUE,
    REFERRAL_SENT,
    REMINDER,
    STATUS_CHANGED,
)

NEWS_TITLES = {
    REFERRAL_SENT: _l("New referral for your institution"),
    STATUS_CHANGED: _l("New status of a referral you sent"),
    REFERRAL_CANCELLED: _l("The sender cancelled the referral"),
    REFERRAL_OVERDUE: _l("The referral is waiting for your answer"),
    REFERRAL_ESCALATED: _l("A referral is unanswered past its deadline"),
    REMINDER: _l("Reminder"),
    REFERRAL_ASSIGNED: _l("A referral was assigned to you"),
    REFERRAL_FORWARDED: _l("A referral was forwarded to your office"),
    APPOINTMENT_SET: _l("An appointment was made for a referral you sent"),
    APPOINTMENT_CLEARED: _l("The appointment of a referral you sent was cancelled"),
}


def news_title(kind: str) -> str:
    return str(NEWS_TITLES.get(kind, kind))
