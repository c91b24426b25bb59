"""The comparison page of the demo waves opened in headless Chromium: the key findings come
first, print on page 1 of the A4 PDF, and the page keeps to a few narrow tables.

The demo waves 2024–2026 are cleaned and analysed in a copy (as ``bildungsnetz run`` does) and
only the overview is built (:func:`bildungsnetz.report.build.build_overview`); the wave reports
are not needed for ``vergleich.html``.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from bs4 import BeautifulSoup

from test_browser import OfflinePage, browser  # noqa: F401 - browser: fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WAVES = ["2024", "2025", "2026"]
#: English decimal points (a point before three digits is a German thousands separator).
ENGLISH_DECIMAL = re.compile(r"\b\d+\.(\d{1,2}|\d{4,})\b")


@pytest.fixture(scope="module")
def demo_comparison(demo_reports):
    """``vergleich.html`` of the three demo waves (built once per session by ``bildungsnetz
    run``)."""
    return demo_reports / "vergleich.html"


def _squash(text: str) -> str:
    """Whitespace collapsed, ligatures of the PDF (ﬁ, ﬂ) undone, soft hyphens dropped."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).strip()


def test_findings_come_first_and_are_complete(browser, demo_comparison):  # noqa: F811
    offline = OfflinePage(browser, demo_comparison, viewport=(1366, 768))
    page = offline.page
    try:
        findings = page.locator("section.bn-vergleich-ergebnisse article.kernergebnis")
        count = findings.count()
        assert 5 <= count <= 8, count
        for i in range(count):
            item = findings.nth(i)
            assert item.locator(".kernergebnis-titel").inner_text().strip()
            assert item.locator(".kernergebnis-text").inner_text().strip()
            image = item.locator("img.kernergebnis-bild")
            assert image.get_attribute("alt").strip()
            # the figure is drawn (a decoded PNG with a size), not a broken image
            assert image.evaluate("img => img.complete && img.naturalWidth > 100")
        # before the first table, and before the table of contents
        order = page.evaluate(
            """() => {
                const block = document.querySelector('section.bn-vergleich-ergebnisse');
                const follows = (el) => !!el && Boolean(
                    block.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
                return {
                    table: follows(document.querySelector('table')),
                    toc: follows(document.querySelector('nav.inhaltsverzeichnis')),
                    heading: block.querySelector('h2').textContent.trim(),
                };
            }"""
        )
        assert order == {"table": True, "toc": True, "heading": "Die wichtigsten Ergebnisse"}
        text = page.inner_text("body")
        assert not ENGLISH_DECIMAL.search(text), ENGLISH_DECIMAL.search(text)
        assert "mal so häufig wie zufällig gewählte Paare" in text
        offline.assert_clean()
    finally:
        offline.close()


def test_page_has_few_narrow_tables_and_a_download(browser, demo_comparison):  # noqa: F811
    soup = BeautifulSoup(demo_comparison.read_text(encoding="utf-8"), "html.parser")
    tables = soup.select("table.tabelle")
    assert 1 <= len(tables) <= 6, len(tables)
    for table in tables:
        header = table.select("thead th")
        assert len(header) <= 6, [th.get_text() for th in header]
    link = soup.select_one("p.bn-download a[href]")
    assert link is not None and (demo_comparison.parent / link["href"]).is_file()
    offline = OfflinePage(browser, demo_comparison, viewport=(1366, 768))
    try:
        overflow = offline.page.evaluate(
            "() => Array.from(document.querySelectorAll('table.tabelle'))"
            ".filter(t => t.getBoundingClientRect().right > window.innerWidth).length"
        )
        assert overflow == 0
    finally:
        offline.close()


def test_findings_headlines_print_on_page_one(browser, demo_comparison):  # noqa: F811
    from pypdf import PdfReader

    offline = OfflinePage(browser, demo_comparison)
    page = offline.page
    try:
        headlines = [
            _squash(t)
            for t in page.locator(
                "section.bn-vergleich-ergebnisse .kernergebnis-titel"
            ).all_inner_texts()
        ]
        assert len(headlines) >= 5
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
    finally:
        offline.close()
    reader = PdfReader(io.BytesIO(pdf))
    first = _squash(reader.pages[0].extract_text())
    assert "Die wichtigsten Ergebnisse" in first
    for headline in headlines:
        assert headline in first, (headline, first)
    # and the block ends there: page 2 starts with what follows it
    second = _squash(reader.pages[1].extract_text())
    assert not any(headline in second for headline in headlines)
