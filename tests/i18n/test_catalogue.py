"""Every message the desk can show has an Arabic translation: extracted afresh, as `make translations` does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from babel.support import Translations

ROOT = Path(__file__).resolve().parents[2]
AR_PO = ROOT / "app" / "translations" / "ar" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
ARABIC = re.compile(r"[\u0600-\u06FF]")


def _brief_plural(n: int) -> int:
    """The Arabic plural rule the desk's catalogue declares (six forms)."""
    if n == 0:
        return 0
    if n == 1:
        return 1
    if n == 2:
        return 2
    if 3 <= n % 100 <= 10:
        return 3
    if n % 100 >= 11:
        return 4
    return 5


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """`pybabel extract -F babel.cfg` over the project, into a fresh template."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-o", str(pot), str(ROOT)])
    with pot.open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


@pytest.fixture(scope="module")
def arabic():
    with AR_PO.open("rb") as handle:
        return read_po(handle)


def test_extraction_finds_python_and_template_messages(extracted):
    files = {str(Path(location[0]).resolve().relative_to(ROOT)) for message in extracted for location in message.locations}
    assert any(f.startswith("app/templates/") for f in files), "no template message extracted"
    assert any(f.startswith("app/services/") for f in files), "no service message extracted (app.i18n markers)"
    assert any(f.endswith("forms.py") for f in files)
    assert len(extracted) > 300


def test_every_extracted_message_has_an_arabic_translation(extracted, arabic):
    untranslated = []
    for message in extracted:
        entry = arabic.get(message.id, message.context)
        if entry is None or entry.fuzzy:
            untranslated.append(message.id)
            continue
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if isinstance(message.id, tuple) and len(forms) != 6 or not all(f.strip() for f in forms):
            untranslated.append(message.id)
    assert not untranslated, (
        f"{len(untranslated)} of {len(extracted)} messages have no Arabic translation (run `make translations` and "
        f"translate them in {AR_PO.relative_to(ROOT)}): {untranslated[:15]}")


def test_translations_keep_their_placeholders(arabic):
    broken = []
    for entry in arabic:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        expected = set(PLACEHOLDER.findall(" ".join(ids)))
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        for index, form in enumerate(forms):
            found = set(PLACEHOLDER.findall(form))
            # Arabic says "one claim" and "two claims" without the number: forms 0-2 may drop the count.
            allowed_missing = expected if isinstance(entry.id, tuple) and index <= 2 else set()
            if found - expected or (expected - found) - allowed_missing:
                broken.append((entry.id, index, form))
    assert not broken, broken[:10]


def test_arabic_strings_use_arabic_punctuation(arabic):
    latin_marks = re.compile(r"[\u0600-\u06FF][,;?]|[,;?] ?[\u0600-\u06FF]")
    offenders = []
    for entry in arabic:
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        offenders += [form for form in forms if form and ARABIC.search(form) and latin_marks.search(form)]
    assert not offenders, offenders[:10]


def test_the_catalogue_declares_six_arabic_plural_forms(arabic):
    assert arabic.num_plurals == 6 == get_plural("ar").num_plurals
    translations = Translations.load(str(ROOT / "app" / "translations"), ["ar"])
    # The compiled catalogue's rule picks the form the declared rule names, for every count up to 1000.
    assert [translations.plural(n) for n in range(1001)] == [_brief_plural(n) for n in range(1001)]
    forms = {n: translations.ungettext("%(num)d claim updated.", "%(num)d claims updated.", n) % {"num": n}
             for n in (0, 1, 2, 3, 11, 100)}
    assert forms == {0: "لم يُحدَّث أي ادعاء.", 1: "حُدِّث ادعاء واحد.", 2: "حُدِّث ادعاءان.", 3: "حُدِّثت 3 ادعاءات.",
                     11: "حُدِّث 11 ادعاءً.", 100: "حُدِّث 100 ادعاء."}
