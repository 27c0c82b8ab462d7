"""Similar claims by meaning across Arabic and English, with figures still counting (issue 11, item 5)."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.services import checkworthiness as cw
from app.services import claim_vectors
from app.services.similar import similar_claims

EN = "The Pentagon declined to comment on the timetable."
AR = "ولم يصدر أي تعليق رسمي من وزارة الدفاع الأمريكية بشأن الجدول الزمني."


@pytest.fixture
def learning(tmp_path):
    saved = (cw.SETTINGS.enabled, cw.SETTINGS.model_dir)
    cw.SETTINGS.enabled, cw.SETTINGS.model_dir = True, tmp_path / "models"  # the default model's encoder
    yield
    cw.SETTINGS.enabled, cw.SETTINGS.model_dir = saved


def test_a_cross_language_pair_sharing_no_figure_is_found(learning, make_article, make_claim):
    en = make_claim(article=make_article(body=EN, language="en"), quote=EN.rstrip("."))
    ar = make_claim(article=make_article(body=AR, language="ar"), quote=AR.rstrip("."))
    other = make_claim(article=make_article(body="Bread prices rose in the capital on Monday.", language="en"),
                       quote="Bread prices rose in the capital on Monday")
    assert claim_vectors.embed_claims([en.id, ar.id, other.id]) == 3
    db.session.commit()
    found = similar_claims(en)
    assert [s.claim.id for s in found][:1] == [ar.id]
    assert "meaning" in found[0].reason
    assert other.id not in [s.claim.id for s in found]
    assert [s.claim.id for s in similar_claims(ar)][:1] == [en.id]  # and the other way round


def test_a_differing_figure_still_counts_against(learning, make_article, make_claim):
    base = make_claim(article=make_article(body="About 1,000 US troops remain in Syria.", language="en"),
                      quote="About 1,000 US troops remain in Syria")
    same = make_claim(article=make_article(body="نحو ألف جندي أمريكي لا يزالون في سوريا.", language="ar"),
                      quote="نحو ألف جندي أمريكي لا يزالون في سوريا")
    differs = make_claim(article=make_article(body="نحو ألفي جندي أمريكي لا يزالون في سوريا.", language="ar"),
                         quote="نحو ألفي جندي أمريكي لا يزالون في سوريا")
    claim_vectors.embed_claims([base.id, same.id, differs.id])
    db.session.commit()
    scores = {s.claim.id: s for s in similar_claims(base)}
    assert same.id in scores
    assert differs.id not in scores or (scores[differs.id].score < scores[same.id].score
                                        and "different figure: 1,000 vs 2,000" in str(scores[differs.id].reason))
