"""The recorder handed to ``referral_hub_referral_status_changed``.

A plugin puts facts on a referral's timeline ("paid coverage ends on
2027-05-01; remind on 2027-04-17") without touching the database itself; the
facts are written in the transition's transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.db import db
from core.referrals.models import Referral, ReferralEvent


class Timeline:
    def __init__(self, referral: Referral, at_factory: Callable[[], Any], source: str) -> None:
        self._referral = referral
        self._now = at_factory
        self.source = source

    def record(
        self, code: str, data: dict[str, Any] | None = None, note: str | None = None
    ) -> None:
        """Add a fact to the timeline. ``code`` names it (e.g. ``coverage_ends``);
        ``data`` must be JSON-serialisable (dates as ISO strings)."""
        db.session.add(
            ReferralEvent(
                referral_id=self._referral.id,
                kind="plugin",
                at=self._now(),
                reason_code=code,
                note=note,
                data=dict(data or {}),
                source=self.source,
            )
        )
