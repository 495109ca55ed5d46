"""The titles of a referral's statuses and priorities in the reader's language,
for every place that shows them to people (web pages, e-mails)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from core.referrals.models import PRIORITIES

# Not imported from core.referrals.lifecycle: it announces through the outbox,
# whose e-mails need these titles.
STATUS_TITLES = {
    "draft": _l("Draft"),
    "requested": _l("Requested"),
    "received": _l("Received"),
    "accepted": _l("Accepted"),
    "in-progress": _l("In progress"),
    "on-hold": _l("On hold"),
    "completed": _l("Completed"),
    "failed": _l("Failed"),
    "rejected": _l("Rejected"),
    "cancelled": _l("Cancelled"),
}
PRIORITY_TITLES = {"normal": _l("Normal"), "urgent": _l("Urgent")}
assert set(PRIORITY_TITLES) == set(PRIORITIES)


def status_title(status: str) -> str:
    return str(STATUS_TITLES.get(status, status))


def priority_title(priority: str) -> str:
    return str(PRIORITY_TITLES.get(priority, priority))
