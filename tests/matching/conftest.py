"""Fixtures: learning on (the default model's multilingual encoder), index files in a folder of the test's own,
and a few earlier fact-checks written for these tests, imported as a user's file would be."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.services import checkworthiness as cw
from app.services import factchecks, vector_index

CHECKS = [
    {"url": "https://checks.example.org/en/bridge-toll", "claim_reviewed": "The river bridge toll doubled to 8 dinars "
     "in a single month.", "rating": "False", "publisher": "Example Checks", "date": "2025-03-04", "language": "en"},
    {"url": "https://checks.example.org/en/school-meals", "claim_reviewed": "Free school meals were cancelled for "
     "every pupil in Amman this year.", "rating": "Mostly true", "publisher": "Example Checks", "date": "2025-05-10",
     "language": "en"},
    {"url": "https://checks.example.org/en/vaccine-chip", "claim_reviewed": "The new flu vaccine contains a tracking "
     "microchip.", "rating": "Pants on fire", "publisher": "Example Checks", "date": "2024-11-20", "language": "en"},
    {"url": "https://tahaqaq.example.net/ar/evacuation", "claim_reviewed": "الحكومة أمرت بإخلاء 3000 عائلة من حي "
     "الشاطئ خلال أسبوع.", "rating": "غير صحيح", "publisher": "مرصد التحقق", "date": "2025-01-15",
     "language": "ar"},
    {"url": "https://tahaqaq.example.net/ar/bread-price", "claim_reviewed": "ارتفع سعر ربطة الخبز إلى نصف دينار في "
     "العاصمة.", "rating": "صحيح", "publisher": "مرصد التحقق", "date": "2025-02-01", "language": "ar"},
    {"url": "https://tahaqaq.example.net/ar/troops", "claim_reviewed": "انسحاب ألف جندي أمريكي من القاعدة الشمالية "
     "في سوريا.", "rating": "مضلل", "publisher": "مرصد التحقق", "date": "2025-06-03", "language": "ar"},
]


@pytest.fixture
def learning(tmp_path):
    """The default model's encoder in use, and this test's own folder of index files."""
    saved = (cw.SETTINGS.enabled, cw.SETTINGS.model_dir, vector_index.SETTINGS.folder)
    cw.SETTINGS.enabled, cw.SETTINGS.model_dir = True, tmp_path / "models"
    vector_index.SETTINGS.folder = tmp_path / "index"
    yield
    cw.SETTINGS.enabled, cw.SETTINGS.model_dir, vector_index.SETTINGS.folder = saved


@pytest.fixture
def checks(learning):
    """The earlier checks above, imported through the same code as a user's file; {url: id}."""
    result = factchecks.import_items(CHECKS, origin="file")
    db.session.commit()
    assert (result.added, result.errors) == (len(CHECKS), [])
    return dict(zip([c["url"] for c in CHECKS], result.ids, strict=True))
