"""The ``referral-hub`` command: a Flask CLI group with the hub's commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from flask.cli import FlaskGroup, ScriptInfo, get_debug_flag, pass_script_info, with_appcontext
from sqlalchemy import select

from core.app import create_app, hub
from core.db import db
from core.errors import Problem
from core.institutions.models import Institution
from core.plugins import plugin_overview
from core.settings import load_settings


def _problems_as_click_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Print a service error's message and field errors, roll back, exit 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except Problem as exc:
            db.session.rollback()
            lines = [exc.detail] + [
                f"  {field}: {'; '.join(msgs)}" for field, msgs in exc.errors.items()
            ]
            raise click.ClickException("\n".join(lines)) from None

    return wrapper


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False)
def main() -> None:
    """Referral Hub: inter-agency referrals for a county support working group."""


# --- database ------------------------------------------------------------------


@main.group("db")
def db_group() -> None:
    """The database schema (Alembic migrations)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Create or migrate the schema."""
    from core.schema import upgrade

    upgrade(revision)
    click.echo(f"Database at {revision}.")


# --- directory -----------------------------------------------------------------


@main.group("network")
def network_group() -> None:
    """The working-group network: institutions, offices, contact points."""


@network_group.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
@_problems_as_click_errors
def network_load(file: Path) -> None:
    """Load or update a network from a TOML FILE (running it twice changes nothing)."""
    from core.institutions.network import load_network

    changes = load_network(file)
    db.session.commit()
    click.echo(f"Loaded {file}: {changes['created']} created, {changes['updated']} updated.")


def _institution(slug: str | None) -> Institution | None:
    if slug is None:
        return None
    institution = db.session.scalar(select(Institution).where(Institution.slug == slug))
    if institution is None:
        raise click.BadParameter(f"No institution with slug {slug!r}.", param_hint="--institution")
    return institution


@main.group("users")
def users_group() -> None:
    """User accounts."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role",
    required=True,
    type=click.Choice(["centre_staff", "agency_officer", "coordinator", "admin"]),
)
@click.option(
    "--institution", "institution_slug", help="The institution's slug (all roles but admin)."
)
@click.option(
    "--password-stdin", is_flag=True, required=True, help="Read the password from standard input."
)
@with_appcontext
@_problems_as_click_errors
def users_create(
    email: str, name: str, role: str, institution_slug: str | None, password_stdin: bool
) -> None:
    """Create a user and print its id."""
    from core.auth.service import create_user

    password = sys.stdin.readline().rstrip("\n")
    user = create_user(email, name, role, _institution(institution_slug), password)
    db.session.commit()
    click.echo(user.id)


@main.group("tokens")
def tokens_group() -> None:
    """API tokens."""


@tokens_group.command("create")
@click.option("--institution", "institution_slug", required=True, help="The institution's slug.")
@click.option("--name", default="", help="What the token is for, e.g. the system using it.")
@with_appcontext
@_problems_as_click_errors
def tokens_create(institution_slug: str, name: str) -> None:
    """Create an institution API token and print it (once: it is stored hashed)."""
    from core.auth.service import issue_token

    token, _ = issue_token(institution=_institution(institution_slug), name=name)
    db.session.commit()
    click.echo(token)


@main.group("plugins")
def plugins_group() -> None:
    """Institution plugins."""


@plugins_group.command("list")
@with_appcontext
def plugins_list() -> None:
    """The plugins found, their kinds and services, enabled or not."""
    state = hub()
    for plugin in plugin_overview(state.plugins, state.catalogue):
        click.echo(f"{plugin.name} ({'enabled' if plugin.enabled else 'disabled'})")
        for code in plugin.kinds:
            click.echo(f"  kind     {code}")
        for code in plugin.services:
            click.echo(f"  service  {code}")


# --- demo and serving --------------------------------------------------------------


@main.command("demo")
@click.option("--reset", is_flag=True, help="Start again from an empty database.")
@with_appcontext
@_problems_as_click_errors
def demo(reset: bool) -> None:
    """Prepare a ready demo (migrate, Region 5 network, users, data) and exit."""
    from core.demo import prepare_demo

    for line in prepare_demo(reset=reset):
        click.echo(line)


@main.command("demo-serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--mail-port", default=8025, show_default=True, type=int, help="The mail sink's port."
)
def demo_serve(host: str, port: int, mail_port: int) -> None:
    """Serve the demo: web server, notification worker and mail sink in one process.

    The worker sends every e-mail to the sink (never to a real server), which
    keeps them for the web UI's demo mailbox. Ctrl-C or SIGTERM stops all three.
    Refused when env is production.
    """
    from core.demo_serve import serve_demo

    try:
        serve_demo(host, port, mail_port, echo=click.echo)
    except RuntimeError as exc:  # production (SinkRefused), or a wrong setting
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # a port in use
        raise click.ClickException(f"Cannot listen: {exc}") from None


@main.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--threads", default=8, type=int, help="Windows (waitress) only.")
def serve(host: str, port: int, threads: int) -> None:
    """Serve with the production server: gunicorn's sync workers (``web_workers``
    of them), or waitress on Windows, where gunicorn does not run."""
    if sys.platform == "win32":
        from waitress import serve as waitress_serve

        from core.serving import WAITRESS_IDENT

        waitress_serve(create_app(), host=host, port=port, threads=threads, ident=WAITRESS_IDENT)
        return
    from core.serving import serve_gunicorn

    try:
        settings = load_settings()
    except RuntimeError as exc:  # a wrong setting: said here, not by every worker
        raise click.ClickException(str(exc)) from None
    serve_gunicorn(create_app, host, port, settings)


@main.command("run")
@click.option("--host", "-h", default="127.0.0.1", show_default=True)
@click.option("--port", "-p", default=5000, show_default=True, type=int)
@click.option("--reload/--no-reload", default=None, help="Default: on with --debug.")
@click.option("--debugger/--no-debugger", default=None, help="Default: on with --debug.")
@pass_script_info
def run(info: ScriptInfo, host: str, port: int, reload: bool | None, debugger: bool | None) -> None:
    """Serve with the development server (Flask's, without its Server header)."""
    from werkzeug.serving import run_simple

    from core.serving import QuietRequestHandler

    debug = get_debug_flag()
    run_simple(
        host,
        port,
        info.load_app(),
        use_reloader=debug if reload is None else reload,
        use_debugger=debug if debugger is None else debugger,
        threaded=True,
        request_handler=QuietRequestHandler,
    )


# --- notifications -------------------------------------------------------------------


@main.command("worker")
@click.option(
    "--once",
    is_flag=True,
    help="Run the scheduler, deliver one batch of due messages, then exit.",
)
@click.option(
    "--batch", default=50, show_default=True, type=click.IntRange(1), help="Messages per claim."
)
@with_appcontext
def worker(once: bool, batch: int) -> None:
    """Deliver the notification outbox (e-mail), retrying with backoff, and
    run the scheduler (SLA reminders and escalations, reminders, digests).

    Stops cleanly on SIGTERM or SIGINT: the message being sent is finished
    and recorded first. Several workers may run on PostgreSQL; run one on SQLite.
    """
    import signal

    from core.notifications.scheduler import run_until_done
    from core.notifications.worker import Worker

    runner = Worker(batch=batch)
    if once:
        _echo_scheduled(run_until_done())
        result = runner.run_once()
        purged = f" Deleted {result.purged} old sent message(s)." if result.purged else ""
        click.echo(
            f"Claimed {result.claimed}: {result.sent} sent, {result.retrying} to retry,"
            f" {result.dead} dead.{purged}"
        )
        return

    def stop(signum: int, frame: object) -> None:
        runner.stop.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"Worker started (batch {batch}); stop with SIGTERM or Ctrl-C.")
    runner.run()
    click.echo("Worker stopped.")


@main.group("reminders")
def reminders_group() -> None:
    """Reminders, SLA escalations and daily digests (the worker runs them too)."""


@reminders_group.command("run")
@with_appcontext
def reminders_run() -> None:
    """Write what is due now into the outbox, once (e.g. from cron)."""
    from core.notifications.scheduler import run_until_done

    _echo_scheduled(run_until_done())


def _echo_scheduled(result: Any) -> None:
    if result.skipped:
        click.echo("Another worker is running the scheduler; nothing done.")
        return
    click.echo(
        f"Scheduled: {result.overdue} overdue reminder(s), {result.escalated} escalation(s),"
        f" {result.reminders} reminder(s), {result.digests} digest(s)."
    )


@main.group("outbox")
def outbox_group() -> None:
    """The notification outbox."""


@outbox_group.command("replay")
@click.argument("key", metavar="ID")
@with_appcontext
@_problems_as_click_errors
def outbox_replay(key: str) -> None:
    """Send a dead message again (by its id or message id), with the same message id."""
    from core.notifications.outbox import replay

    message = replay(key)
    db.session.commit()
    click.echo(f"Message {message.message_id} is pending again.")


@outbox_group.command("purge")
@click.option(
    "--days",
    type=click.IntRange(1),
    help="Keep messages of the last DAYS days (default: the outbox_keep_days setting).",
)
@click.option("--dead", is_flag=True, help="Delete old dead messages too (never replayed).")
@with_appcontext
def outbox_purge(days: int | None, dead: bool) -> None:
    """Delete messages sent more than outbox_keep_days ago (for cron; the worker
    also does it once an hour). Dead messages stay unless --dead is given."""
    from core.notifications.outbox import purge

    keep = days or hub().settings.outbox_keep_days
    count = purge(keep, dead=dead)
    db.session.commit()
    what = "sent or dead" if dead else "sent"
    click.echo(f"Deleted {count} {what} message(s) older than {keep} days.")


# --- retention -------------------------------------------------------------------------


@main.group("retention")
def retention_group() -> None:
    """Erasing the personal data the hub no longer needs (the worker runs it daily)."""


@retention_group.command("run")
@click.option("--dry-run", is_flag=True, help="Only count the people who would be erased.")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The day to count retention_days back from, YYYY-MM-DD (default: today; not later).",
)
@with_appcontext
def retention_run(dry_run: bool, as_of: Any) -> None:
    """Erase the personal data of every beneficiary whose last referral ended
    more than retention_days before the day, and who has no open referral
    (someone never referred: whose record was last changed that long ago)."""
    from core import clock
    from core.retention import run_retention

    day = as_of.date() if as_of is not None else clock.today()
    if day > clock.today():
        raise click.BadParameter(
            "cannot be later than today: that would erase data still within retention_days.",
            param_hint="'--as-of'",
        )
    result = run_retention(day, dry_run=dry_run)
    if result.skipped:
        click.echo("Another retention run holds the lock; nothing done.")
        return
    ended = f"ended before {result.cutoff.isoformat()}"
    if dry_run:
        click.echo(f"Dry run: {result.due} beneficiaries would be erased ({ended}).")
    else:
        click.echo(
            f"Erased {result.erased} beneficiaries and cleared {result.referrals} referrals"
            f" ({ended})."
        )


# --- statistics ------------------------------------------------------------------------


@main.group("stats")
def stats_group() -> None:
    """The cooperation figures' rollup, kept by every change of a referral."""


@stats_group.command("rebuild")
@click.option("--check", is_flag=True, help="Only compare the rollup with a recomputation.")
@with_appcontext
def stats_rebuild(check: bool) -> None:
    """Recompute the cooperation figures from the referrals and report every
    difference from the stored rollup; without --check, replace the rollup.
    With --check, exits with status 1 when they differ."""
    from core.db import db
    from core.stats import rollup

    if check:
        differences = rollup.check(db.session)
        for line in differences[:50]:
            click.echo(line)
        if differences:
            more = " (the first 50 shown)" if len(differences) > 50 else ""
            click.echo(f"{len(differences)} rows of the rollup differ{more}.", err=True)
            raise SystemExit(1)
        click.echo("The rollup matches the referrals.")
        return
    differing = rollup.rebuild(db.session)
    db.session.commit()
    click.echo(f"Rebuilt the rollup from the referrals; {differing} rows had differed.")


# --- the demo's mail ----------------------------------------------------------------------


@main.command("mail-sink")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="The Maildir to keep mail in (default: mail_sink_dir, else instance/demo-mail).",
)
@with_appcontext
def mail_sink(host: str, port: int, folder: Path | None) -> None:
    """A local SMTP server for the demo: keeps every e-mail, for any address,
    and prints one line per mail. Stops on SIGTERM or Ctrl-C. Refused when env
    is production."""
    import signal
    import threading

    from core.notifications.demo_mail import (
        SinkRefused,
        mailbox_dir,
        refuse_in_production,
        running_sink,
    )

    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        refuse_in_production(hub().settings)
        folder = folder or mailbox_dir()
        with running_sink(folder, host, port, echo=click.echo):
            click.echo(f"Mail sink on {host}:{port}, keeping mail in {folder}; stop with Ctrl-C.")
            stopping.wait()
    except SinkRefused as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"Cannot listen on {host}:{port}: {exc}") from None
    click.echo("Mail sink stopped.")
