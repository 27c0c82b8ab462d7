"""One claim number everywhere: its id beside its place in the article, the same on the article page, the
claim page, the queue and the report, in the reader's language and digits."""

import re

import pytest

from app.extensions import db

ARABIC = "أعلنت البلدية فتح الجسر صباح الأحد. وقال السائقون إن الانتظار دام ثلاث ساعات. ونفت الشركة أي تأخير."
ENGLISH = "The council opened the bridge on Sunday. Drivers said they waited three hours. The firm denied any delay."
QUOTES = {"ar": ("ونفت الشركة أي تأخير", "أعلنت البلدية فتح الجسر صباح الأحد", "وقال السائقون إن الانتظار دام ثلاث ساعات"),
          "en": ("The firm denied any delay", "The council opened the bridge on Sunday", "Drivers said they waited three hours")}
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_claim_has_the_same_place_and_id_on_every_page_and_in_the_report(client, login_as, make_article, make_claim,
                                                                           language):
    user = login_as("reviewer")
    user.locale, user.digits = language, "arabic" if language == "ar" else "western"
    db.session.commit()
    article = make_article(body=ARABIC if language == "ar" else ENGLISH, language=language)
    made = [make_claim(article, quote=quote) for quote in QUOTES[language]]  # made last to first in the text
    claim = made[2]  # the second sentence: claim 2 of 3, whatever its id
    digits = (lambda n: str(n).translate(INDIC)) if language == "ar" else str
    number = f"#{digits(claim.id)}"
    place = f"الادعاء {digits(2)} من {digits(3)}" if language == "ar" else "claim 2 of 3"

    article_page = _text(client.get(f"/articles/{article.id}").get_data(as_text=True))
    assert f"{number} {place}" in article_page
    claim_page = _text(client.get(f"/claims/{claim.id}").get_data(as_text=True))
    assert f"{number} ({place})" in claim_page
    queue = _text(client.get("/queue/").get_data(as_text=True))
    assert f"{number} {digits(2)} {'من' if language == 'ar' else 'of'} {digits(3)}" in queue

    report = _text(client.get(f"/articles/{article.id}/report?format=html").get_data(as_text=True))
    heading = f"الادعاء {digits(2)} من {digits(3)}" if language == "ar" else "Claim 2 of 3"
    assert f"{heading} {number}" in report
    markdown = client.get(f"/articles/{article.id}/report?format=md").get_data(as_text=True)
    assert f"### {heading} ({number})" in markdown
    data = client.get(f"/articles/{article.id}/report?format=json").get_json()
    assert [(c["id"], c["number"]) for c in data["claims"]] == [(made[1].id, 1), (claim.id, 2), (made[0].id, 3)]
