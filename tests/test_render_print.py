"""The web page in a browser's print preview: headless Chromium prints it to PDF, on A4
and on Letter, and a memo of ordinary length must fit two pages (the appendices stay
folded; answers many paragraphs long make it longer).

Skipped where no Chromium is installed (Debian: ``apt-get install chromium``); the
machine notes give the flags it needs to run headless as root without a network.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from render_pages import READINGS, example

from ldconsult.render.html_page import render_page

BROWSER = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n)), None)
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(BROWSER is None, reason="no headless Chromium installed")]
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--no-pdf-header-footer")
CASES = {
    "follow-up, six fixes": lambda: example(readings=READINGS),
    "training": lambda: example("sales-objection-handling"),
    "more information first": lambda: example("engineering-communication"),
}


def print_to_pdf(page: str, paper: str, folder: Path) -> bytes:
    """The page printed on ``paper`` (A4 or letter) by headless Chromium."""
    html = folder / "page.html"
    # The page leaves the paper to the printer; say which one, as a print dialog would.
    html.write_text(page.replace("@page {", f"@page {{ size: {paper};", 1), encoding="utf-8")
    pdf = folder / "page.pdf"
    done = subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={folder / 'profile'}",
                           f"--print-to-pdf={pdf}", html.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert pdf.is_file(), done.stderr[-2000:]
    return pdf.read_bytes()


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


@pytest.mark.parametrize("paper", ["A4", "letter"])
@pytest.mark.parametrize("case", list(CASES))
def test_the_page_prints_on_one_or_two_pages(tmp_path: Path, case: str, paper: str) -> None:
    intake, loaded, rec = CASES[case]()
    pdf = print_to_pdf(render_page(rec, intake, loaded), paper, tmp_path)
    assert 1 <= page_count(pdf) <= 2
