"""The Arabic catalogue compiled before these tests, as `make install` does on a fresh clone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[2] / "app" / "translations"


def compile_catalogues() -> None:
    """Compile each messages.po whose .mo is missing or older (what `make compile-translations` does)."""
    for po in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as handle:
                catalog = read_po(handle)
            with mo.open("wb") as handle:
                write_mo(handle, catalog)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues(app):
    compile_catalogues()
    with app.app_context():
        app.extensions["babel"].instance.domain_instance.cache.clear()  # translations loaded before the compile
    yield


@pytest.fixture
def client_ar(app):
    """A browser that asks for Arabic (Accept-Language), not logged in."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar,en;q=0.5"
    return client


def environment_without_locale() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
