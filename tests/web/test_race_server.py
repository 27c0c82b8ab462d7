"""Sixteen writers race on one claim through a real multi-worker gunicorn server (the test's own database):
for every field, and for the claim page's form, exactly one wins, the other fifteen get 409, nothing is lost."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest

from app.claims.routes import _shown_values
from app.extensions import db
from app.models import Claim, Event
from app.models.base import KINDS, VERDICTS
from tests.conftest import login

pytestmark = pytest.mark.slow
WRITERS = 16
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Every round's answers, for the report (printed at the end of the module's last test).
TALLY: dict[str, Counter] = {}


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def gunicorn(app):
    """gunicorn, three workers of four threads each, on a socket this test bound to a free port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    env = {**os.environ, "CLAIMDESK_ENV": "testing", "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "PYTHONPATH": ROOT, "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "3", "--threads", "4", "--bind", f"fd://{listener.fileno()}",
         "--graceful-timeout", "5", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, pass_fds=[listener.fileno()], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to a minute for the workers to import the app on a loaded machine
            if process.poll() is not None:
                pytest.fail("gunicorn exited: " + process.stdout.read().decode(errors="replace")[-2000:])
            try:
                if _get(base + "/healthz") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer /healthz")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        listener.close()


def _send(request: urllib.request.Request, barrier: threading.Barrier, results: list) -> None:
    barrier.wait()
    try:
        opener = urllib.request.build_opener(NoRedirect)
        with opener.open(request, timeout=60) as response:
            results.append((response.status, response.read()))
    except urllib.error.HTTPError as error:
        results.append((error.code, error.read()))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def race(requests: list[urllib.request.Request]) -> list[tuple[int, bytes]]:
    barrier, results = threading.Barrier(len(requests)), []
    threads = [threading.Thread(target=_send, args=(r, barrier, results)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(results) == len(requests), "a writer never got an answer"
    return results


def stored(claim_id: int) -> Claim:
    db.session.commit()
    db.session.expire_all()
    claim = db.session.get(Claim, claim_id)
    db.session.commit()  # no read transaction left open beside the server's writers
    return claim


def events(claim_id: int, field: str) -> int:
    count = db.session.scalar(db.select(db.func.count(Event.id)).where(Event.claim_id == claim_id, Event.field == field))
    db.session.commit()
    return count


def values_for(field: str, round_no: int, current: Claim, assignees: list[int]) -> list:
    if field == "verdict":
        others = [v for v in VERDICTS if v != current.verdict]
        return [others[i % len(others)] for i in range(WRITERS)]
    if field == "kind":
        others = [k for k in KINDS if k != current.kind]
        return [others[i % len(others)] for i in range(WRITERS)]
    if field == "assignee_id":
        others = [a for a in assignees if a != current.assignee_id]
        return [others[i % len(others)] for i in range(WRITERS)]
    if field == "recheck_on":
        return [f"2031-{1 + i % 12:02d}-{1 + round_no:02d}" for i in range(WRITERS)]
    return [f"{field} by writer {i} in round {round_no}" for i in range(WRITERS)]


@pytest.mark.parametrize("field", ["statement", "attributed_to", "verdict", "rationale", "kind", "assignee_id",
                                   "recheck_on"])
def test_sixteen_api_writers_one_200_the_rest_409(gunicorn, api, make_user, make_claim, field):
    claim = make_claim()
    writers = [api("editor") for _ in range(4)]
    assignees = [make_user("reviewer").id for _ in range(3)]
    tally = TALLY.setdefault(f"api {field}", Counter())
    for round_no in range(3):
        current = stored(claim.id)
        version, before = current.version, events(claim.id, field)
        payloads = [{"version": version, field: value} for value in values_for(field, round_no, current, assignees)]
        requests = [urllib.request.Request(
            f"{gunicorn}/api/v1/claims/{claim.id}", data=json.dumps(p).encode(), method="PATCH",
            headers={**writers[i % len(writers)].headers, "Content-Type": "application/json"})
            for i, p in enumerate(payloads)]
        results = race(requests)
        tally.update(status for status, _ in results)
        statuses = Counter(status for status, _ in results)
        assert statuses == {200: 1, 409: WRITERS - 1}, [(s, b[:200]) for s, b in results]
        for status, body in results:
            assert set(json.loads(body)["error"]) >= {"code", "message", "fields"} if status == 409 else True
        winner = json.loads(next(body for status, body in results if status == 200))
        after = stored(claim.id)
        # The winner's value is the one stored, on exactly one new version, with exactly one history entry.
        assert after.version == version + 1 == winner["version"]
        assert _as_json(getattr(after, field)) == winner[field]
        assert events(claim.id, field) == before + 1


def _as_json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_sixteen_claim_page_forms_one_saves_the_rest_409(gunicorn, app, make_user, make_claim):
    claim = make_claim()
    cookies = []
    for _ in range(4):
        client = app.test_client()
        login(client, make_user("editor"))
        cookies.append(f"session={client.get_cookie('session').value}")
    tally = TALLY.setdefault("page statement", Counter())
    for round_no in range(3):
        current = stored(claim.id)
        version, before = current.version, events(claim.id, "statement")
        shown = _shown_values(current)
        requests = []
        for i in range(WRITERS):
            form = {**shown, "version": str(version), "original": json.dumps(shown, ensure_ascii=False),
                    "statement": f"صيغة الكاتب {i} في الجولة {round_no}"}
            requests.append(urllib.request.Request(
                f"{gunicorn}/claims/{claim.id}/edit", data=urllib.parse.urlencode(form).encode(), method="POST",
                headers={"Cookie": cookies[i % len(cookies)], "Content-Type": "application/x-www-form-urlencoded"}))
        results = race(requests)
        tally.update(status for status, _ in results)
        statuses = Counter(status for status, _ in results)
        assert statuses == {302: 1, 409: WRITERS - 1}, [(s, b[:300]) for s, b in results]
        # Each refused writer sees the form again with their own text kept.
        for status, body in results:
            if status == 409:
                assert "صيغة الكاتب" in body.decode()
        after = stored(claim.id)
        assert after.version == version + 1 and after.statement.startswith("صيغة الكاتب")
        assert events(claim.id, "statement") == before + 1
    print("\nrace rounds (status: answers):", {k: dict(v) for k, v in TALLY.items()})


def editors_cookies(app, make_user) -> list[str]:
    """Four editors' session cookies (logged in once: the login rate limit counts every login)."""
    cookies = []
    for _ in range(4):
        client = app.test_client()
        login(client, make_user("editor"))
        cookies.append(f"session={client.get_cookie('session').value}")
    return cookies


def _suggestion_race(base: str, cookies: list[str], make_article, actions: list[str]):
    """Sixteen reviewers post the same suggestion at once, each with its action; the answers and the article."""
    from app.services import suggestions

    article = make_article(body="The base holds about 1,000 soldiers. The evacuation will take a month.")
    found = suggestions.pending(article)[0]
    requests = [urllib.request.Request(
        f"{base}/articles/{article.id}/suggestions",
        data=urllib.parse.urlencode({"action": action, "s": f"{found.start}:{found.end}"}).encode(), method="POST",
        headers={"Cookie": cookies[i % len(cookies)], "Content-Type": "application/x-www-form-urlencoded"})
        for i, action in enumerate(actions)]
    return race(requests), article, found


def assert_one_outcome(results, actions: list[str], article, found) -> str:
    """Exactly one reviewer decided (302), fifteen were told who did (409), and the rows say the same thing
    once: one outcome, the claim only if it was an accept, one labelled example of the winner's label."""
    from app.models import SuggestionExample, SuggestionOutcome

    statuses = Counter(status for status, _ in results)
    assert statuses == {302: 1, 409: WRITERS - 1}, [(s, b[:300]) for s, b in results]
    for status, body in results:
        if status == 409:
            assert re.search(r"already (made a claim|rejected) by", body.decode()), body.decode()[:2000]
    db.session.commit()
    outcomes = db.session.scalars(db.select(SuggestionOutcome).where(SuggestionOutcome.article_id == article.id)).all()
    claims = db.session.scalars(db.select(Claim).where(Claim.article_id == article.id)).all()
    examples = db.session.scalars(db.select(SuggestionExample).where(SuggestionExample.article_id == article.id)).all()
    db.session.commit()
    assert [(o.start, o.end) for o in outcomes] == [(found.start, found.end)]
    won = "accept" if outcomes[0].outcome == "claimed" else "reject"
    assert won in actions
    assert [(c.start, c.end, c.id) for c in claims] == ([(found.start, found.end, outcomes[0].claim_id)]
                                                        if won == "accept" else [])
    assert [(e.label, e.action) for e in examples] == [(True, "accepted") if won == "accept" else (False, "rejected")]
    return won


@pytest.mark.parametrize("mix", ["reject", "accept", "both"])
def test_sixteen_reviewers_of_one_suggestion_one_decides_the_rest_409(gunicorn, app, make_user, make_article, mix):
    """Once, a reviewer accepting and another rejecting at the same moment both won: a claim and a rejection."""
    actions = [("accept", "reject")[i % 2] if mix == "both" else mix for i in range(WRITERS)]
    cookies = editors_cookies(app, make_user)
    for _ in range(3 if mix == "both" else 1):
        results, article, found = _suggestion_race(gunicorn, cookies, make_article, actions)
        won = assert_one_outcome(results, actions, article, found)
        TALLY.setdefault(f"suggestion {mix}", Counter()).update([f"{won} won"] + [s for s, _ in results])
    print("\nrace rounds (status: answers):", {k: dict(v) for k, v in TALLY.items()})


def test_without_the_article_lock_the_database_still_keeps_one_outcome(live_server, app, make_user, make_article,
                                                                       monkeypatch):
    """The lock only orders the checks; the unique key decides. With the lock gone (a path that forgot it),
    sixteen reviewers racing still leave one outcome, and the losers get 409 (in-process threaded server)."""
    from app.services import audit

    monkeypatch.setattr(audit, "lock_for_writing", lambda model, row_id: None)
    actions = [("accept", "reject")[i % 2] for i in range(WRITERS)]
    results, article, found = _suggestion_race(live_server, editors_cookies(app, make_user), make_article, actions)
    assert_one_outcome(results, actions, article, found)
