"""Measure the scheduler at volume: working through a backlog of unanswered
referrals, and the run every worker makes each minute when nothing is due.

    .venv/bin/python -m bench.bench_scheduler [--referrals 20000] [--database-url URL]

Seeds a throw-away database like ``bench.bench_api`` (same rows: a fifth of
them still waiting for an answer, most long overdue), then runs the scheduler
until the backlog is done, printing each run (at most ``--batch`` reminders
and as many escalations, with their e-mails and in-app notifications), and
then times the idle run.
"""

from __future__ import annotations

import time

from sqlalchemy import func, select

from bench import timing, volume
from bench.bench_api import seed
from core.db import db
from core.notifications.models import Notification, OutboxMessage
from core.notifications.scheduler import BATCH, run_scheduler


def main() -> None:
    parser = volume.arguments(__doc__, repeat=20)
    parser.add_argument("--batch", type=int, default=BATCH)
    args = parser.parse_args()
    app = volume.empty_app(args.database_url)
    with app.app_context():
        seed(args.referrals, args.beneficiaries)
        print(f"{db.engine.dialect.name}: {args.referrals} referrals, {args.beneficiaries} people")
        runs = 0
        while True:
            start = time.perf_counter()
            result = run_scheduler(batch=args.batch)
            elapsed = (time.perf_counter() - start) * 1000
            if not (result.overdue or result.escalated or result.reminders):
                break
            runs += 1
            print(
                f"backlog run {runs:3}: {result.overdue:4} reminded, {result.escalated:4} escalated"
                f"   {elapsed:8.1f} ms"
            )
        outbox = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        notes = db.session.scalar(select(func.count()).select_from(Notification))
        print(f"after the backlog: {outbox} outbox rows, {notes} notifications")

        def idle() -> int:
            run_scheduler(batch=args.batch)
            return 200

        timing.measure("scheduler run, nothing due", idle, args.repeat)


if __name__ == "__main__":
    main()
