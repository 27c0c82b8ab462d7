"""The reports service: formats, publishing with its refusals, withdrawing, events in the history."""

import pytest

from app.extensions import db
from app.models import Publication
from app.services import articles as article_service
from app.services import audit, reports
from app.services.errors import Gone, NotFound, PermissionDenied, ValidationError


def test_an_unknown_format_is_refused_naming_the_formats(reviewed, people):
    with pytest.raises(reports.UnknownFormat) as caught:
        reports.build_report(reviewed["article"].id, "docx", people["reviewer"])
    assert caught.value.status == 400 and caught.value.code == "bad_request"
    assert caught.value.message == "Unknown format 'docx'; use one of: html, pdf, md, csv, json, claimreview."


def test_an_unknown_article(people):
    with pytest.raises(NotFound):
        reports.build_report(424242, "html", people["reviewer"])


def test_every_format_has_its_type_and_file_name(reviewed, people):
    expected = {"html": ("text/html; charset=utf-8", "html"), "pdf": ("application/pdf", "pdf"),
                "md": ("text/markdown; charset=utf-8", "md"), "csv": ("application/zip", "zip"),
                "json": ("application/json", "json"), "claimreview": ("application/ld+json", "jsonld")}
    article_id = reviewed["article"].id
    for fmt, (mimetype, extension) in expected.items():
        rendered = reports.build_report(article_id, fmt, people["reviewer"])
        assert rendered.mimetype == mimetype and rendered.filename == f"claimdesk-article-{article_id}.{extension}"
        assert b"".join(rendered.chunks())


def test_publishing_with_unapproved_claims_needs_the_box_ticked(reviewed, people):
    article = reviewed["article"]
    with pytest.raises(ValidationError) as caught:
        reports.publish(people["editor"], article)
    assert "2 of 4 claims are not yet approved" in caught.value.message
    assert "include_unapproved" in caught.value.fields
    db.session.rollback()
    assert db.session.query(Publication).count() == 0
    publication = reports.publish(people["editor"], article, include_unapproved=True)
    db.session.commit()
    assert publication.include_unapproved and len(publication.token) >= 32
    event = [e for e in audit.article_history(article.id) if e.action == "published"][-1]
    assert event.object_type == "publication" and event.actor_id == people["editor"].id
    assert event.after == {"version": 1, "kind": "first", "claims": 4, "not_approved": 2, "include_unapproved": True}


def test_an_article_whose_claims_are_all_approved_publishes_without_the_box(make_article, make_claim, people):
    from tests.reports.conftest import review_claim

    article = make_article()
    review_claim(make_claim(article, actor=people["reviewer"]), people["reviewer"], people["editor"], verdict="confirmed")
    assert reports.publish(people["editor"], article).include_unapproved is False


def test_reviewers_cannot_publish_or_withdraw(reviewed, people):
    with pytest.raises(PermissionDenied):
        reports.publish(people["reviewer"], reviewed["article"], include_unapproved=True)
    with pytest.raises(PermissionDenied):
        reports.withdraw(people["reviewer"], reviewed["article"])


def test_withdraw_then_publish_again_gives_a_new_link(reviewed, people):
    article, editor = reviewed["article"], people["editor"]
    first = reports.publish(editor, article, include_unapproved=True)
    db.session.commit()
    with pytest.raises(ValidationError):  # one live link at a time
        reports.publish(editor, article, include_unapproved=True)
    db.session.rollback()
    reports.withdraw(people["editor2"], article)
    db.session.commit()
    with pytest.raises(Gone):
        reports.publication_for_token(first.token)
    second = reports.publish(editor, article, include_unapproved=True)
    db.session.commit()
    assert second.token != first.token and reports.publication_for_token(second.token) == second.publication
    actions = [(e.action, e.actor_id) for e in audit.article_history(article.id) if e.object_type == "publication"]
    assert actions == [("published", editor.id), ("withdrawn", people["editor2"].id), ("published", editor.id)]


def test_withdrawing_what_is_not_published(reviewed, people):
    with pytest.raises(NotFound):
        reports.withdraw(people["editor"], reviewed["article"])


def test_an_archived_article_is_reported_but_not_published(reviewed, people):
    article_service.set_archived(people["editor"], reviewed["article"], True)
    db.session.commit()
    html = b"".join(reports.build_report(reviewed["article"].id, "html", people["reviewer"]).chunks())
    assert b"This article was archived on" in html
    with pytest.raises(ValidationError, match="archived"):
        reports.publish(people["editor"], reviewed["article"], include_unapproved=True)


@pytest.mark.parametrize("token", ["", "short", "../../etc", "x" * 65, "a" * 32])
def test_unknown_tokens(token):
    with pytest.raises(NotFound):
        reports.publication_for_token(token)
