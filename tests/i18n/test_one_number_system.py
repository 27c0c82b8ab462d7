"""An Arabic reader who chose Arabic-Indic digits reads no Western digit, no middle dot between digits and no
English word on any page of the desk, outside people's text and addresses (tests/i18n/readable.py)."""

from __future__ import annotations

import pytest

from app.extensions import db
from tests.conftest import login
from tests.e2e.test_pages_fit import _pages, desk  # noqa: F401 - the e2e tests' desk, used here as a fixture
from tests.i18n.readable import page_faults


@pytest.fixture
def arabic_desk(app, monkeypatch):
    """A desk whose public pages use Arabic-Indic digits (set before the desk publishes its report)."""
    monkeypatch.setitem(app.config, "DEFAULT_DIGITS", "arabic")


@pytest.fixture
def arabic_reader(arabic_desk, client, desk):  # noqa: F811 - the fixture imported above
    admin = desk["admin"]
    admin.locale, admin.digits = "ar", "arabic"
    db.session.commit()
    login(client, admin)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ar"  # the public pages follow the browser's language
    return client


def test_every_page_speaks_one_number_system(arabic_reader, desk):  # noqa: F811
    problems = []
    for name, path, status, _needs_login in _pages(desk):
        if name == "login":
            continue
        response = arabic_reader.get(path)
        assert response.status_code == status, name
        problems += [f"{name}: {fault}" for fault in page_faults(response.get_data(as_text=True))]
    assert not problems, "\n".join(problems)
