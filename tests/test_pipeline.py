"""The whole batch run as users run it: ``bildungsnetz run`` on three small waves.

One module-scoped fixture builds a data folder with the mini reference data (plus one alias for
a renamed institution) and three waves, then runs the real command line once:

* ``w1`` – the hand-made tidy CSV wave of conftest (``MINI_TIDY``);
* ``w2`` – mostly the same institutions: one renamed through the alias table
  (``Bildungswerk Bautzen`` → ``Bildungszentrum Oberlausitz``), one gone, new actors, networks
  and memberships, an actor named ``<img src=x onerror="window.__xss=1">`` and a network named
  ``<script>window.__xss=2</script>`` (both valid), and an actor without consent to be named
  (``Geheime Bildungsstätte Niemandsland``) with contact person, e-mail and phone filled in;
* ``kaputt`` – ``w1`` plus a membership of an actor that exists nowhere.

Everything else is checked on the result of that one run (exit status, messages, files,
privacy, numbers, the executed notebook) and, in headless Chromium with every non-local
request blocked, on the pages a reader opens. The last tests run the command again: once
unchanged (skipped) and once with ``--force`` (recomputed, identical tables).
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bildungsnetz import pipeline
from conftest import MINI_EXTERNAL, MINI_TIDY, write
from test_browser import OfflinePage, _wait_for_map, browser  # noqa: F401 - browser: fixture

pytestmark = pytest.mark.slow

XSS_AKTEUR = '<img src=x onerror="window.__xss=1">'
XSS_NETZWERK = "<script>window.__xss=2</script>"
GEHEIM = "Geheime Bildungsstätte Niemandsland"
UMBENANNT_ALT, UMBENANNT_NEU = "Bildungswerk Bautzen", "Bildungszentrum Oberlausitz"
UNBEKANNT = "Phantasia-Akademie Wolkenkuckucksheim"
WAVE_FILES = (
    "bericht.html",
    "bericht.ipynb",
    "netzwerkkarte.html",
    "tabellen.xlsx",
    "netzwerk.graphml",
    "netzwerk.gexf",
)
PUBLISHABLE = (
    "kennzahlen_akteure.csv",
    "kennzahlen_netzwerke.csv",
    "kennzahlen_gesamt.csv",
    "potenziale.csv",
    "doppelstrukturen.csv",
    "gemeinschaften.csv",
    "mischungsmatrizen.csv",
    "handlungsempfehlungen.csv",
)

# Personal data from every wave (w1: MINI_TIDY) and the real names of actors without consent.
# Plain ASCII where possible, so that HTML/XML/JSON escaping cannot hide them.
CONTACTS = [
    "Xaver",
    "verschwiegen",
    "geheim.example",
    "3535 424242",  # w2, the actor without consent
    "Anna Schulze",
    "a.schulze@example.org",
    "355 1234",  # w1/w2
    "Bernd Meier",
    "b.meier@example.org",
    "355 9999",
    "Carla Roth",
    "c.roth@example.org",
]
HIDDEN_NAMES = ["Niemandsland", "Geheime Bildungsst", "Oberschule Herzberg"]
SECRETS = CONTACTS + HIDDEN_NAMES

AKTEURE_W2 = [
    # akteur, kategorie, plz, ort, landkreis, ebene, veroeffentlichen, ansprechperson, email,
    # telefon
    (
        "Industrie- und Handelskammer Cottbus",
        "Kammer",
        "03046",
        "Cottbus",
        "",
        "Land",
        "ja",
        "Dr. Anna Schulze",
        "a.schulze@example.org",
        "+49 355 1234",
    ),
    (
        "Oberschule Herzberg",
        "Schule",
        "04916",
        "Herzberg (Elster)",
        "",
        "Kommune",
        "nein",
        "Carla Roth",
        "c.roth@example.org",
        "",
    ),
    ("Neue Schule Görlitz", "Schule", "02826", "Görlitz", "", "Kommune", "ja", "", "", ""),
    (UMBENANNT_NEU, "Bildungsträger", "02625", "Bautzen", "", "Kreis", "ja", "", "", ""),
    (XSS_AKTEUR, "Bildungsträger", "02826", "Görlitz", "", "Kommune", "ja", "", "", ""),
    (
        GEHEIM,
        "Bildungsträger",
        "04916",
        "Herzberg (Elster)",
        "",
        "Kommune",
        "nein",
        "Xaver Verschwiegen",
        "xaver.verschwiegen@geheim.example",
        "+49 3535 424242",
    ),
    ("Oberschule Cottbus Mitte", "Schule", "03044", "Cottbus", "", "Kommune", "ja", "", "", ""),
]
NETZWERKE_W2 = [
    (
        "AG Berufsorientierung",
        "AG",
        "Elbe-Elster",
        "BO;Ausbildung",
        "Schüler;Azubis",
        "IHK Cottbus",
    ),
    ("Digitalnetz Lausitz", "Netzwerk", "Lausitz", "Digitalisierung", "Schüler*innen", ""),
    (XSS_NETZWERK, "Netzwerk", "Görlitz", "Digitalisierung", "Auszubildende", XSS_AKTEUR),
    (
        "Ausbildungsverbund Oberlausitz",
        "Netzwerk",
        "Bautzen",
        "Ausbildung",
        "Auszubildende",
        UMBENANNT_NEU,
    ),
]
MITGLIEDSCHAFTEN_W2 = [
    ("IHK Cottbus", "AG BO", "Leitung"),
    ("Industrie- und Handelskammer Cottbus", "Digitalnetz Lausitz", "Mitglied"),
    ("Oberschule Herzberg", "AG Berufsorientierung", "Gastgeber"),
    ("Neue Schule Görlitz", "Digitalnetz Lausitz", "Mitglied"),
    ("Neue Schule Görlitz", XSS_NETZWERK, "Mitglied"),
    (UMBENANNT_NEU, "Digitalnetz Lausitz", "Mitglied"),
    (UMBENANNT_NEU, "Ausbildungsverbund Oberlausitz", "Leitung"),
    (XSS_AKTEUR, XSS_NETZWERK, "Leitung"),
    (XSS_AKTEUR, "Digitalnetz Lausitz", "Mitglied"),
    (GEHEIM, "AG Berufsorientierung", "Mitglied"),
    (GEHEIM, "Ausbildungsverbund Oberlausitz", "Mitglied"),
    ("Oberschule Cottbus Mitte", "AG Berufsorientierung", "Mitglied"),
    ("Oberschule Cottbus Mitte", "Digitalnetz Lausitz", "Mitglied"),
]


def _write_csv(path: Path, header: str, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header.split(","))
        out.writerows(rows)


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run_cli(*args, cwd):
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bildungsnetz.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )
    return proc, time.perf_counter() - started


class Lauf:
    """The data folder, the reports folder and the result of the first ``run``."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.reports = root / "reports"
        self.proc = None
        self.seconds = 0.0

    def run(self, *args):
        return run_cli("run", *args, "--data", self.data, "--reports", self.reports, cwd=self.root)

    def processed(self, wave: str, name: str) -> list[dict]:
        return _read_csv(self.data / "processed" / wave / name)

    def actor_id(self, wave: str, name: str) -> str:
        [row] = [r for r in self.processed(wave, "akteure.csv") if r["akteur"] == name]
        return row["akteur_id"]


@pytest.fixture(scope="module")
def lauf(tmp_path_factory) -> Lauf:
    result = Lauf(tmp_path_factory.mktemp("pipeline"))
    data = result.data
    for name, text in MINI_EXTERNAL.items():
        write(data / "external" / name, text)
    with (data / "external" / "aliase.csv").open("a", encoding="utf-8") as handle:
        handle.write(f"akteur,{UMBENANNT_ALT},{UMBENANNT_NEU},umbenannt\n")
    for name, text in MINI_TIDY.items():
        write(data / "raw" / "w1" / name, text)
        write(data / "raw" / "kaputt" / name, text)
    with (data / "raw" / "kaputt" / "mitgliedschaften.csv").open("a", encoding="utf-8") as h:
        h.write(f"{UNBEKANNT},AG Berufsorientierung,Mitglied\n")  # line 9 of the file
    wave = data / "raw" / "w2"
    _write_csv(
        wave / "akteure.csv",
        "akteur,kategorie,plz,ort,landkreis,ebene,veroeffentlichen,ansprechperson,email,telefon",
        AKTEURE_W2,
    )
    _write_csv(
        wave / "netzwerke.csv",
        "netzwerk,typ,landkreis,themen,zielgruppen,koordination",
        NETZWERKE_W2,
    )
    _write_csv(wave / "mitgliedschaften.csv", "akteur,netzwerk,rolle", MITGLIEDSCHAFTEN_W2)
    result.raw_digest = _tree_digest(data / "raw")
    result.code_digest = _code_digest()
    result.proc, result.seconds = result.run()
    return result


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------- the first run


def test_broken_wave_fails_alone_with_german_message(lauf):
    proc = lauf.proc
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    for fragment in (
        "Fehler in Welle kaputt",
        "mitgliedschaften.csv",
        "Zeile 9",
        "Spalte „akteur“",
        f"Akteur „{UNBEKANNT}“ steht in keiner Tabelle",
        "1 von 3 Welle(n) fehlgeschlagen: kaputt",
    ):
        assert fragment in proc.stderr, (fragment, proc.stderr)
    # the good waves are not mentioned as failing, and they finished
    assert "Welle w1" not in proc.stderr and "Welle w2" not in proc.stderr
    assert "[w1] fertig" in proc.stdout and "[w2] fertig" in proc.stdout
    assert not (lauf.reports / "kaputt" / "bericht.html").exists()
    assert not (lauf.reports / "kaputt" / "fehler.log").exists()  # no internal error
    # the pipeline never writes under raw/
    assert _tree_digest(lauf.data / "raw") == lauf.raw_digest


def test_good_waves_have_every_file(lauf):
    for wave in ("w1", "w2"):
        for name in WAVE_FILES:
            path = lauf.reports / wave / name
            assert path.is_file() and path.stat().st_size > 0, path
        for name in (
            "akteure.csv",
            "netzwerke.csv",
            "mitgliedschaften.csv",
            "bereinigung.csv",
            *PUBLISHABLE,
        ):
            assert (lauf.data / "processed" / wave / name).is_file(), (wave, name)
    assert (lauf.reports / "vergleich.html").is_file()
    assert (lauf.reports / "index.html").is_file()


def test_index_links_to_everything(lauf):
    soup = BeautifulSoup((lauf.reports / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html.get("lang") == "de"
    links = [a["href"] for a in soup.find_all("a", href=True)]
    expected = ["vergleich.html"] + [
        f"{w}/{n}" for w in ("w1", "w2") for n in WAVE_FILES if n != "bericht.ipynb"
    ]
    for href in expected:
        assert href in links, (href, links)
    for href in links:
        assert not re.match(r"^[a-z]+:", href), href  # only relative links
        assert (lauf.reports / href).is_file(), href
    assert not any(h.startswith("kaputt/") for h in links)
    row = [tr for tr in soup.find_all("tr") if "kaputt" in tr.get_text()]
    assert row and "fehlgeschlagen" in row[0].get_text()
    assert "synthetische Demodaten" not in soup.get_text()


def test_executed_notebook_has_no_error_output(lauf):
    nb = json.loads((lauf.reports / "w2" / "bericht.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["parameters"]["wave"] == "w2"
    assert not nb["metadata"]["papermill"].get("exception")
    errors = [
        (cell.get("execution_count"), out.get("ename"), out.get("evalue"))
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert errors == []
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(c.get("execution_count") for c in code)  # every cell ran


# --------------------------------------------------------------------------------- privacy


def _texts_under(folder: Path):
    """(path, text) for every generated file; workbooks are unzipped and their XML read."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                for member in book.namelist():
                    yield f"{path}!{member}", book.read(member).decode("utf-8", "replace")
        else:
            yield str(path), path.read_bytes().decode("utf-8", "replace")


def _variants(text: str) -> str:
    """The text plus its HTML/XML-unescaped form (entities, the map's ``srcdoc`` attribute)."""
    once = html.unescape(text)
    return "\n".join((text, once, html.unescape(once)))


def test_no_personal_data_or_hidden_names_in_reports(lauf):
    checked = 0
    for name, text in _texts_under(lauf.reports):
        haystack = _variants(text).lower()
        for secret in SECRETS:
            assert secret.lower() not in haystack, (secret, name)
        checked += 1
    assert checked >= 2 * len(WAVE_FILES) + 2


def test_no_personal_data_in_publishable_tables(lauf):
    for wave in ("w1", "w2"):
        for name in PUBLISHABLE:
            text = (lauf.data / "processed" / wave / name).read_text(encoding="utf-8").lower()
            for secret in SECRETS:
                assert secret.lower() not in text, (secret, wave, name)
        # the cleaned tables carry no contact columns at all
        for name in ("akteure.csv", "netzwerke.csv", "mitgliedschaften.csv"):
            text = (lauf.data / "processed" / wave / name).read_text(encoding="utf-8")
            for secret in CONTACTS:  # (the real name is kept here, for the office)
                assert secret.lower() not in text.lower(), (secret, wave, name)
            header = text.splitlines()[0].split(",")
            assert not {"ansprechperson", "email", "telefon"} & set(header)


def test_hidden_actor_appears_under_pseudonym(lauf):
    [row] = [r for r in lauf.processed("w2", "akteure.csv") if r["akteur"] == GEHEIM]
    assert row["veroeffentlichen"] == "nein"
    pseudonym = row["anzeigename"]
    assert re.fullmatch(r"Bildungsträger \d+", pseudonym), pseudonym
    measures = {r["akteur_id"]: r for r in lauf.processed("w2", "kennzahlen_akteure.csv")}
    assert measures[row["akteur_id"]]["akteur"] == pseudonym
    assert int(measures[row["akteur_id"]]["anzahl_netzwerke"]) == 2  # still counted
    # and the reader finds it under that name in the report
    report = (lauf.reports / "w2" / "bericht.html").read_text(encoding="utf-8")
    assert pseudonym in report


def test_graph_files_show_the_pseudonym(lauf):
    import networkx as nx

    [row] = [r for r in lauf.processed("w2", "akteure.csv") if r["akteur"] == GEHEIM]
    public = lauf.actor_id("w2", "Oberschule Cottbus Mitte")
    for path, read in (("netzwerk.graphml", nx.read_graphml), ("netzwerk.gexf", nx.read_gexf)):
        graph = read(lauf.reports / "w2" / path)
        assert graph.number_of_nodes() == 11 and graph.number_of_edges() == 13
        hidden = graph.nodes[row["akteur_id"]]
        assert hidden["label"] == row["anzeigename"], (path, hidden)  # as on the map
        assert not {"plz", "ort", "lat", "lon"} & set(hidden), (path, hidden)
        assert graph.nodes[public]["label"] == "Oberschule Cottbus Mitte"


# --------------------------------------------------------------------------- the report HTML


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("name", ["w2/bericht.html", "vergleich.html"])
def test_report_has_no_code_but_toc_and_german(lauf, name):
    soup = _soup(lauf.reports / name)
    assert soup.html.get("lang") == "de"
    # Code cells: no input area, editor, prompt or highlighted source. (nbconvert's "lab"
    # markup wraps *rendered Markdown* in ``jp-InputArea`` too, so that alone is no sign.)
    code_cells = soup.select(".jp-CodeCell")
    assert code_cells  # their outputs are there …
    for cell in code_cells:  # … their source is not
        assert not cell.select(".jp-InputArea, .jp-InputPrompt"), str(cell)[:300]
    for selector in (
        ".input_area",
        ".input",
        ".jp-InputArea-editor",
        ".jp-InputPrompt",
        ".highlight",
        ".hl-ipython3",
        ".prompt",
        "pre code",
    ):
        assert not soup.select(selector), selector
    text = soup.get_text(" ")
    for fragment in ("import ", "load_context(", "table(tables.", "In [", "Out["):
        assert fragment not in text, fragment
    # a table of contents whose links lead to headings
    toc = soup.select("nav.inhaltsverzeichnis a[href^='#']")
    assert len(toc) >= (8 if name.startswith("w2") else 4), [a.get_text() for a in toc]
    for link in toc:
        assert soup.find(id=link["href"][1:]) is not None, link["href"]
    assert "Synthetische Demodaten" not in text and "synthetischen Demodaten" not in text


def test_map_page_is_not_marked_synthetic(lauf):
    text = _soup(lauf.reports / "w2" / "netzwerkkarte.html").get_text(" ")
    assert "Synthetische Demodaten" not in text


# ------------------------------------------------------------------------ numbers agree


def _table_by_caption(soup: BeautifulSoup, caption: str) -> list[dict]:
    found = [c for c in soup.find_all("caption") if caption in c.get_text(" ", strip=True)]
    assert len(found) == 1, [c.get_text(" ", strip=True) for c in soup.find_all("caption")]
    table = found[0].find_parent("table")
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    return [
        dict(zip(header, (td.get_text(strip=True) for td in tr.find_all("td"))))
        for tr in table.select("tbody tr")
    ]


def _ids(lauf: Lauf, wave: str, table: str, columns: tuple[str, ...]) -> set:
    return {tuple(r[c] for c in columns) for r in lauf.processed(wave, f"{table}.csv")}


#: The comparison page's one table of who joined, stayed and left (a row per kind).
TURNOVER = "Zu- und Abgänge zwischen aufeinanderfolgenden Wellen"


@pytest.mark.parametrize(
    "kind, table, columns",
    [
        ("Akteure", "akteure", ("akteur_id",)),
        ("Netzwerke", "netzwerke", ("netzwerk_id",)),
        ("Mitgliedschaften", "mitgliedschaften", ("akteur_id", "netzwerk_id")),
    ],
)
def test_comparison_counts_match_set_operations(lauf, kind, table, columns):
    rows = [
        r
        for r in _table_by_caption(_soup(lauf.reports / "vergleich.html"), TURNOVER)
        if r["Art"] == kind
    ]
    assert len(rows) == 1 and rows[0]["von"] == "w1" and rows[0]["bis"] == "w2", rows
    before = _ids(lauf, "w1", table, columns)
    after = _ids(lauf, "w2", table, columns)
    labels = ("neu", "geblieben", "nicht mehr dabei")
    expected = dict(zip(labels, (len(after - before), len(after & before), len(before - after))))
    assert {k: int(rows[0][k]) for k in labels} == expected


def test_renamed_institution_counts_as_staying(lauf):
    renamed = lauf.actor_id("w2", UMBENANNT_NEU)
    before = {r["akteur_id"] for r in lauf.processed("w1", "akteure.csv")}
    after = {r["akteur_id"] for r in lauf.processed("w2", "akteure.csv")}
    assert renamed in before & after
    # w1 delivered it under its old name; the cleaning log sends that row to the same id
    log = [
        r
        for r in lauf.processed("w1", "bereinigung.csv")
        if r["tabelle"] == "akteure" and r["eintrag"] == UMBENANNT_ALT
    ]
    assert log and {r["ziel_id"] for r in log} == {renamed}
    # the hand-made waves: 5 actors in w1, 7 in w2; IHK, Herzberg, Görlitz and the renamed
    # one stay, "Bildungswerk Bauzen" leaves, three join
    rows = _table_by_caption(_soup(lauf.reports / "vergleich.html"), TURNOVER)
    [row] = [r for r in rows if r["Art"] == "Akteure"]
    assert (row["neu"], row["geblieben"], row["nicht mehr dabei"]) == ("3", "4", "1")


# ------------------------------------------------------------------- in a real browser


class RecordingPage(OfflinePage):
    """OfflinePage that also remembers every request, local ones included (an injected
    ``<img src=x>`` would ask for a local file ``x``)."""

    def __init__(self, chromium, path: Path):
        self.requests: list[str] = []
        super().__init__(chromium, path)

    def _request(self, request):
        self.requests.append(request.url)
        super()._request(request)

    def frames(self):
        return [self.page.main_frame] + [f for f in self.page.frames if f != self.page.main_frame]

    def visible_text(self) -> str:
        """Body text and the options of lists (the map's search list and filters) of the page
        and every frame."""
        parts = []
        for frame in self.frames():
            parts.append(frame.evaluate("() => document.body.innerText"))
            parts += frame.evaluate(
                "() => Array.from(document.querySelectorAll('option'))"
                ".map(o => o.text + '\\n' + o.value)"
            )
        return "\n".join(parts)

    def assert_nothing_ran(self):
        for frame in self.frames():
            assert frame.evaluate("() => typeof window.__xss") == "undefined", frame.url
            assert (
                frame.evaluate(
                    "() => document.querySelectorAll('img:not([src^=\"data:\"])').length"
                )
                == 0
            )
            assert frame.evaluate(
                "() => document.querySelectorAll('script:not([src])')"
                ".length === document.scripts.length"
            )
        assert not [u for u in self.requests if u.rstrip("/").endswith("/x")], self.requests


PAGES = ["w2/bericht.html", "w2/netzwerkkarte.html", "vergleich.html", "index.html"]


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_page_offline_clean_and_safe(browser, lauf, name):  # noqa: F811 - fixture
    page = RecordingPage(browser, lauf.reports / name)
    try:
        maps = [
            f for f in page.frames() if f.evaluate("() => !!document.getElementById('bn-suche')")
        ]
        for frame in maps:
            _wait_for_map(frame)
        if name != "index.html":
            assert maps, "keine Netzwerkkarte auf der Seite"
        assert page.page.evaluate("() => document.documentElement.lang") == "de"
        text = page.visible_text()
        if name != "index.html":
            assert XSS_AKTEUR in text and XSS_NETZWERK in text
        assert "Synthetische Demodaten" not in text
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), secret
        page.page.wait_for_timeout(300)  # late errors and requests
        page.assert_nothing_ran()
        page.assert_clean()
    finally:
        page.close()


@pytest.mark.browser
def test_map_draws_and_search_finds_the_xss_actor(browser, lauf):  # noqa: F811 - fixture
    n_nodes = len(lauf.processed("w2", "akteure.csv")) + len(lauf.processed("w2", "netzwerke.csv"))
    xss_id = lauf.actor_id("w2", XSS_AKTEUR)
    hidden = [r for r in lauf.processed("w2", "akteure.csv") if r["akteur"] == GEHEIM][0]
    offline = RecordingPage(browser, lauf.reports / "w2" / "netzwerkkarte.html")
    page = offline.page
    try:
        _wait_for_map(page)
        assert page.evaluate("() => netzwerkkarte.nodes.length") == n_nodes
        assert (
            page.evaluate("() => Object.keys(netzwerkkarte.network.body.nodes).length") == n_nodes
        )
        painted = page.evaluate("""() => { const c = document.querySelector('#bn-netz canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }
            return n; }""")
        assert painted > 500
        # the real name of the actor without consent finds nothing; its pseudonym finds it
        page.fill("#bn-suche", "Niemandsland")
        page.press("#bn-suche", "Enter")
        assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == []
        assert "Kein Akteur" in page.inner_text("#bn-suche-status")
        page.fill("#bn-suche", hidden["anzeigename"])
        page.press("#bn-suche", "Enter")
        assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == [
            hidden["akteur_id"]
        ]
        # the injected name, typed in full, selects its actor and shows as plain text
        page.fill("#bn-suche", XSS_AKTEUR)
        page.press("#bn-suche", "Enter")
        assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == [xss_id]
        title = page.locator("#bn-info-inhalt h3")
        assert title.inner_text() == XSS_AKTEUR
        assert title.evaluate("e => e.children.length") == 0
        assert XSS_NETZWERK in page.inner_text("#bn-info-inhalt")
        # a prefix of it is enough (search by part of the name)
        page.fill("#bn-suche", "")
        page.fill("#bn-suche", "<img src=x")
        page.click("#bn-suche-los")
        assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == [xss_id]
        offline.assert_nothing_ran()
        offline.assert_clean()
    finally:
        offline.close()


# ---------------------------------------------------------------------------- running again


def _code_digest() -> str:
    from bildungsnetz.config import code_files

    digest = hashlib.sha256()
    for path in code_files():
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _skip_if_code_changed(lauf: Lauf):
    """The fingerprint covers the code: when someone edits the package or the notebooks while
    this module runs (a shared working tree), "unchanged" cannot be expected."""
    if _code_digest() != lauf.code_digest:
        pytest.skip("Der Code wurde während des Testlaufs geändert.")


def test_second_run_skips_unchanged_waves(lauf):
    _skip_if_code_changed(lauf)
    before = {w: (lauf.reports / w / "bericht.html").stat().st_mtime_ns for w in ("w1", "w2")}
    proc, seconds = lauf.run("w1", "w2")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    for wave in ("w1", "w2"):
        assert f"[{wave}] unverändert – übersprungen" in proc.stdout, proc.stdout
        assert f"[{wave}] Bereinigung" not in proc.stdout
        assert (lauf.reports / wave / "bericht.html").stat().st_mtime_ns == before[wave]
    assert "fertig (2 Welle(n))" in proc.stdout
    # no wave is computed again; only the overview pages are rewritten
    assert seconds < 0.6 * lauf.seconds, (seconds, lauf.seconds)
    assert (lauf.reports / "vergleich.html").is_file()


def test_force_reruns_and_gives_identical_tables(lauf):
    processed = lauf.data / "processed" / "w2"
    tables = {p.name: p.read_bytes() for p in processed.glob("*.csv")}
    files = {
        n: (lauf.reports / "w2" / n).read_bytes()
        for n in ("netzwerkkarte.html", "netzwerk.graphml", "netzwerk.gexf")
    }
    mtime = (lauf.reports / "w2" / "bericht.html").stat().st_mtime_ns
    proc, _ = lauf.run("w2", "--force")
    assert proc.returncode == 0, proc.stderr
    assert "übersprungen" not in proc.stdout
    assert "[w2] Bereinigung" in proc.stdout and "[w2] fertig" in proc.stdout
    assert (lauf.reports / "w2" / "bericht.html").stat().st_mtime_ns > mtime
    # reproducible: same processed tables, same map positions, same graph files
    assert {p.name: p.read_bytes() for p in processed.glob("*.csv")} == tables
    for name, content in files.items():
        assert (lauf.reports / "w2" / name).read_bytes() == content, name


def test_fingerprint_covers_the_earlier_waves_the_report_compares_with(mini_data):
    for name, text in MINI_TIDY.items():
        write(mini_data / "raw" / "w2" / name, text)
        write(mini_data / "raw" / "w3" / name, text)
    first = {w: pipeline.fingerprint(mini_data, w) for w in ("w1", "w2", "w3")}
    assert len(set(first.values())) == 3  # the same files, but other waves before them
    with (mini_data / "raw" / "w1" / "akteure.csv").open("a", encoding="utf-8") as handle:
        handle.write("Neue Schule,03046,Cottbus\n")  # last year's data corrected
    again = {w: pipeline.fingerprint(mini_data, w) for w in ("w1", "w2", "w3")}
    assert all(again[w] != first[w] for w in ("w1", "w2", "w3"))
    with (mini_data / "raw" / "w3" / "akteure.csv").open("a", encoding="utf-8") as handle:
        handle.write("Noch eine Schule,03046,Cottbus\n")  # a later wave does not count
    later = {w: pipeline.fingerprint(mini_data, w) for w in ("w1", "w2", "w3")}
    assert later["w1"] == again["w1"] and later["w2"] == again["w2"]
    assert later["w3"] != again["w3"]
