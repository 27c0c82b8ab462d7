"""The desk's own publications are earlier checks as soon as they publish, and stop being when withdrawn."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import EarlierCheck
from app.services import factchecks, reports, review


def desk_checks() -> list[EarlierCheck]:
    return list(db.session.scalars(sa.select(EarlierCheck).order_by(EarlierCheck.url)))


def test_publishing_adds_one_check_per_reviewed_claim_and_withdrawing_removes_them(reviewed, people):
    article, claims = reviewed["article"], reviewed["claims"]
    version = reports.publish(people["editor"], article, include_unapproved=True,
                              base_url="https://desk.example.org", organisation={"name": "Our Desk"})
    db.session.commit()
    token = version.publication.token
    rows = desk_checks()
    # approved claims with a verdict (false, unverifiable): the ClaimReviews of the public feed
    assert [r.url for r in rows] == [f"https://desk.example.org/r/{token}#claim-{claims[0].id}",
                                     f"https://desk.example.org/r/{token}#claim-{claims[2].id}"]
    first = rows[0]
    assert (first.origin, first.publication_id, first.publisher) == ("desk", version.publication_id, "Our Desk")
    assert (first.rating, first.rating_value, first.language) == ("False", 1.0, "en")
    assert first.claim_reviewed == claims[0].statement

    reports.withdraw(people["editor"], article, reason="Wrong article.")
    db.session.commit()
    assert desk_checks() == []


def test_a_new_version_updates_the_desk_checks_and_drops_a_claim_reopened_since(reviewed, people):
    article, claims = reviewed["article"], reviewed["claims"]
    reports.publish(people["editor"], article, include_unapproved=True)
    db.session.commit()
    assert len(desk_checks()) == 2  # with no public base URL, the link is the desk's own path
    assert desk_checks()[0].url.startswith("/r/")
    review.transition(people["editor"], claims[2], {"to": "in_review", "reason": "The date needs a second look."})
    db.session.commit()
    reports.publish(people["editor"], article, include_unapproved=True, note="One claim removed.", kind="correction")
    db.session.commit()
    assert [r.url.rsplit("#", 1)[1] for r in desk_checks()] == [f"claim-{claims[0].id}"]


def test_importing_someones_copy_of_the_desks_feed_changes_nothing(reviewed, people):
    version = reports.publish(people["editor"], reviewed["article"], include_unapproved=True,
                              base_url="https://desk.example.org")
    db.session.commit()
    copy = [dict(r, reviewRating={"@type": "Rating", "alternateName": "True"}) for r in version.reviews]
    result = factchecks.import_items(copy, origin="feed")
    assert (result.added, result.updated, result.skipped) == (0, 0, 2)
    assert {r.rating for r in desk_checks()} == {"False", "Unverifiable"}
