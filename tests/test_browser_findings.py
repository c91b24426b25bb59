"""The demo report's first page in Chromium: key findings first, on one printed page, one TOC
numbering.

One module-scoped run of the real command line on the demo waves (2025 cleaned and analysed,
then ``bildungsnetz run 2026``, so that 2026 has an earlier wave to compare with) gives
``reports/2026/bericht.html`` and ``reports/vergleich.html``. The pages are opened from disk in
headless Chromium with every outside request blocked (fixtures of ``test_browser``), the wave
report is printed to A4 PDF (Playwright ``page.pdf``) and read back with ``pypdf``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from test_browser import OfflinePage, browser  # noqa: F401 - browser: fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: A table-of-contents entry numbered twice: a list number before a heading's own number.
DOUBLE_NUMBER = re.compile(r"(?m)^\s*\d+\.\s*\d+\s")


def _cli(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bildungsnetz.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def reports(demo_reports) -> Path:
    """The demo reports (all waves, built once per session by ``bildungsnetz run``)."""
    return demo_reports


@pytest.fixture()
def report(browser, reports):  # noqa: F811 - browser: fixture
    offline = OfflinePage(browser, reports / "2026" / "bericht.html", viewport=(1366, 900))
    yield offline
    offline.close()


def _headlines(page) -> list[str]:
    return page.eval_on_selector_all(
        "section.kernergebnisse article.kernergebnis .kernergebnis-titel",
        "els => els.map(e => e.textContent.trim())",
    )


def test_key_findings_open_the_report(report):
    page = report.page
    section = page.locator("section.kernergebnisse")
    assert section.count() == 1
    assert page.inner_text("section.kernergebnisse h2") == "Die wichtigsten Ergebnisse"
    articles = page.locator("section.kernergebnisse article.kernergebnis")
    assert 5 <= articles.count() <= 8
    for i in range(articles.count()):
        article = articles.nth(i)
        assert article.locator(".kernergebnis-titel strong").inner_text().strip()
        img = article.locator("img")
        assert img.count() == 1
        assert img.get_attribute("src").startswith("data:image/png;base64,")
        assert img.get_attribute("alt")
        assert img.evaluate("i => i.complete && i.naturalWidth > 100 && i.naturalHeight > 50")
    # before the first table and before the table of contents, in document order
    order = page.evaluate(
        """() => {
        const s = document.querySelector('section.kernergebnisse');
        const t = document.querySelector('table');
        const n = document.querySelector('nav.inhaltsverzeichnis');
        const before = (a, b) => !!(a.compareDocumentPosition(b)
                                    & Node.DOCUMENT_POSITION_FOLLOWING);
        return [t !== null && before(s, t), before(s, n),
                document.querySelectorAll('section.kernergebnisse table').length];
    }"""
    )
    assert order == [True, True, 0]
    # the block starts in the first screen of a 1366 × 900 laptop
    top = page.evaluate(
        "() => document.querySelector('section.kernergebnisse').getBoundingClientRect().top"
    )
    assert top < 900
    report.assert_clean()


def test_key_findings_print_on_page_one(report, tmp_path):
    from pypdf import PdfReader

    page = report.page
    headlines = _headlines(page)
    assert headlines
    pdf = tmp_path / "bericht.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = PdfReader(str(pdf))
    first = re.sub(r"\s+", "", reader.pages[0].extract_text())
    for headline in headlines:
        assert re.sub(r"\s+", "", headline) in first, headline
    # the findings end on page 1: the next page starts with the table of contents
    second = reader.pages[1].extract_text()
    assert second.lstrip().startswith("Inhalt"), second[:200]
    assert not DOUBLE_NUMBER.search(second), second[:600]
    assert "1 Überblick" in second
    report.assert_clean()


def test_table_of_contents_numbers_once(report):
    page = report.page
    entries = page.evaluate(
        """() => Array.from(document.querySelectorAll('nav.inhaltsverzeichnis li')).map(li =>
            [getComputedStyle(li).listStyleType, li.querySelector('a').textContent])"""
    )
    assert entries
    assert [text for _, text in entries][:2] == ["Die wichtigsten Ergebnisse", "1 Überblick"]
    assert all(style == "none" for style, _ in entries), entries
    assert any(text == "Glossar" for _, text in entries)
    # what the reader sees of the contents (list markers included when printed) is numbered once
    assert not DOUBLE_NUMBER.search(page.inner_text("nav.inhaltsverzeichnis"))
    report.assert_clean()


def test_glossary_at_the_end(report):
    page = report.page
    terms = page.eval_on_selector_all("dl.glossar dt", "els => els.map(e => e.textContent)")
    assert len(terms) >= 20
    assert "Vermittlerrolle (Betweenness)" in terms
    report.assert_clean()


def test_comparison_page_numbers_its_contents_once(browser, reports):  # noqa: F811
    path = reports / "vergleich.html"
    assert path.is_file()
    offline = OfflinePage(browser, path, viewport=(1366, 900))
    try:
        styles = offline.page.evaluate(
            """() => Array.from(document.querySelectorAll('nav.inhaltsverzeichnis li'))
                .map(li => getComputedStyle(li).listStyleType)"""
        )
        assert styles and all(style == "none" for style in styles), styles
        offline.assert_clean()
    finally:
        offline.close()
