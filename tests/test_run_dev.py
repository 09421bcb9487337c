"""`make run` stops everything it started, whatever the signal (scripts/run-dev through `make serve`).

Each case starts the real thing — GNU make, runserver and a Celery worker with its embedded beat on the
file broker — in a session of its own, stops it the way a person or a service manager would, and then
counts the processes left in that session. Before the supervisor, a SIGTERM to `make` left the worker,
its beat and runserver running (bash runs a trap only after its foreground child exits).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_scheduling_support import free_port

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parent.parent
STOP_WITHIN = 12.0  # seconds: the worker's warm shutdown gets 5 (scripts/run-dev), then SIGKILL


def _session_pids(sid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the parenthesised command: state ppid pgrp session …
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[3]) == sid:
            pids.append(int(entry.name))
    return pids


class Run:
    def __init__(self, tmp_path: Path, port: int) -> None:
        self.port = port
        self.log = tmp_path / f"run-{port}.log"
        env = {
            **os.environ,
            "VAR_DIR": str(tmp_path / "var"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
            "REDIS_URL": "",  # the embedded file broker, as on a fresh clone
            "EMAIL_URL": "consolemail://",
        }
        with self.log.open("wb") as out:
            self.make = subprocess.Popen(
                ["make", "--no-print-directory", "serve", f"PORT={port}"],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.sid = self.make.pid

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.make.poll() is not None:
                pytest.fail(f"make serve exited early:\n{self.text()[-3000:]}")
            served = False
            with socket.socket() as sock:
                served = sock.connect_ex(("127.0.0.1", self.port)) == 0
            if served and " ready." in self.text():
                return
            time.sleep(0.3)
        pytest.fail(f"not ready after {timeout} s:\n{self.text()[-3000:]}")

    def left_after(self, seconds: float) -> list[int]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not _session_pids(self.sid):
                return []
            time.sleep(0.2)
        return _session_pids(self.sid)

    def kill_all(self) -> None:
        for pid in _session_pids(self.sid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[object]:
    (tmp_path / "var").mkdir()
    subprocess.run(
        [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env={**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}"},
        check=True,
        capture_output=True,
    )
    runs: list[Run] = []

    def _start() -> Run:
        run = Run(tmp_path, free_port())
        runs.append(run)
        return run

    yield _start
    for run in runs:
        run.kill_all()


def _stop(run: Run, how: str) -> None:
    if how == "SIGTERM to make":  # `kill <pid>`, a service manager that signals its main process
        os.kill(run.make.pid, signal.SIGTERM)
    elif how == "SIGKILL to make":  # the supervisor notices that its parent is gone
        os.kill(run.make.pid, signal.SIGKILL)
    elif how == "SIGINT to the group":  # Ctrl-C in the terminal
        os.killpg(run.make.pid, signal.SIGINT)
    elif how == "SIGHUP to the group":  # the terminal is closed
        os.killpg(run.make.pid, signal.SIGHUP)
    elif how == "SIGTERM to the group":  # systemd's default KillMode=control-group
        os.killpg(run.make.pid, signal.SIGTERM)


@pytest.mark.parametrize(
    "how", ["SIGTERM to make", "SIGKILL to make", "SIGINT to the group", "SIGHUP to the group", "SIGTERM to the group"]
)
def test_stopping_make_serve_stops_everything_it_started(start, how: str) -> None:
    run = start()
    run.wait_ready()
    started = _session_pids(run.sid)
    assert len(started) >= 4, started  # make, the supervisor, the worker (+ pool, beat), runserver

    _stop(run, how)

    assert run.left_after(STOP_WITHIN) == [], f"{how}: processes left behind\n{run.text()[-2000:]}"
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", run.port)) != 0, "the port is still served"


def test_a_second_run_refuses_while_the_first_is_alive(start) -> None:
    first = start()
    first.wait_ready()
    second = start()
    second.make.wait(timeout=60)

    assert second.make.returncode != 0
    assert "Monev RB sudah berjalan" in second.text()
    assert first.make.poll() is None  # the first run goes on
    assert second.left_after(5) == []
