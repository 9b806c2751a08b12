"""The offline site in a real browser: maths typeset by the shipped MathJax from file:// pages.

tests/test_site.py checks the files; this opens them in headless Chromium with no server and
checks that MathJax typeset the TeX (with the shipped STIX-Web fonts) and that no page asked for a file that is missing.
Run with `make test-browser` (it is skipped otherwise).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

if os.environ.get("LBPKIT_BROWSER_TEST") != "1":
    pytest.skip("browser test: run it with `make test-browser`", allow_module_level=True)

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

import build_site  # noqa: E402

# TeX the site should typeset: $...$ or $$...$$ with something inside (not a lone "$5").
TEX = re.compile(r"\$\$[^$]+\$\$|\$[^$\s][^$\n]*?\$|\\\(|\\\[")


def test_maths_renders_offline_and_every_resource_loads(tmp_path, browser):
    out = tmp_path / "html"
    build_site.build_site(out)
    pages = [
        page
        for page in sorted(out.glob("*.html"))
        # code is not maths: a regex's "\(" in a code cell must not make a page expect MathJax
        if TEX.search(re.sub(r"<(script|style|pre|code)\b.*?</\1>", "", page.read_text(encoding="utf-8"), flags=re.S))
    ]
    assert pages, "no page of the site contains maths"
    # the session's Chromium (conftest.py): one Playwright per test run
    for page_file in pages:
        page = browser.new_page()
        failed: list[str] = []
        # MathJax probes font support with a request to about:blank, which file:// pages refuse.
        page.on("requestfailed", lambda r: failed.append(r.url) if r.url != "about:blank" else None)
        page.goto(page_file.as_uri(), wait_until="load")
        # MathJax 2 signals the end of its first typesetting pass through its queue.
        page.wait_for_function(
            "() => window.MathJax && MathJax.Hub && MathJax.Hub.queue && MathJax.Hub.queue.pending === 0"
            " && MathJax.Hub.queue.running === 0 && document.querySelectorAll('.MathJax').length > 0",
            timeout=60_000,
        )
        text = page.evaluate(
            "() => { const b = document.body.cloneNode(true);"
            " b.querySelectorAll('pre, code, script, style, .MathJax, .MathJax_Preview').forEach(e => e.remove());"
            " return b.innerText; }"
        )
        assert "Math Processing Error" not in text, page_file.name
        assert not page.query_selector_all(".MathJax_Error, .MathJax .merror"), page_file.name
        # the TeX was replaced: no "$b/c$" left in the text a reader sees
        assert not re.search(r"\$[^$\s][^$\n]*?\$", text), f"{page_file.name} shows raw TeX"
        assert failed == [], f"{page_file.name} could not load {failed}"
        page.close()
