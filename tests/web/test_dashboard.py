"""The dashboard: plots drawn as accessible SVG with their numbers beside, right at two data sizes."""

import datetime as dt
import re

import pytest

from app.extensions import db
from app.models import Claim, Event, Source
from app.services import dashboard
from tests.web.test_statement_counts import count_statements

NOW = dt.datetime(2026, 12, 9, 12, 0, tzinfo=dt.UTC)  # a Wednesday
THIS_MONDAY = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
LAST_MONDAY = THIS_MONDAY - dt.timedelta(weeks=1)


def seed_desk(article, people, n: int) -> list[Claim]:
    """n claims opened last Monday: a third approved this week after 2, 4 … hours; the rest open, assigned."""
    claims = []
    for i in range(n):
        approved = i % 3 == 0
        claim = Claim(article_id=article.id, start=0, end=5, quote=article.body[:5], statement=f"s{i}",
                      search_text=f"s{i}", created_at=LAST_MONDAY, assignee_id=people[i % len(people)].id,
                      state="approved" if approved else "open", verdict="false" if approved else "unverified")
        if approved:
            claim.approved_at = THIS_MONDAY + dt.timedelta(hours=2 * (i // 3 + 1))
        claims.append(claim)
    db.session.add_all(claims)
    db.session.flush()
    events = []
    for claim in claims:
        if claim.state == "approved":
            events.append(Event(object_type="claim", object_id=claim.id, claim_id=claim.id, action="transition",
                                field="state", before="open", after="approved", created_at=claim.approved_at))
            events.append(Event(object_type="claim", object_id=claim.id, claim_id=claim.id, action="updated",
                                field="verdict", before="unverified", after="false", created_at=claim.approved_at))
    db.session.add_all(events)
    db.session.add_all([Source(url=f"https://gone.example/{n}/{i}", status="gone", checked_at=THIS_MONDAY)
                        for i in range(n // 3)])
    db.session.commit()
    return claims


def test_the_figures_walk_back_from_today(make_article, make_user):
    article = make_article()
    people = [make_user("reviewer", name="Rim"), make_user("reviewer", name="Sami")]
    seed_desk(article, people, 9)  # 3 approved a week and 2, 4, 6 hours later; 6 open, 3 each
    data = dashboard.build(now=NOW, weeks=3)
    assert data.weeks == [dt.date(2026, 11, 23), dt.date(2026, 11, 30), dt.date(2026, 12, 7)]
    # at the end of last week all nine were open and unverified; this week three were approved as false
    assert data.by_state["open"] == [0, 9, 6]
    assert data.by_state["approved"] == [0, 0, 3]
    assert data.by_verdict["unverified"] == [0, 9, 6]
    assert data.by_verdict["false"] == [0, 0, 3]
    assert data.opened == [0, 9, 0]
    waiting = data.waiting[-1]
    assert (waiting.approved, waiting.median, waiting.p90) == (3, 172.0, 174.0)  # 170, 172, 174 h
    assert data.waiting[0].approved == 0 and data.waiting[0].median is None
    assert [(item.name, item.open_claims) for item in data.load] == [("Rim", 3), ("Sami", 3)]
    assert data.gone == [0, 0, 3]


def _as_editor_in(client, make_user, language: str, digits: str):
    from tests.conftest import login

    editor = make_user("editor")
    login(client, editor)
    client.post("/account/settings", data={"language": language, "timezone": "UTC", "digits": digits})
    return editor


@pytest.mark.parametrize("language,digits", [("ar", "arabic"), ("en", "western")])
def test_the_page_draws_accessible_svg_with_tables_in_both_languages(client, make_user, make_article, language, digits):
    article = make_article()
    seed_desk(article, [make_user("reviewer", name="Rim")], 9)
    _as_editor_in(client, make_user, language, digits)
    html = client.get("/dashboard/").get_data(as_text=True)
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 5
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and "<rect" in svg
    assert html.count("<table") == 5
    load = re.search(r'<table[^>]*id="table-load".*?</table>', html, re.S).group(0)
    if language == "ar":
        assert 'dir="rtl"' in html and "لوحة المتابعة" in html
        assert "<td>٦</td>" in load  # six open claims, in the reader's digits
        assert not re.search(r">[^<]*[0-9][^<]*</text>", "".join(svgs)), "a Western digit in an Arabic plot"
    else:
        assert "Dashboard" in html and "<td>6</td>" in load


def test_the_plots_mirror_in_arabic(client, make_user, make_article):
    seed_desk(make_article(), [make_user("reviewer")], 3)
    _as_editor_in(client, make_user, "en", "western")
    english = client.get("/dashboard/").get_data(as_text=True)
    client.post("/account/settings", data={"language": "ar", "timezone": "UTC", "digits": "western"})
    arabic = client.get("/dashboard/").get_data(as_text=True)

    def first_axis_label(html):  # the value axis' labels are anchored towards the plot
        svg = re.search(r'<svg[^>]*id="plot-state".*?</svg>', html, re.S).group(0)
        return re.search(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(\w+)">', svg).groups()

    x_en, anchor_en = first_axis_label(english)
    x_ar, anchor_ar = first_axis_label(arabic)
    assert anchor_en == "end" and anchor_ar == "start"
    assert float(x_en) < 320 < float(x_ar)


def test_reviewers_do_not_see_it(client, login_as):
    login_as("reviewer")
    assert client.get("/dashboard/").status_code == 403
    assert "/dashboard/" not in client.get("/queue/").get_data(as_text=True)


def test_statements_do_not_grow_with_the_data(client, make_user, make_article):
    article = make_article()
    people = [make_user("reviewer") for _ in range(3)]
    _as_editor_in(client, make_user, "en", "western")
    counts = []
    for n in (6, 600):
        seed_desk(article, people, n)
        with count_statements() as seen:
            assert client.get("/dashboard/").status_code == 200
        counts.append(len(seen))
    assert counts[0] == counts[1], f"{counts[0]} statements at 6 claims, {counts[1]} at 606"
