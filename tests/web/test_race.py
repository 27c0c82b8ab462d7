"""Two writers race on one claim through a real threaded server: one wins, the other gets 409, nothing lost."""

import json
import threading
import urllib.error
import urllib.request

from app.extensions import db
from app.models import Claim, Event


def patch(url: str, token: str, payload: dict, barrier: threading.Barrier, results: list) -> None:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(), method="PATCH",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    barrier.wait()
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            results.append((response.status, json.loads(response.read())))
    except urllib.error.HTTPError as error:
        results.append((error.code, json.loads(error.read())))


def test_two_writers_one_wins_one_gets_409(live_server, api, make_claim):
    claim = make_claim()
    alice, bob = api("reviewer"), api("reviewer")
    url = f"{live_server}/api/v1/claims/{claim.id}"
    for round_no in range(5):
        version = db.session.scalar(db.select(Claim.version).where(Claim.id == claim.id))
        barrier, results = threading.Barrier(2), []
        writers = [threading.Thread(target=patch, args=(url, c.headers["Authorization"][7:],
                                                        {"version": version, "rationale": f"{name} {round_no}"},
                                                        barrier, results))
                   for name, c in (("alice", alice), ("bob", bob))]
        for w in writers:
            w.start()
        for w in writers:
            w.join(30)
        statuses = sorted(status for status, _ in results)
        assert statuses == [200, 409], results
        winner = next(body for status, body in results if status == 200)
        db.session.expire_all()
        stored = db.session.get(Claim, claim.id)
        assert stored.rationale == winner["rationale"]
        assert stored.version == version + 1
    # Every accepted write is in the history; no refused one is.
    events = db.session.scalars(db.select(Event).where(Event.claim_id == claim.id, Event.field == "rationale")).all()
    assert len(events) == 5
