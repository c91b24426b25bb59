"""The generated HTML opened as a reader opens it: from disk, in headless Chromium, offline.

Every request that is not ``file:`` or ``data:`` is recorded and aborted; each test then checks
that none happened, that the page logged no console error and raised no page error, and that
the injected names (``<img src=x onerror=window.__xss=1>``, ``<script>window.__xss=2</script>``)
show as text and never run.

Chromium: ``BILDUNGSNETZ_CHROMIUM`` (path), else ``/usr/bin/chromium`` / ``chromium`` /
``chromium-browser`` / ``google-chrome`` on PATH. Playwright never downloads a browser here.
Without Chromium (or Playwright) the tests are skipped locally but FAIL when ``CI`` is set.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

import kleine_welle as kw

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "about:")


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} – in CI müssen die Browser-Tests laufen.", pytrace=False)
    pytest.skip(f"{reason} – Browser-Tests übersprungen (in CI wäre das ein Fehler).")


def _find_chromium() -> str | None:
    candidates = [os.environ.get("BILDUNGSNETZ_CHROMIUM"), "/usr/bin/chromium"]
    candidates += [
        shutil.which(n)
        for n in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
    ]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright (Python-Paket) ist nicht installiert")
    executable = _find_chromium()
    if executable is None:
        _missing("Kein Chromium gefunden (BILDUNGSNETZ_CHROMIUM setzen oder chromium installieren)")
    with sync_playwright() as playwright:
        try:
            instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch problem means "no browser"
            _missing(f"Chromium unter {executable} startet nicht: {exc}")
        yield instance
        instance.close()


class OfflinePage:
    """A page whose context aborts every non-local request and records what happened."""

    def __init__(self, browser, path: Path, viewport=(1280, 860), **context_options):
        self.external: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.context = browser.new_context(
            viewport={"width": viewport[0], "height": viewport[1]}, **context_options
        )
        self.context.route("**/*", self._route)
        self.context.on("request", self._request)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        self.page.goto(path.resolve().as_uri())

    def _route(self, route):
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _request(self, request):
        if not request.url.startswith(LOCAL_SCHEMES) and request.url not in self.external:
            self.external.append(request.url)

    def _console(self, message):
        if message.type in ("error", "assert"):
            self.console_errors.append(message.text)

    def assert_clean(self):
        assert self.external == [], f"Netzwerkzugriffe: {self.external}"
        assert self.console_errors == [], f"Konsolenfehler: {self.console_errors}"
        assert self.page_errors == [], f"Seitenfehler: {self.page_errors}"

    def close(self):
        self.context.close()


def _wait_for_map(frame):
    frame.wait_for_function(
        "() => window.netzwerkkarte && window.netzwerkkarte.bereit", timeout=30000
    )


# ------------------------------------------------------------------------------- the map page


@pytest.fixture(scope="module")
def map_file(tmp_path_factory):
    from bildungsnetz.report import netmap

    t = kw.tabellen()
    path = tmp_path_factory.mktemp("karte") / "netzwerkkarte.html"
    netmap.write_map(
        path,
        t["akteure"],
        t["netzwerke"],
        t["mitgliedschaften"],
        t["kennzahlen_akteure"],
        title="Netzwerkkarte Test",
        synthetic=True,
        history={"A0000002": {"2024": 1, "2025": 2}},
    )
    return path


@pytest.fixture()
def map_page(browser, map_file):
    offline = OfflinePage(browser, map_file)
    _wait_for_map(offline.page)
    yield offline
    offline.close()


def _visible_ids(page) -> list[str]:
    return sorted(
        page.evaluate("() => netzwerkkarte.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
    )


def test_map_draws_offline_without_errors(map_page):
    page = map_page.page
    n_expected = len(kw.tabellen()["akteure"]) + len(kw.tabellen()["netzwerke"])
    assert page.evaluate("() => netzwerkkarte.nodes.length") == n_expected
    assert page.evaluate("() => Object.keys(netzwerkkarte.network.body.nodes).length") == n_expected
    size = page.evaluate("""() => { const c = document.querySelector('#bn-netz canvas');
                                     return c ? [c.width, c.height] : null; }""")
    assert size and size[0] > 100 and size[1] > 100
    # something was painted: the canvas is not blank
    painted = page.evaluate("""() => { const c = document.querySelector('#bn-netz canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; }""")
    assert painted > 500
    assert "Synthetische Demodaten" in page.inner_text("header")
    assert page.evaluate("() => document.documentElement.lang") == "de"
    assert page.evaluate("() => window.__xss") is None
    map_page.assert_clean()


def test_search_selects_actor(map_page):
    page = map_page.page
    page.fill("#bn-suche", "IHK Cottbus")
    page.press("#bn-suche", "Enter")
    assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == ["A0000001"]
    assert page.inner_text("#bn-info-inhalt h3") == "IHK Cottbus"
    # partial, case-insensitive
    page.fill("#bn-suche", "agentur für")
    page.click("#bn-suche-los")
    assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == ["A0000003"]
    map_page.assert_clean()


def test_xss_names_are_text_and_never_run(map_page):
    page = map_page.page
    options = page.evaluate(
        "() => Array.from(document.querySelectorAll('#bn-namen option')).map(o => o.value)"
    )
    assert kw.XSS_AKTEUR in options and kw.XSS_NETZWERK in options
    # choosing the exact name from the list (input event) selects it
    page.fill("#bn-suche", kw.XSS_AKTEUR)
    assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == ["A0000002"]
    title = page.locator("#bn-info-inhalt h3")
    assert title.inner_text() == kw.XSS_AKTEUR
    assert title.evaluate("e => e.children.length") == 0
    info = page.inner_text("#bn-info-inhalt")
    assert kw.XSS_NETZWERK in info  # its network, listed as text
    assert "2024: 1 → 2025: 2" in info  # the history line
    # the network appears as text in the network filter
    assert kw.XSS_NETZWERK in page.evaluate(
        "() => Array.from(document.querySelectorAll('#bn-f-netzwerk option')).map(o => o.text)"
    )
    # hover tooltip: built with textContent as well (shown only while the details are closed)
    page.click("#bn-info-zu")
    box = page.locator("#bn-netz").bounding_box()
    pos = page.evaluate("""() => { const n = netzwerkkarte.network;
        return n.canvasToDOM(n.getPosition('A0000002')); }""")
    page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"])
    page.wait_for_selector("#bn-tooltip:not([hidden])", timeout=5000)
    assert kw.XSS_AKTEUR in page.inner_text("#bn-tooltip")
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert page.evaluate("() => document.scripts.length") == 3  # data block + 2 scripts
    assert page.evaluate("() => window.__xss") is None
    map_page.assert_clean()


def test_topic_filter_hides_the_others(map_page):
    page = map_page.page
    page.select_option("#bn-f-thema", "Digitalisierung")
    assert _visible_ids(page) == ["A0000002", "A0000005", "N0000002"]
    assert "Sichtbar: 2 von 7 Akteuren" in page.inner_text("#bn-f-status")
    page.select_option("#bn-f-landkreis", "Görlitz")
    assert _visible_ids(page) == ["A0000002", "N0000002"]
    page.click("#bn-f-reset")
    assert len(_visible_ids(page)) == 10
    # greying instead of hiding keeps all nodes visible
    page.select_option("#bn-f-modus", "ausgrauen")
    page.select_option("#bn-f-kategorie", "Kammer")
    assert len(_visible_ids(page)) == 10
    assert page.evaluate("() => netzwerkkarte.status.akteure") == 1
    # searching a node hidden by a filter resets the filters
    page.select_option("#bn-f-modus", "ausblenden")
    page.fill("#bn-suche", "Landkreis Bautzen")
    page.press("#bn-suche", "Enter")
    assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == ["A0000006"]
    assert "Filter zurückgesetzt" in page.inner_text("#bn-suche-status")
    map_page.assert_clean()


def test_switches_layout_colour_and_size(map_page):
    page = map_page.page
    before = page.evaluate("() => netzwerkkarte.network.getPositions(['A0000001'])")
    page.select_option("#bn-layout", "geo")
    after = page.evaluate("() => netzwerkkarte.network.getPositions(['A0000001', 'A0000004'])")
    assert after["A0000001"] != before["A0000001"]
    assert after["A0000004"]["y"] > after["A0000001"]["y"]  # no coordinates: row below
    assert "ohne Ortsangabe" in page.inner_text("#bn-legende")
    colour = "() => netzwerkkarte.nodes.get('A0000001').color.background"
    first = page.evaluate(colour)
    page.select_option("#bn-farbe", "landkreis")
    assert page.evaluate(colour) != first
    assert "Cottbus" in page.inner_text("#bn-legende")
    size = "() => netzwerkkarte.nodes.get('A0000006').size"
    first = page.evaluate(size)
    page.select_option("#bn-groesse", "betweenness")
    assert page.evaluate(size) != first
    page.uncheck("#bn-netzwerke")
    assert all(i.startswith("A") for i in _visible_ids(page))
    map_page.assert_clean()


# ------------------------------------------------------------------------------- the report

NOTEBOOK_CELLS = [
    ("markdown", "# Testbericht"),
    ("code", "welle = '2025'", ["parameters"]),
    ("markdown", "## Überblick\n\nDieser Bericht ist ein Test. [Quelle](https://example.org)."),
    (
        "code",
        """
import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from bildungsnetz.report import display as hx
from bildungsnetz.report import netmap
from bildungsnetz.report.htmlsafe import PALETTE
t = {n: pd.read_csv(f'{n}.csv', dtype={'plz': str}) for n in
     ('akteure', 'netzwerke', 'mitgliedschaften', 'kennzahlen_akteure')}
import warnings; warnings.warn('diese Warnung gehört nicht in den Bericht')
""",
    ),
    ("markdown", "### Akteure"),
    (
        "code",
        """
hx.table(t['kennzahlen_akteure'][['akteur', 'anzahl_netzwerke', 'pagerank']],
         caption='Akteure nach PageRank', max_rows=10)
""",
    ),
    ("markdown", "## Abbildung"),
    (
        "code",
        """
fig, ax = plt.subplots(figsize=(6, 3))
zahlen = t['akteure']['landkreis'].value_counts()
sns.barplot(x=zahlen.index, y=zahlen.values, hue=zahlen.index, palette=PALETTE[:len(zahlen)],
            legend=False, ax=ax)
ax.set_ylabel('Akteure')
hx.figure(fig, caption='Akteure je Landkreis', alt='Balkendiagramm: Zahl der Akteure je Landkreis')
""",
    ),
    ("markdown", "## Netzwerkkarte"),
    (
        "code",
        """
netmap.map_fragment(t['akteure'], t['netzwerke'], t['mitgliedschaften'],
                    t['kennzahlen_akteure'], title='Netzwerkkarte Test', synthetic=True,
                    caption='Interaktive Karte', link='netzwerkkarte.html', height=560)
""",
    ),
]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    import nbformat
    import papermill

    from bildungsnetz.report.htmlexport import notebook_to_html

    folder = kw.schreibe(tmp_path_factory.mktemp("bericht"))
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    for kind, source, *tags in NOTEBOOK_CELLS:
        if kind == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(source))
        else:
            cell = nbformat.v4.new_code_cell(source.strip())
            if tags:
                cell.metadata["tags"] = tags[0]
            nb.cells.append(cell)
    source = folder / "bericht.ipynb"
    nbformat.write(nb, source)
    executed = folder / "bericht_ausgefuehrt.ipynb"
    papermill.execute_notebook(
        str(source),
        str(executed),
        cwd=str(folder),
        kernel_name="python3",
        progress_bar=False,
        parameters={"welle": "2025"},
    )
    return notebook_to_html(executed, folder / "bericht.html", "Testbericht 2025", synthetic=True)


def test_report_offline_toc_figure_table_and_map(browser, report_file):
    offline = OfflinePage(browser, report_file)
    page = offline.page
    try:
        assert page.evaluate("() => document.documentElement.lang") == "de"
        assert page.title() == "Testbericht 2025"
        text = page.inner_text("body")
        assert "Synthetische Demodaten" in text
        for hidden in ("import matplotlib", "hx.table", "In [", "Warnung gehört"):
            assert hidden not in text
        # table of contents with working links
        toc = page.evaluate("""() => Array.from(document.querySelectorAll(
            'nav.inhaltsverzeichnis a')).map(a => [a.textContent, a.getAttribute('href')])""")
        assert [t for t, _ in toc] == ["Überblick", "Akteure", "Abbildung", "Netzwerkkarte"]
        for _, href in toc:
            assert page.evaluate(
                "(h) => !!document.getElementById(decodeURIComponent(h))", href[1:]
            )
        # table: escaped text in a cell, German caption numbering
        cells = page.evaluate(
            "() => Array.from(document.querySelectorAll("
            "'table.tabelle td')).map(td => td.textContent)"
        )
        assert kw.XSS_AKTEUR in cells
        assert "Tabelle 1:" in page.inner_text("table.tabelle caption")
        # figure: embedded PNG with alt text and numbered caption
        img = page.locator("figure.abbildung img")
        assert img.get_attribute("src").startswith("data:image/png;base64,")
        assert img.get_attribute("alt") == "Balkendiagramm: Zahl der Akteure je Landkreis"
        assert img.evaluate("i => i.complete && i.naturalWidth > 100")
        assert "Abbildung 1:" in page.inner_text("figure.abbildung figcaption")
        # the embedded map draws inside its sandboxed frame
        frame = page.frame_locator("iframe.bn-karte-frame")
        frames = [f for f in page.frames if f != page.main_frame]
        assert len(frames) == 1
        _wait_for_map(frames[0])
        assert frames[0].evaluate("() => netzwerkkarte.nodes.length") == 10
        frame.locator("#bn-suche").fill("IHK Cottbus")
        frame.locator("#bn-suche").press("Enter")
        assert frames[0].evaluate("() => netzwerkkarte.network.getSelectedNodes()") == ["A0000001"]
        frames[0].evaluate("() => netzwerkkarte.setzeFilter('thema', 'Digitalisierung')")
        assert frames[0].evaluate("() => netzwerkkarte.status.akteure") == 2
        # nothing ran
        assert page.evaluate("() => window.__xss") is None
        assert frames[0].evaluate("() => window.__xss") is None
        assert page.evaluate("() => document.querySelectorAll('script').length") == 0
        offline.assert_clean()
    finally:
        offline.close()


def test_report_print_layout_hides_map(browser, report_file):
    offline = OfflinePage(browser, report_file)
    try:
        offline.page.emulate_media(media="print")
        assert (
            offline.page.evaluate(
                "() => getComputedStyle(document.querySelector('iframe')).display"
            )
            == "none"
        )
        offline.assert_clean()
    finally:
        offline.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
