"""Job kinds for the tests only (loaded by workers through CLAIMDESK_JOB_MODULES=tests.jobs.handlers)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from app.jobs import JobError, current, handler


@handler("test.sleep")
def sleep(payload: dict, progress) -> dict:
    """Reports half-way, writes its process id where the test can find it, then sleeps."""
    progress(0.5)
    Path(payload["pid_file"]).write_text(str(os.getpid()))
    time.sleep(float(payload.get("seconds", 30)))
    return {"slept": True}


@handler("test.flaky", retry=(1, 1))
def flaky(payload: dict, progress) -> dict:
    """Fails with a transient error until it has been tried `succeed_on` times."""
    counter = Path(payload["counter"])
    tries = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(tries))
    if tries < int(payload.get("succeed_on", 2)):
        raise JobError("fetch_timeout", f"The site took too long (try {tries}).", transient=True)
    return {"tries": tries, "job_id": current().job_id}


@handler("test.refused")
def refused(payload: dict, progress) -> dict:
    raise JobError("fetch_refused", "Refused: a private address.")


@handler("test.crash")
def crash(payload: dict, progress) -> dict:
    raise RuntimeError("a bug")


@handler("test.writes")
def writes(payload: dict, progress) -> dict:
    """Adds a user, then fails: the user must not be kept (nothing half-written)."""
    from app.extensions import db
    from app.services import users

    users.create_user(None, payload["email"], "reviewer", "correct-horse-battery", "")
    db.session.flush()
    raise JobError("fetch_failed", "The site answered HTTP 503.")


# Gates for "test.gate" jobs, by name: the test opens one when the job may end (tests of the job threads).
GATES: dict[str, tuple[threading.Event, threading.Event]] = {}


def gate(name: str) -> tuple[threading.Event, threading.Event]:
    """(entered, release): set by the job once it runs; set by the test to let it finish."""
    return GATES.setdefault(name, (threading.Event(), threading.Event()))


@handler("test.gate", timeout=0)
def gated(payload: dict, progress) -> dict:
    """Reports half-way, then waits until the test opens its gate (60 s at most, so no test hangs)."""
    entered, release = gate(payload["gate"])
    progress(0.5)
    entered.set()
    if not release.wait(60):
        raise JobError("fetch_timeout", "The test never opened the gate.")
    return {"thread": threading.current_thread().name}


@handler("test.where")
def where(payload: dict, progress) -> dict:
    """Says which thread ran it."""
    return {"thread": threading.current_thread().name}
