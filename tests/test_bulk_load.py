"""The benchmarks' bulk loader writes referrals the hub accepts as its own."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import func, select

from bench import bulk_load
from core.auth.models import User
from core.auth.service import issue_token
from core.db import db
from core.referrals.lifecycle import TERMINAL, due_on
from core.referrals.models import Referral, ReferralEvent
from core.stats import rollup


def test_bulk_load_writes_referrals_the_hub_counts_lists_and_moves_through(
    app: Flask, clock
) -> None:
    with app.app_context():
        bulk_load.load(300, clock(), echo=lambda line: None)
        assert rollup.check(db.session) == []
        officer = db.session.scalar(select(User).where(User.email == "officer@bench.example"))
        token, _ = issue_token(user=officer)
        db.session.commit()
        referrals = list(db.session.scalars(select(Referral)))
        last_move = dict(
            db.session.execute(
                select(ReferralEvent.referral_id, ReferralEvent.to_status).order_by(
                    ReferralEvent.at, ReferralEvent.id
                )
            ).all()
        )
        received = db.session.scalar(
            select(func.count())
            .select_from(Referral)
            .where(
                Referral.to_institution_id == officer.institution_id, Referral.sent_at.is_not(None)
            )
        )
    assert len(referrals) == 300
    assert len({r.status for r in referrals}) >= 8  # the lifecycle, terminal ones included
    for r in referrals:
        assert r.next_due_on == due_on(r)
        assert (r.sent_at is None) == (r.status == "draft")
        assert (r.closed_at is not None) == (r.status in TERMINAL)
        assert last_move[r.id] == r.status
        times = [t for t in (r.created_at, r.sent_at, r.received_at, r.closed_at) if t]
        assert times == sorted(times) and times[-1] <= clock()
    response = app.test_client().get(
        "/api/v1/referrals", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.get_json()
    listed = response.get_json()
    assert listed["items"] and len(listed["items"]) == min(received, len(listed["items"]))
