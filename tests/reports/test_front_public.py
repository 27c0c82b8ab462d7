"""Published reports and the feed through the front (app/page_memo.py): read again without the app, for as
long as their lookup holds (PUBLIC_LOOKUP_SECONDS), and at once anew when published or withdrawn here."""

import datetime as dt

import pytest

from app import page_memo
from app.extensions import db
from app.services import reports
from tests.web.test_page_memo import _elsewhere


@pytest.fixture
def published(people, reviewed):
    from tests.reports.test_publishing import publish

    return publish(people, reviewed["article"]).token


@pytest.fixture
def remember(app, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_LOOKUP_SECONDS", 30)


def test_a_published_report_read_again_is_answered_by_the_front(app, published, remember, through_app):
    reader = app.test_client()
    first, _, again = [reader.get(f"/r/{published}") for _ in range(3)]
    assert first.status_code == again.status_code == 200 and again.data == first.data
    assert through_app == [f"/r/{published}"] * 2  # kept from the second sighting on
    feed = [reader.get("/feeds/claimreview.json") for _ in range(3)]
    assert feed[0].data == feed[2].data and through_app.count("/feeds/claimreview.json") == 2


def test_a_withdrawal_here_reaches_the_reader_at_once(app, published, remember, people, reviewed, through_app):
    reader = app.test_client()
    for _ in range(3):
        assert reader.get(f"/r/{published}").status_code == 200
    assert len(through_app) == 2  # the third from the front
    reports.withdraw(people["editor"], reviewed["article"])
    db.session.commit()
    assert reader.get(f"/r/{published}").status_code == 410


def test_a_withdrawal_elsewhere_reaches_the_reader_when_the_lookup_expires(app, published, remember, monkeypatch):
    reader = app.test_client()
    for _ in range(3):
        assert reader.get(f"/r/{published}").status_code == 200
    _elsewhere("UPDATE publication SET withdrawn_at = :at", at=dt.datetime.now(dt.UTC).replace(tzinfo=None))
    assert reader.get(f"/r/{published}").status_code == 200  # within PUBLIC_LOOKUP_SECONDS, as before the front
    now, wall = page_memo.time.monotonic(), page_memo.time.time()
    monkeypatch.setattr(page_memo.time, "monotonic", lambda: now + 31)
    monkeypatch.setattr(page_memo.time, "time", lambda: wall + 31)
    assert reader.get(f"/r/{published}").status_code == 410


def test_public_pages_are_not_kept_when_lookups_are_not(app, published, monkeypatch, through_app):
    monkeypatch.setitem(app.config, "PUBLIC_LOOKUP_SECONDS", 0)
    reader = app.test_client()
    for _ in range(4):
        assert reader.get(f"/r/{published}").status_code == 200
    assert len(through_app) == 4


def test_a_reader_between_a_withdrawal_and_its_commit_gets_the_withdrawal_after_the_commit(
        app, published, remember, people, reviewed):
    """The withdrawal forgets the lookups before its commit; a read in between still sees the report (not yet
    withdrawn) and may be kept, so the commit forgets them again."""
    reader = app.test_client()
    for _ in range(3):
        assert reader.get(f"/r/{published}").status_code == 200
    reports.withdraw(people["editor"], reviewed["article"])
    db.session.flush()
    for _ in range(3):  # another reader's requests in this process, before the editor's commit
        assert reader.get(f"/r/{published}").status_code == 200
    db.session.commit()
    assert reader.get(f"/r/{published}").status_code == 410


def test_a_savepoint_after_the_withdrawal_does_not_stand_for_its_commit(app, published, remember, people, reviewed):
    reader = app.test_client()
    for _ in range(3):
        assert reader.get(f"/r/{published}").status_code == 200
    reports.withdraw(people["editor"], reviewed["article"])
    db.session.begin_nested().commit()  # a savepoint released: the withdrawal is not committed yet
    for _ in range(3):
        assert reader.get(f"/r/{published}").status_code == 200
    db.session.commit()
    assert reader.get(f"/r/{published}").status_code == 410


def test_a_lookup_that_ran_while_lookups_were_dropped_is_not_remembered(published, monkeypatch):
    """A reader's query started before a withdrawal's commit and ended after it: what it found may be the
    report as it was, so it is used once and not kept for PUBLIC_LOOKUP_SECONDS."""
    from app.services import public_reports

    public_reports.forget()
    looked_up = public_reports._lookup

    def racing(*args):
        found = looked_up(*args)
        public_reports._drop()  # the commit of a withdrawal, in another thread, while the query ran
        return found

    monkeypatch.setattr(public_reports, "_lookup", racing)
    assert public_reports.find(published, ttl=30) is not None
    monkeypatch.setattr(public_reports, "_lookup", looked_up)
    assert not public_reports._found
