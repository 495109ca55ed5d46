"""``referral-hub demo-serve``: the demo's web server, notification worker and
mail sink in one process (``make demo`` runs it after ``referral-hub demo``).

One process with three threads, so that Ctrl-C (or SIGTERM) stops all three
and nothing is left running: the web server stops taking requests, the worker
finishes the message it is sending, the sink closes its port. The worker's
mail always goes to the sink here, whatever the SMTP settings or variables
say: a demo must never e-mail the made-up addresses (or real ones) of its
network. It refuses to run when ``env`` is ``production``.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask
from werkzeug.serving import make_server

from core.app import create_app, hub
from core.notifications.demo_mail import mailbox_dir, refuse_in_production, running_sink
from core.serving import QuietRequestHandler

#: The worker polls often in the demo, so that a mail shows within a second or two.
POLL_SECONDS = 1


def demo_settings(host: str, port: int, mail_port: int) -> dict[str, Any]:
    """Settings that point the worker at the sink and e-mail links at this server."""
    return {
        "smtp_host": "127.0.0.1",
        "smtp_port": mail_port,
        "smtp_security": "none",
        "smtp_username": "",
        "smtp_password": "",
        "worker_poll_seconds": POLL_SECONDS,
        "public_url": f"http://{host}:{port}",
    }


def serve_demo(host: str, port: int, mail_port: int, echo: Callable[[str], Any] = print) -> None:
    """Run the web server, the worker and the sink until SIGINT or SIGTERM."""
    app = create_app(demo_settings(host, port, mail_port))
    with app.app_context():
        refuse_in_production(hub().settings)
        folder = mailbox_dir()
    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())

    server = make_server(
        host, port, app, threaded=True, request_handler=QuietRequestHandler
    )  # binds now: a taken port fails here
    worker_stop = threading.Event()
    with running_sink(folder, "127.0.0.1", mail_port, echo):
        echo(f"Mail sink on 127.0.0.1:{mail_port}, keeping mail in {folder}")
        worker = threading.Thread(
            target=_work, args=(app, worker_stop), name="outbox-worker", daemon=True
        )
        worker.start()
        echo(f"Notification worker started (polls every {POLL_SECONDS} s), sending to the sink.")
        web = threading.Thread(target=server.serve_forever, name="web", daemon=True)
        web.start()
        echo(f"Serving http://{host}:{port}; Ctrl-C stops the server, the worker and the sink.")
        try:
            stopping.wait()
        finally:
            server.shutdown()
            web.join()
            worker_stop.set()
            worker.join(timeout=60)
    echo("Stopped.")


def _work(app: Flask, stop: threading.Event) -> None:
    from core.notifications.worker import Worker

    with app.app_context():
        Worker(stop=stop).run()
