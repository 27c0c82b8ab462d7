"""Earlier fact-checks from files: each shape read, unique by URL, importing twice adds nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import EarlierCheck
from app.services import factchecks
from app.services.errors import PermissionDenied

DATA = Path(__file__).parent.parent / "data" / "factchecks"


def rows() -> list[EarlierCheck]:
    return list(db.session.scalars(sa.select(EarlierCheck).order_by(EarlierCheck.id)))


def import_file(name: str, actor=None) -> factchecks.ImportResult:
    return factchecks.import_file(actor, name, (DATA / name).read_bytes())


def test_a_single_claimreview_becomes_a_record_with_every_field():
    result = import_file("single.claimreview.json")
    assert (result.added, result.errors) == (1, [])
    [row] = rows()
    assert row.url == "https://checks.example.org/2025/bridge-toll#top"
    assert row.claim_reviewed == "The river bridge toll doubled in a single month."
    assert (row.rating, row.rating_value, row.best_rating, row.worst_rating) == ("Mostly false", 2.0, 5.0, 1.0)
    assert (row.publisher, row.publisher_url) == ("Example Checks", "https://checks.example.org")
    assert row.published_on == dt.date(2025, 3, 4)
    assert (row.claim_author, row.claim_date) == ("A council candidate", dt.date(2025, 3, 2))
    assert row.first_appearance == "https://social.example.net/post/881"
    assert (row.language, row.origin) == ("en", "file")


def test_the_markup_tools_shape_and_a_graph_are_read_and_arabic_is_detected():
    result = import_file("markup-tool.jsonld")
    assert (result.added, result.errors) == (2, [])
    silos, fuel = rows()
    assert silos.rating == "خاطئ" and silos.first_appearance == "https://video.example.net/watch/551"
    assert silos.claim_author == "صفحة إخبارية"
    assert silos.language == "ar" and fuel.language == "ar"  # no inLanguage: detected from the claim's script
    assert fuel.rating == "مضلل" and fuel.rating_value is None


def test_a_datafeed_of_items_and_bare_reviews_keeps_each_claim_of_one_report():
    result = import_file("partner-feed.json")
    assert result.added == 2
    assert [r.url for r in rows()] == ["https://partner.example.org/r/abc#claim-1",
                                       "https://partner.example.org/r/abc#claim-2"]


def test_importing_twice_adds_nothing_and_a_changed_rating_updates():
    first = import_file("partner-feed.json")
    again = import_file("partner-feed.json")
    assert (first.added, again.added, again.updated, again.skipped) == (2, 0, 0, 2)
    changed = {"@type": "ClaimReview", "url": "https://PARTNER.example.org/r/abc#claim-2",
               "claimReviewed": "The ferry crossing takes forty minutes.",
               "reviewRating": {"@type": "Rating", "ratingValue": 2, "alternateName": "Likely false"}}
    result = factchecks.import_items([changed], origin="file")
    assert (result.added, result.updated) == (0, 1)
    assert len(rows()) == 2 and rows()[1].rating == "Likely false"


def test_reviews_sharing_one_url_on_a_page_are_all_kept():
    items = [{"url": "https://one.example.org/page", "claim_reviewed": text} for text in ("First claim.", "Second.")]
    assert factchecks.import_items(items, origin="page").added == 2
    assert factchecks.import_items(items, origin="page").skipped == 2


def test_csv_with_named_columns_in_any_case():
    result = import_file("checks.csv")
    assert (result.added, result.errors) == (3, [])
    first, arabic, _ = rows()
    assert (first.rating, first.rating_value, first.claim_author) == ("False", 1.0, "A blogger")
    assert first.first_appearance == "https://blog.example.net/p/1" and first.origin == "csv"
    assert arabic.language == "ar" and arabic.publisher == "مكتب المثال" and arabic.claim_date is None


def test_csv_bad_rows_are_named_by_row_and_the_good_rows_are_kept():
    result = import_file("bad-rows.csv")
    assert result.added == 2
    assert len(result.errors) == 2
    assert result.errors[0].startswith("Row 3:") and "claim_reviewed" in result.errors[0]
    assert result.errors[1].startswith("Row 4:") and "first of July" in result.errors[1]
    assert [r.url.rsplit("/", 1)[1] for r in rows()] == ["10", "13"]
    assert import_file("bad-rows.csv").added == 0  # fixed or not, what came in once does not come in twice


@pytest.mark.parametrize("name, raw, message", [
    ("empty.json", b"{}", "No ClaimReview"),
    ("broken.json", b'{"@type": "ClaimReview", ', "not valid JSON"),
    ("columns.csv", b"link,text\nhttps://x.example.org,Some claim\n", "no column url, claim_reviewed"),
    ("latin1.csv", "url,claim_reviewed\nhttps://x.example.org,caf\xe9\n".encode("latin-1"), "not UTF-8"),
])
def test_files_the_desk_cannot_read_say_why_and_add_nothing(name, raw, message):
    with pytest.raises(factchecks.DomainError) as caught:
        factchecks.import_file(None, name, raw)
    assert message in caught.value.message + " ".join(caught.value.fields.values())
    assert rows() == []


def test_limits_long_fields_are_cut_and_too_many_items_refused(monkeypatch):
    item = {"url": "https://x.example.org/1", "claim_reviewed": "A claim.", "publisher": "P" * 1000}
    factchecks.import_items([item], origin="file")
    assert len(rows()[0].publisher) == 300
    too_long = factchecks.import_items([{"url": "https://x.example.org/2", "claim_reviewed": "x" * 6000}],
                                       origin="file")
    assert too_long.added == 0 and "longer than 5000" in too_long.errors[0]
    monkeypatch.setattr(factchecks, "MAX_ITEMS", 3)
    with pytest.raises(factchecks.FileRefused, match="More than 3"):
        factchecks.parse_json(b'[' + b",".join([b'{"claim_reviewed": "c", "url": "https://a.example.org"}'] * 5) + b']')


def test_only_an_admin_imports(make_user):
    with pytest.raises(PermissionDenied):
        import_file("checks.csv", actor=make_user("editor"))
    admin = make_user("admin")
    assert import_file("checks.csv", actor=admin).added == 3
    assert {r.imported_by_id for r in rows()} == {admin.id}


@pytest.mark.parametrize("given, claim, expected", [
    ("ar-SY", "A claim in English.", "ar"),
    ({"@type": "Language", "name": "Arabic", "alternateName": "ar"}, "A claim.", "ar"),
    ("English", "ادعاء بالعربية", "en"),
    ("not a language code", "ادعاء بالعربية", "ar"),
    (None, "A claim in English.", "en"),
])
def test_the_language_comes_from_inlanguage_else_from_the_script(given, claim, expected):
    review = {"@type": "ClaimReview", "url": "https://x.example.org/l", "claimReviewed": claim, "inLanguage": given}
    factchecks.import_items([review], origin="file")
    assert rows()[0].language == expected


def test_an_import_racing_another_looks_again_rather_than_failing(monkeypatch):
    if db.session.get_bind().dialect.name == "sqlite":
        pytest.skip("SQLite has one writer at a time; the savepoint retry is PostgreSQL's")
    factchecks.import_items([{"url": "https://race.example.org/1", "claim_reviewed": "Claim one."}], origin="file")
    db.session.commit()
    looked = []
    real = factchecks._known

    def stale_first(urls):  # the first look misses the row another import committed a moment before
        looked.append(urls)
        return {} if len(looked) == 1 else real(urls)

    monkeypatch.setattr(factchecks, "_known", stale_first)
    result = factchecks.import_items([{"url": "https://race.example.org/1", "claim_reviewed": "Claim one."},
                                      {"url": "https://race.example.org/2", "claim_reviewed": "Claim two."}],
                                     origin="file")
    db.session.commit()
    assert (result.added, result.skipped, len(looked)) == (1, 1, 2)
    assert [r.url for r in rows()] == ["https://race.example.org/1", "https://race.example.org/2"]


@pytest.mark.parametrize("written, expected", [
    ("2015-05-26", dt.date(2015, 5, 26)),
    ("2015-05-26T23:30:00-04:00", dt.date(2015, 5, 26)),
    ("26 May 2015", dt.date(2015, 5, 26)),
    ("Sept. 3, 2021", dt.date(2021, 9, 3)),
    ("21February 2009", dt.date(2009, 2, 21)),
    ("٣ أيلول ٢٠٢١", dt.date(2021, 9, 3)),
    ("3 سبتمبر 2021", dt.date(2021, 9, 3)),
])
def test_dates_as_sites_write_them(written, expected):
    factchecks.import_items([{"url": "https://x.example.org/d", "claim_reviewed": "A claim.", "date": written}],
                            origin="file")
    assert rows()[0].published_on == expected


@pytest.mark.parametrize("written", ["05/06/2015", "31 February 2021", "yesterday"])
def test_a_date_that_cannot_be_read_for_sure_is_named(written):
    result = factchecks.import_items([{"url": "https://x.example.org/d", "claim_reviewed": "A claim.",
                                       "date": written}], origin="file")
    assert result.added == 0 and written in result.errors[0]
