"""The hub's own servers started for real (``referral-hub serve`` / ``run``) on
a free loopback port, for tests of what only a real server shows: its headers
and its request log."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.notifications.conftest import free_port

COMMAND = Path(sys.executable).parent / "referral-hub"


def server_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REFERRAL_HUB_DATABASE_URL": f"sqlite:///{tmp_path / 'hub.sqlite3'}",
        "REFERRAL_HUB_INSTANCE_PATH": str(tmp_path / "instance"),
        "PYTHONUNBUFFERED": "1",
    }


def served(
    args: list[str], tmp_path: Path, paths: list[str]
) -> tuple[list[http.client.HTTPResponse], str]:
    """Start ``referral-hub ARGS --port N``, GET each path once it listens, stop
    it; the answers and what the server wrote (its stderr, then its stdout)."""
    port = free_port()
    server = subprocess.Popen(
        [str(COMMAND), *args, "--port", str(port)],
        env=server_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        answers = [_answer(server, port, path) for path in paths]
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    return answers, err + out


def _answer(server: subprocess.Popen, port: int, path: str) -> http.client.HTTPResponse:
    while True:
        if server.poll() is not None:
            pytest.fail(server.communicate()[1])
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", path)
        except ConnectionRefusedError:
            connection.close()
            continue
        response = connection.getresponse()
        response.read()
        connection.close()
        return response
