"""Fixtures of the browser tests: the JupyterLab that `make lab` starts, and headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from labkit import CHROMIUM, CHROMIUM_ARGS, start_make_lab


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """`make lab` on a free port with a random token: yields a labkit.Lab."""
    assert Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM}: apt-get install -y chromium chromium-driver"
    yield from start_make_lab(tmp_path_factory.mktemp("lab"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright  # installed by make test-browser

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
