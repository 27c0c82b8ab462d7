"""A claim's place in its article: by position in the text (start, then id), among the claims that exist."""

from app.extensions import db
from app.services import claim_places
from app.services import claims as claim_service
from app.services.claim_places import Place

BODY = "The port reopened on Monday. Two ships docked there. The mayor called it a turning point."


def test_places_follow_the_text_not_the_order_claims_were_made(make_article, make_claim, make_user):
    article = make_article(body=BODY)
    third = make_claim(article, quote="The mayor called it a turning point")
    first = make_claim(article, quote="The port reopened on Monday")
    second = make_claim(article, quote="Two ships docked there")
    also_first = make_claim(article, quote="The port reopened")  # the same start: the older id goes first
    other = make_claim(make_article(body=BODY), quote="Two ships docked there")

    places = claim_places.article_places(article.id)
    assert places == {first.id: Place(1, 4), also_first.id: Place(2, 4), second.id: Place(3, 4),
                      third.id: Place(4, 4)}
    # Asked for a few claims of two articles, each is counted among its whole article's claims.
    assert claim_places.places([third.id, other.id]) == {third.id: Place(4, 4), other.id: Place(1, 1)}
    assert claim_places.place(second.id) == Place(3, 4)

    claim_service.delete_claim(make_user("editor"), also_first, also_first.version)
    db.session.commit()
    assert claim_places.article_places(article.id) == {first.id: Place(1, 3), second.id: Place(2, 3),
                                                       third.id: Place(3, 3)}
    assert claim_places.place(also_first.id) is None
    assert claim_places.places([]) == {}
