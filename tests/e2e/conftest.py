"""Browser fixtures for the e2e tests: one chromium for the whole session, axe-core from node_modules."""

from __future__ import annotations

import os

import pytest

from tests.conftest import CHROMIUM

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ARTIFACTS = os.path.join(ROOT, "test-artifacts")
AXE = os.path.join(ROOT, "node_modules", "axe-core", "axe.min.js")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser), shared by every e2e test."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make system-deps installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed by `make node-deps` (npm ci) from package.json's pinned version."""
    if not os.path.exists(AXE):
        pytest.skip("axe-core is not installed: run `make node-deps` (needs npm; `make test` does it)")
    with open(AXE, encoding="utf-8") as handle:
        return handle.read()
