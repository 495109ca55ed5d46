"""The demo's mail: ``referral-hub mail-sink`` (a real SMTP server keeping a
Maildir), and the demo mailbox pages that read it in development: who sees
which mail, plain text only (escaped), and 404 outside development."""

from __future__ import annotations

import mailbox
import os
import re
import signal
import smtplib
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from core.cli import main
from core.notifications.demo_mail import running_sink
from tests.notifications.conftest import free_port, mail_config, work
from tests.web.conftest import WebSession

REFERRAL_HUB = Path(sys.executable).parent / "referral-hub"
OFFICE_INBOX = "referrals@ajofm-tm.example"  # AJOFM Timiș's main office (region5.toml)
TITLE_RO = "Înregistrarea ca persoană în căutarea unui loc de muncă"


def a_mail(to: str, subject: str = "Referral R-TEST: Accepted", text: str = "Hello.\n"):
    mail = EmailMessage()
    mail["From"] = "hub@hub.example"
    mail["To"] = to
    mail["Subject"] = subject
    mail.set_content(text)
    mail.add_alternative("<p>HTML part</p><script>alert(1)</script>", subtype="html")
    return mail


# --- the mail-sink command ------------------------------------------------------------------


def test_the_mail_sink_keeps_a_mail_sent_with_smtplib_once_per_recipient_and_prints_a_line(
    migrated, tmp_path
):
    folder, port = tmp_path / "mail", free_port()
    env = {
        **os.environ,
        "REFERRAL_HUB_DATABASE_URL": migrated,
        "REFERRAL_HUB_INSTANCE_PATH": str(tmp_path / "instance"),
        "REFERRAL_HUB_SECRET_KEY": "test-secret",
        "PYTHONUNBUFFERED": "1",
    }
    sink = subprocess.Popen(
        [str(REFERRAL_HUB), "mail-sink", "--port", str(port), "--dir", str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        started = sink.stdout.readline()
        assert f"Mail sink on 127.0.0.1:{port}" in started, started + sink.stderr.read()
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.send_message(
                a_mail("office@any-domain.example"),
                to_addrs=["office@any-domain.example", "officer@elsewhere.test"],
            )
        lines = [sink.stdout.readline().strip() for _ in range(2)]
        sink.send_signal(signal.SIGTERM)
        out, err = sink.communicate(timeout=10)
    finally:
        if sink.poll() is None:
            sink.kill()
            sink.wait()

    assert lines == [
        "Mail to office@any-domain.example: Referral R-TEST: Accepted",
        "Mail to officer@elsewhere.test: Referral R-TEST: Accepted",
    ]
    assert sink.returncode == 0, err
    assert "Mail sink stopped." in out
    stored = sorted(m["Delivered-To"] for m in mailbox.Maildir(folder).values())
    assert stored == ["office@any-domain.example", "officer@elsewhere.test"]


def test_the_mail_sink_refuses_to_start_in_production(make_app, tmp_path):
    app = make_app(config={"env": "production", "mail_sink_dir": str(tmp_path / "mail")})

    result = app.test_cli_runner().invoke(main, ["mail-sink", "--port", str(free_port())])

    assert result.exit_code == 1
    assert "does not run when env is production" in result.output
    assert not (tmp_path / "mail").exists()


def test_demo_serve_refuses_to_start_in_production(migrated, tmp_path):
    env = {
        **os.environ,
        "REFERRAL_HUB_ENV": "production",
        "REFERRAL_HUB_SECRET_KEY": "a-production-secret",
        "REFERRAL_HUB_DATABASE_URL": migrated,
        "REFERRAL_HUB_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    result = subprocess.run(
        [str(REFERRAL_HUB), "demo-serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "does not run when env is production" in result.stderr


# --- the demo mailbox pages (development) ---------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "demo-mail"


@pytest.fixture
def app(make_app, smtp_port: int, folder: Path):
    """A development app whose worker sends to the demo's sink."""
    return make_app(config=mail_config(smtp_port, env="development", mail_sink_dir=str(folder)))


@pytest.fixture
def sink(smtp_port: int, folder: Path):
    lines: list[str] = []
    with running_sink(folder, "127.0.0.1", smtp_port, echo=lines.append):
        yield lines


def keys(html: str) -> list[str]:
    return re.findall(r'href="/demo-mail/([^"]+)"', html)


def test_a_referral_sent_by_staff_reaches_the_officers_demo_mail(app, desk, web, sink):
    officer = web("agency_officer", "ajofm-timis")
    referral = desk.send()

    work(app)

    # One console line: the recipient and the subject (in the office's language, Romanian).
    assert sink == [f"Mail to {OFFICE_INBOX}: Trimitere nouă {referral['reference']}: {TITLE_RO}"]
    page = officer.get("/demo-mail")
    html = WebSession.text(page)
    assert page.status_code == 200
    assert OFFICE_INBOX in html and referral["reference"] in html
    (key,) = keys(html)
    mail = WebSession.text(officer.get(f"/demo-mail/{key}"))
    assert referral["reference"] in mail
    assert f"/referrals/{referral['id']}" in mail  # the link to open it


def test_each_user_reads_only_their_own_and_their_institutions_mail(app, desk, web, sink):
    officer = web("agency_officer", "ajofm-timis")
    other_officer = web("agency_officer", "cjas-timis")
    staff = web("centre_staff", "crim-timisoara")
    admin = web("admin")
    with smtplib.SMTP("127.0.0.1", app.extensions["referral_hub"].settings.smtp_port) as smtp:
        smtp.send_message(a_mail(OFFICE_INBOX, "To the office"))
        smtp.send_message(a_mail(officer.email, "To the officer"))
        smtp.send_message(a_mail(staff.email, "To the staff member"))

    def subjects(session: WebSession) -> set[str]:
        html = WebSession.text(session.get("/demo-mail"))
        return {s for s in ("To the office", "To the officer", "To the staff member") if s in html}

    assert subjects(officer) == {"To the office", "To the officer"}
    assert subjects(staff) == {"To the staff member"}
    assert subjects(other_officer) == set()
    assert subjects(admin) == {"To the office", "To the officer", "To the staff member"}

    for key in keys(WebSession.text(admin.get("/demo-mail"))):
        assert admin.get(f"/demo-mail/{key}").status_code == 200
        assert other_officer.get(f"/demo-mail/{key}").status_code == 404
    assert officer.get("/demo-mail/no-such-key").status_code == 404
    assert officer.get("/demo-mail/..%2f..%2fsecret_key").status_code == 404


def test_a_mail_is_shown_as_escaped_plain_text_never_its_html(app, web, sink):
    admin = web("admin")
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    with smtplib.SMTP("127.0.0.1", app.extensions["referral_hub"].settings.smtp_port) as smtp:
        smtp.send_message(a_mail("someone@hub.example", f"Subject {hostile}", f"Text {hostile}\n"))

    (key,) = keys(WebSession.text(admin.get("/demo-mail")))
    html = WebSession.text(admin.get(f"/demo-mail/{key}"))

    assert "<script>" not in html and "<b>bold</b>" not in html and "HTML part" not in html
    assert (
        "Text &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    )


def test_the_admins_mail_page_lists_the_demo_mailbox_in_development(app, web, sink):
    admin = web("admin")
    with smtplib.SMTP("127.0.0.1", app.extensions["referral_hub"].settings.smtp_port) as smtp:
        smtp.send_message(a_mail("someone@hub.example", "Referral R-ABC: Completed"))

    html = WebSession.text(admin.get("/admin/mail"))

    section = html.split("Demo mailbox")[1]
    assert "someone@hub.example" in section and "Referral R-ABC: Completed" in section
    assert len(keys(section)) == 1
    assert 'href="/demo-mail">All demo mail' in section


def test_the_header_links_the_demo_mail_in_development(app, web):
    officer = web("agency_officer", "ajofm-timis")
    assert 'href="/demo-mail"' in WebSession.text(officer.get("/notifications"))


def test_an_empty_or_missing_mailbox_says_there_is_no_mail_yet(app, web):
    officer = web("agency_officer", "ajofm-timis")

    html = WebSession.text(officer.get("/demo-mail"))

    assert "No mail yet." in html
