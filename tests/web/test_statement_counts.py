"""The queue page and GET /api/v1/claims issue the same number of SQL statements at 5 and at 500 claims."""

import contextlib

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Article, Claim, Evidence, Source
from tests.conftest import login


def seed(n: int, users) -> None:
    body = "Claim sentence number x holds a figure. " * 10
    articles = [Article(title=f"A{i}", body=body, language="en" if i % 2 else "ar") for i in range(max(1, n // 10))]
    db.session.add_all(articles)
    source = Source(url=f"https://wire.example/{n}", reliability="B")
    db.session.add(source)
    db.session.flush()
    claims = []
    for i in range(n):
        article = articles[i % len(articles)]
        claims.append(Claim(article_id=article.id, start=0, end=5 + (i % 300), quote=body[: 5 + (i % 300)],
                            statement=f"statement {i}", search_text=f"statement {i}",
                            assignee_id=users[i % len(users)].id, state=("open", "in_review")[i % 2]))
    db.session.add_all(claims)
    db.session.flush()
    db.session.add_all(Evidence(claim_id=c.id, source_id=source.id, stance="supports") for c in claims)
    db.session.commit()


@contextlib.contextmanager
def count_statements():
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", before)


@pytest.mark.parametrize("url", ["/queue/?per_page=50", "/queue/?state=in_review&sort=updated",
                                 "/api/v1/claims?per_page=50", "/api/v1/claims?per_page=200&kind=other"])
def test_statements_do_not_grow_with_the_data(client, api, make_user, url):
    people = [make_user("reviewer") for _ in range(3)]
    reader = api("reviewer")
    login(client, people[0])
    counts = []
    for n in (5, 495):  # 5 claims, then 500
        seed(n, people)
        with count_statements() as seen:
            response = client.get(url, headers=reader.headers)
        assert response.status_code == 200
        counts.append(len(seen))
    assert counts[0] == counts[1], f"{url}: {counts[0]} statements at 5 claims, {counts[1]} at 500"
    assert counts[0] <= 8
