"""Fixtures for the e2e tests: axe-core from node_modules (the session's one chromium is tests/conftest.py's)."""

from __future__ import annotations

import os

import pytest

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
ARTIFACTS = os.path.join(ROOT, "test-artifacts")
AXE = os.path.join(ROOT, "node_modules", "axe-core", "axe.min.js")


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed by `make node-deps` (npm ci) from package.json's pinned version."""
    if not os.path.exists(AXE):
        pytest.skip("axe-core is not installed: run `make node-deps` (needs npm; `make test` does it)")
    with open(AXE, encoding="utf-8") as handle:
        return handle.read()
