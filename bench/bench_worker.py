"""The notification worker's e-mails per second, against plain smtplib.

    .venv/bin/python -m bench.bench_worker [--database-url URL] [--messages 1000] [--batch 50]

Both send to the same local SMTP sink (aiosmtpd, in this process): the ceiling
sends ``--messages`` ready-made e-mails over one ``smtplib`` connection
(``send_message``, as the issue measured it; and, for reference, the same
e-mail as ready bytes with ``sendmail``, the transport alone); the worker
drains an outbox of as many referral e-mails (written as the API writes them,
through ``enqueue``), a batch at a time: claiming, rendering, sending over one
connection and recording the batch's outcomes in one transaction. Prints the
rates, the worker's ratio to the ceiling, and its statements per message.
"""

from __future__ import annotations

import smtplib
import time
from dataclasses import replace
from email.policy import SMTP
from typing import Any

from sqlalchemy import event, func, select

from bench import volume
from core.db import db
from core.notifications.email import build_email
from core.notifications.models import OutboxMessage
from core.notifications.outbox import enqueue
from core.notifications.worker import Worker
from tests.notifications.conftest import SmtpSink, free_port

MAIL_FROM = "Referral Hub <referrals@hub.example>"


def fill_outbox(count: int) -> None:
    """``count`` 'referral sent' e-mails to offices, in the four UI languages."""
    languages = ("ro", "en", "uk", "cs")
    for i in range(count):
        enqueue(
            f"office{i % 40}@ajofm.example",
            "referral_sent",
            languages[i % len(languages)],
            reference=f"R-B{i:07d}",
            service="labour_agency.job_seeker_registration",
            status="requested",
            respond_by="2026-11-09",
            link=f"/referrals/{i:032x}",
        )
        if i % 1000 == 999:
            db.session.commit()
    db.session.commit()


def main() -> None:
    parser = volume.arguments(__doc__.split("\n")[0], repeat=1)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    sink = SmtpSink(free_port())
    sink.start()
    app = volume.empty_app(args.database_url)
    hub = app.extensions["referral_hub"]
    hub.settings = replace(
        hub.settings, smtp_host="127.0.0.1", smtp_port=sink.port, mail_from=MAIL_FROM
    )
    try:
        with app.app_context():
            fill_outbox(args.messages)
            settings = hub.settings
            sample = db.session.scalars(select(OutboxMessage).limit(1)).one()
            ready = build_email(sample, settings)
            started = time.perf_counter()
            with smtplib.SMTP("127.0.0.1", sink.port) as plain:
                for _ in range(args.messages):
                    plain.send_message(ready, "referrals@hub.example", [sample.recipient])
            ceiling = args.messages / (time.perf_counter() - started)
            raw = ready.as_bytes(policy=SMTP)
            started = time.perf_counter()
            with smtplib.SMTP("127.0.0.1", sink.port) as plain:
                for _ in range(args.messages):
                    plain.sendmail("referrals@hub.example", [sample.recipient], raw)
            transport = args.messages / (time.perf_counter() - started)

            statements = [0]

            def count(*_: Any) -> None:
                statements[0] += 1

            event.listen(db.engine, "before_cursor_execute", count)
            worker = Worker(batch=args.batch)
            started = time.perf_counter()
            sent = 0
            while claimed := worker.run_once():
                sent += claimed.sent
                if not claimed.claimed:
                    break
            elapsed = time.perf_counter() - started
            event.remove(db.engine, "before_cursor_execute", count)
            pending = db.session.scalar(
                select(func.count()).where(OutboxMessage.status == "pending")
            )
            assert sent == args.messages and not pending, (sent, pending)
            dialect = db.engine.dialect.name
    finally:
        sink.stop()
    rate = sent / elapsed
    print(f"{dialect}: {args.messages} e-mails, batches of {args.batch}")
    print(f"  plain smtplib, one connection     {ceiling:8.0f} e-mails/s")
    print(f"  ... the same as ready bytes       {transport:8.0f} e-mails/s")
    print(f"  the worker                        {rate:8.0f} e-mails/s")
    print(f"  ratio to plain smtplib            {rate / ceiling:8.3f}")
    print(f"  ratio to ready bytes              {rate / transport:8.3f}")
    print(f"  SQL statements per e-mail         {statements[0] / sent:8.1f}")


if __name__ == "__main__":
    main()
