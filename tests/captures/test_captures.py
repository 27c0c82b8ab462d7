"""Captures: attaching evidence captures the source (a WARC per fetch), re-captures, link rot, the pages, backups."""

from __future__ import annotations

import hashlib
import json
import socket

import pytest
import sqlalchemy as sa

from app.captures.store import store
from app.captures.warc import read_warc
from app.extensions import db
from app.fetch import Exchange, Policy
from app.models import Capture, Claim, Source
from app.models.base import utcnow
from app.services import captures, evidence
from tests.site import ARABIC_ARTICLE, ENGLISH_ARTICLE, Page


def capture_of(claim: Claim, body: bytes) -> Capture:
    """A capture of the claim's first source from bytes given here (no network at all)."""
    source = claim.evidence[0].source
    exchange = Exchange(url=source.url, final_url=source.url, status=200, reason="OK",
                        headers=[("Content-Type", "text/html; charset=utf-8")], body=body,
                        request_headers=[("Host", source.host)], request_path="/", address="203.0.113.7",
                        fetched_at=utcnow())
    capture, _ = captures.record_capture(source, exchange, store())
    db.session.commit()
    return capture


def attach(api_client, claim, url, **extra):
    return api_client.post(f"/api/v1/claims/{claim.id}/evidence", json={"url": url, "stance": "supports", **extra})


def test_attaching_evidence_captures_the_source_as_a_warc_of_its_own(api, make_claim, site, allow, store_dir):
    body = ENGLISH_ARTICLE.encode()
    site.pages["/source"] = Page(body)
    allow(site)
    client = api("reviewer")
    response = attach(client, make_claim(), site.url("/source"))
    assert response.status_code == 201
    assert response.json["source_id"] == response.json["source"]["id"]
    assert response.json["capture_job"]["state"] == "finished"
    source = client.get(f"/api/v1/sources/{response.json['source_id']}").json["source"]
    assert source["status"] == "ok"
    (item,) = source["captures"]
    assert item["sha256"] == hashlib.sha256(body).hexdigest() and item["bytes"] == len(body)
    assert item["http_status"] == 200 and item["content_type"] == "text/html" and item["state"] == "captured"
    assert item["final_url"] == site.url("/source")
    warc = client.get(f"/api/v1/sources/{source['id']}/captures/{item['id']}/warc")
    assert warc.status_code == 200 and warc.headers["Content-Type"] == "application/warc"
    records = read_warc(warc.data)
    assert [r.type for r in records] == ["request", "response"]
    request, reply = records
    assert request.status_line.startswith("GET /source") and reply.status_line.startswith("HTTP/1.1 200")
    assert reply.uri == site.url("/source") and hashlib.sha256(reply.payload).hexdigest() == item["sha256"]
    text = client.get(f"/api/v1/sources/{source['id']}/captures/{item['id']}/text")
    assert text.headers["Content-Type"].startswith("text/plain") and "3,000 homes" in text.get_data(as_text=True)
    (kept,) = (store_dir / "captures").iterdir()  # one file for one fetch, under a key of its own
    assert kept.read_bytes() == warc.data and not (store_dir / "sources").exists()


def test_an_unchanged_page_keeps_its_hash_and_a_changed_one_is_a_new_capture(api, make_claim, site, allow,
                                                                              store_dir):
    site.pages["/p"] = Page(ENGLISH_ARTICLE.encode())
    allow(site)
    client = api("reviewer")
    source_id = attach(client, make_claim(), site.url("/p")).json["source_id"]
    again = client.post(f"/api/v1/sources/{source_id}/captures")
    assert again.status_code == 202 and again.json["job"]["result"]["outcome"] == "unchanged"
    assert len(client.get(f"/api/v1/sources/{source_id}").json["source"]["captures"]) == 1
    site.pages["/p"] = Page(ENGLISH_ARTICLE.replace("3,000", "2,000").encode())
    changed = client.post(f"/api/v1/sources/{source_id}/captures").json["job"]
    assert changed["result"]["outcome"] == "changed"
    first, second = client.get(f"/api/v1/sources/{source_id}").json["source"]["captures"]
    assert second["state"] == "changed" and second["sha256"] != first["sha256"]
    assert len(list((store_dir / "captures").iterdir())) == 2  # the unchanged fetch made no file


def test_an_unreachable_source_is_still_attached_and_its_capture_job_fails(api, make_claim, site, allow):
    site.pages["/missing"] = Page(b"no", status=404)
    allow(site)
    response = attach(api("reviewer"), make_claim(), site.url("/missing"))
    assert response.status_code == 201
    job = response.json["capture_job"]
    assert job["state"] == "failed" and job["error"]["code"] == "fetch_failed" and "404" in job["error"]["message"]
    assert db.session.get(Source, response.json["source_id"]).status == "gone"


def test_recheck_marks_gone_sources_keeps_their_captures_and_the_queue_filters_them(
        api, make_claim, site, allow, runner):
    site.pages["/a"] = Page(ENGLISH_ARTICLE.encode())
    site.pages["/b"] = Page(ARABIC_ARTICLE.encode())
    allow(site)
    client = api("reviewer")
    gone_claim, fine_claim = make_claim(), make_claim()
    gone_id = attach(client, gone_claim, site.url("/a")).json["source_id"]
    attach(client, fine_claim, site.url("/b"))
    site.pages["/a"] = Page(b"removed", status=410)
    result = runner.invoke(args=["sources", "recheck", "--older-than", "0"])
    assert result.exit_code == 0 and "1 gone" in result.output, result.output
    source = client.get(f"/api/v1/sources/{gone_id}").json["source"]
    assert source["status"] == "gone" and len(source["captures"]) == 1 and "410" in source["status_detail"]
    listed = client.get("/api/v1/claims?evidence_gone=true").json
    assert [c["id"] for c in listed["items"]] == [gone_claim.id]
    assert {c["id"] for c in client.get("/api/v1/claims").json["items"]} == {gone_claim.id, fine_claim.id}


def test_recheck_skips_sources_checked_recently(api, make_claim, site, allow, runner):
    site.pages["/a"] = Page(ENGLISH_ARTICLE.encode())
    allow(site)
    attach(api("reviewer"), make_claim(), site.url("/a"))
    site.pages["/a"] = Page(b"removed", status=404)
    result = runner.invoke(args=["sources", "recheck", "--older-than", "7"])
    assert result.exit_code == 0 and "Checked 0 source(s)" in result.output


def test_a_name_that_no_longer_resolves_marks_the_source_gone(make_claim, store_dir):
    claim = make_claim()
    evidence.add_evidence(None, claim, {"url": "https://vanished.example/story", "stance": "supports"})
    db.session.commit()

    def resolver(host, port):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    counts = captures.recheck_sources(0, Policy(resolver=resolver), store())
    db.session.commit()
    assert counts["gone"] == 1
    assert db.session.scalar(sa.select(Source.status)) == "gone"


def test_the_claim_page_shows_the_capture_and_reads_it_inside_the_desk(client, login_as, make_claim):
    login_as("reviewer")
    claim = make_claim()
    evidence.add_evidence(None, claim, {"url": "https://wire.example/a", "stance": "supports"})
    db.session.commit()
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "Not captured yet" in page and "Capture again" in page
    capture = capture_of(claim, b"<html><body><script>alert('page script')</script><article><p>The ministry said "
                                b"about 100 trucks crossed the border on Tuesday, according to officials.</p>"
                                b"<p><b>&lt;b&gt;bold&lt;/b&gt;</b> is text here.</p></article></body></html>")
    page = client.get(f"/claims/{claim.id}").get_data(as_text=True)
    assert "As captured on" in page and f"/captures/{capture.id}" in page and "jobs.js" in page
    shown = client.get(f"/sources/{capture.source_id}/captures/{capture.id}?claim={claim.id}")
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "100 trucks crossed" in html
    assert "alert(" not in html and "<b>bold" not in html and "&lt;b&gt;bold" in html
    assert client.get(f"/sources/{capture.source_id}/captures/{capture.id}/warc").status_code == 200


def test_capture_again_from_the_claim_page_follows_the_job(client, login_as, make_claim, site, allow):
    site.pages["/s"] = Page(ENGLISH_ARTICLE.encode())
    allow(site, capture_on_attach=False)
    login_as("reviewer")
    claim = make_claim()
    item = evidence.add_evidence(None, claim, {"url": site.url("/s"), "stance": "supports"})
    db.session.commit()
    response = client.post(f"/sources/{item.source_id}/capture", data={"next": f"/claims/{claim.id}",
                                                                        "claim_id": str(claim.id)})
    assert response.status_code == 302 and f"/claims/{claim.id}?job=" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "data-job-url" in page and "As captured on" in page


def test_backup_and_restore_carry_the_capture_files(runner, make_claim, store_dir, tmp_path, app, monkeypatch):
    claim = make_claim()
    evidence.add_evidence(None, claim, {"url": "https://wire.example/a", "stance": "supports"})
    db.session.commit()
    capture = capture_of(claim, b"<html><body><p>Kept for later.</p></body></html>")
    path = tmp_path / "desk.json"
    assert runner.invoke(args=["backup", "-o", str(path)]).exit_code == 0
    document = json.loads(path.read_text())
    assert list(document["files"]) == [capture.warc_key] and document["tables"]["capture"][0]["sha256"]
    from app.captures.store import FolderStore
    from app.reports.backup import restore

    elsewhere = FolderStore(tmp_path / "restored-store")
    db.session.remove()
    with db.engine.begin() as conn:  # empty this database so the backup can go back into it
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    with path.open() as handle:
        result = restore(handle, store=elsewhere)
    assert result.files == 1 and result.counts["capture"] == 1
    assert elsewhere.get(capture.warc_key) == store().get(capture.warc_key)


def _warc_of(client, source_id: int, capture: dict):
    response = client.get(f"/api/v1/sources/{source_id}/captures/{capture['id']}/warc")
    assert response.status_code == 200
    return read_warc(response.data)


def test_a_page_that_changes_and_changes_back_gets_three_captures_each_its_own_warc(api, make_claim, site, allow):
    """Once, the third capture pointed at the first one's WARC (the same body hash), dated then."""
    first_body, second_body = ENGLISH_ARTICLE.encode(), ENGLISH_ARTICLE.replace("3,000", "2,000").encode()
    site.pages["/p"] = Page(first_body)
    allow(site)
    client = api("reviewer")
    source_id = attach(client, make_claim(), site.url("/p")).json["source_id"]
    for body in (second_body, first_body):
        site.pages["/p"] = Page(body)
        assert client.post(f"/api/v1/sources/{source_id}/captures").json["job"]["result"]["outcome"] == "changed"
    shown = client.get(f"/api/v1/sources/{source_id}").json["source"]["captures"]
    assert [c["sha256"] for c in shown] == [hashlib.sha256(b).hexdigest() for b in (first_body, second_body, first_body)]
    rows = db.session.scalars(sa.select(Capture).where(Capture.source_id == source_id).order_by(Capture.id)).all()
    assert len({c.warc_key for c in rows}) == 3
    for item, row in zip(shown, rows, strict=True):
        request, reply = _warc_of(client, source_id, item)
        # Each WARC is the record of its own fetch: dated when this capture was fetched, this request.
        assert request.date == reply.date == row.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert reply.uri == request.uri == site.url("/p")
        assert hashlib.sha256(reply.payload).hexdigest() == item["sha256"]
    assert len([path for path, _ in site.hits if path == "/p"]) == 3


def test_a_reset_database_beside_an_old_capture_folder_never_serves_an_old_file(api, make_claim, site, allow,
                                                                                store_dir):
    """Seen once: a capture made at 18:18:03 served a WARC dated 18:16:53, written for an earlier database."""
    old_body = b"<html><body><p>The earlier database's page.</p></body></html>"
    site.pages["/p"] = Page(old_body)
    allow(site)
    client = api("reviewer")
    source_id = attach(client, make_claim(), site.url("/p")).json["source_id"]
    (old_key,) = db.session.scalars(sa.select(Capture.warc_key).where(Capture.source_id == source_id))
    old_file = (store_dir / old_key).read_bytes()
    db.session.remove()
    with db.engine.begin() as conn:  # the database is reset; the capture folder stays where it was
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    site.pages["/p"] = Page(old_body)  # the very same page again, in a new desk
    client = api("reviewer")
    new_source = attach(client, make_claim(), site.url("/p")).json["source_id"]
    (item,) = client.get(f"/api/v1/sources/{new_source}").json["source"]["captures"]
    row = db.session.get(Capture, item["id"])
    assert row.warc_key != old_key and (store_dir / old_key).read_bytes() == old_file
    served = client.get(f"/api/v1/sources/{new_source}/captures/{item['id']}/warc").data
    assert served != old_file  # not the earlier database's record of its own fetch, even of the same bytes
    request, reply = _warc_of(client, new_source, item)
    assert reply.date == row.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ") and reply.payload == old_body


def test_the_store_refuses_to_write_a_capture_file_over_another(tmp_path):
    from app.captures.store import FolderStore

    folder = FolderStore(tmp_path)
    folder.put_new("captures/a.warc.gz", b"first")
    with pytest.raises(FileExistsError):
        folder.put_new("captures/a.warc.gz", b"second")
    assert folder.get("captures/a.warc.gz") == b"first"
    assert [p.name for p in (tmp_path / "captures").iterdir()] == ["a.warc.gz"]  # no temporary file left


def test_a_capture_stored_under_the_old_layout_is_still_served(api, make_claim, store_dir):
    claim = make_claim()
    evidence.add_evidence(None, claim, {"url": "https://wire.example/old", "stance": "supports"})
    db.session.commit()
    capture = capture_of(claim, b"<html><body><p>Captured before issue 22.</p></body></html>")
    old_key = f"sources/{capture.source_id}/{capture.sha256}.warc.gz"
    (store_dir / "sources" / str(capture.source_id)).mkdir(parents=True)
    (store_dir / old_key).write_bytes((store_dir / capture.warc_key).read_bytes())
    (store_dir / capture.warc_key).unlink()
    capture.warc_key = old_key
    db.session.commit()
    response = api("reviewer").get(f"/api/v1/sources/{capture.source_id}/captures/{capture.id}/warc")
    assert response.status_code == 200 and read_warc(response.data)[1].payload.startswith(b"<html>")
