import pytest

from tests.live import rq, store_dir, worker  # noqa: F401  fixtures for this package
from tests.site import other_site, site  # noqa: F401


@pytest.fixture
def allow(app, monkeypatch):
    """Let the given local sites through the fetch policy, and capture sources on attach."""

    def do(*sites, capture_on_attach: bool = True):
        monkeypatch.setitem(app.config, "FETCH_ALLOWED_HOSTS", ",".join(s.host for s in sites))
        monkeypatch.setitem(app.config, "CAPTURE_ON_ATTACH", capture_on_attach)

    return do
