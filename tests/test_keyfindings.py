"""„Die wichtigsten Ergebnisse“: the rules of the key findings, the glossary, the table of contents.

* On the demo waves 2025 and 2026 (cleaned and analysed once per module, ~10 s): each finding
  says what an independent count of the processed tables says – the hubs are the actors with
  the most networks, the urban share is the share of memberships of urban actors, and so on.
* On tiny and partial waves: no crash, fewer findings, nothing said about change without a
  complete earlier wave.
* The glossary (one dictionary, sorted German), the markdown of the report notebook (technical
  names only in brackets), and the table of contents (after the key findings, numbered once).
"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from bildungsnetz.analysis.compare import previous_complete_wave
from bildungsnetz.analysis.keyfigures import urban_shares
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.pipeline import analyse_step
from bildungsnetz.report import glossary
from bildungsnetz.report import keyfindings as KF
from bildungsnetz.report.context import load_context
from bildungsnetz.report.htmlexport import notebook_to_html
from conftest import DATA, MINI_EXTERNAL, write

REPO = Path(__file__).resolve().parents[1]
ALL_KEYS = [
    "knotenpunkte",
    "bruecken",
    "stadt_land",
    "laendliches_potenzial",
    "weisse_flecken",
    "doppelstrukturen",
    "veraenderung",
]
BAD_TEXT = re.compile(r"\b(nan|NaN|inf|None)\b")


def sentences(text: str) -> int:
    """Number of sentences: an end mark before a capital letter or the end (brackets and
    abbreviations such as „u. a.“, „e.V.“ aside)."""
    text = _outside_brackets(text).replace("u. a.", "ua").replace("e.V.", "eV")
    return len(re.findall(r"[.!?](?=\s+[A-ZÄÖÜ„0-9]|$)", text.strip()))


def _pct(share: float) -> str:
    """Whole percent, German (the hand count's rounding)."""
    return f"{round(share * 100):d} %"


def _csv(data: Path, wave: str, name: str) -> pd.DataFrame:
    return pd.read_csv(data / "processed" / wave / f"{name}.csv", dtype=str, keep_default_na=False)


# ============================================================================================
# the demo waves


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    (root / "raw").mkdir()
    for wave in ("2025", "2026"):
        shutil.copytree(DATA / "raw" / wave, root / "raw" / wave)
    shutil.copy(DATA / "raw" / "ground_truth.json", root / "raw" / "ground_truth.json")
    shutil.copytree(DATA / "external", root / "external")
    for wave in ("2025", "2026"):
        clean_wave(root, wave)
        analyse_step(root, wave, keep_for_report=True)
    return root


@pytest.fixture(scope="module")
def ctx(demo):
    return load_context(demo, "2026")


@pytest.fixture(scope="module")
def findings(ctx):
    return {f.key: f for f in KF.key_findings(ctx, rural_weight=1.5)}


def test_demo_has_every_finding_in_order(ctx, findings):
    assert list(findings) == ALL_KEYS
    assert 5 <= len(findings) <= KF.MAX_FINDINGS
    for f in findings.values():
        assert f.headline.endswith(".") and f.text.endswith("."), f
        assert 1 <= sentences(f.text) <= 2, f.text
        assert not BAD_TEXT.search(f.headline + f.text + f.alt), f
        fig = f.figure()
        assert tuple(fig.get_size_inches()) == KF.FIGSIZE
        fig.savefig(io.BytesIO(), format="png")  # draws the tick labels
        # German numbers on the axes: no decimal point, no English thousands separator
        for ax in fig.get_axes():
            for label in ax.get_xticklabels() + ax.get_yticklabels():
                assert not re.search(r"\d\.\d|\d,\d{3}\b", label.get_text()), label.get_text()


def test_hubs_are_the_actors_with_the_most_networks(demo, findings):
    measures = _csv(demo, "2026", "kennzahlen_akteure")
    measures["n"] = measures["anzahl_netzwerke"].astype(int)
    measures["pr"] = measures["pagerank"].astype(float)
    top = measures.sort_values(["n", "pr", "akteur_id"], ascending=[False, False, True]).head(3)
    hubs = findings["knotenpunkte"]
    names = list(top["akteur"])
    assert hubs.headline == (f"Knotenpunkte des Netzes sind {names[0]}, {names[1]} und {names[2]}.")
    counts = [str(n) for n in top["n"]]
    netzwerke = len(_csv(demo, "2026", "netzwerke"))
    assert f"in {counts[0]}, {counts[1]} und {counts[2]} der {netzwerke} Netzwerke" in hubs.text
    median = int(measures["n"].median() // 1)
    assert f"in höchstens {median} Netzwerken" in hubs.text
    # the first by PageRank: named as one of the hubs or by name
    first = measures.sort_values(["pr", "akteur_id"], ascending=[False, True]).iloc[0]
    if first["akteur_id"] in set(top["akteur_id"]):
        assert "hat auch den größten Einfluss über Partner (PageRank)" in hubs.text
    else:
        assert first["akteur"] in hubs.text


def test_no_finding_names_an_actor_without_consent(demo, findings):
    actors = _csv(demo, "2026", "akteure")
    hidden = actors[actors["veroeffentlichen"] != "ja"]
    assert len(hidden)  # the demo has actors without consent
    text = " ".join(f.headline + " " + f.text + " " + f.alt for f in findings.values())
    for name in hidden["akteur"]:
        assert name not in text, name


def test_bridges_match_a_hand_count(demo, findings):
    networks = _csv(demo, "2026", "netzwerke")
    members = _csv(demo, "2026", "mitgliedschaften").merge(
        networks[["netzwerk_id", "bundesland"]], on="netzwerk_id"
    )
    states = members.groupby("akteur_id")["bundesland"].apply(set)
    bridges = [a for a, s in states.items() if {"Brandenburg", "Sachsen"} <= s]
    truth = json.loads((demo / "raw" / "ground_truth.json").read_text(encoding="utf-8"))
    planted = {p["akteur_id"] for p in truth["wellen"]["2026"]["bruecken"]}
    assert set(bridges) == planted  # only the planted bridges link the two states
    finding = findings["bruecken"]
    assert finding.headline == f"{len(bridges)} Akteure verbinden Brandenburg und Sachsen."
    share = len(bridges) / len(_csv(demo, "2026", "akteure")) * 100
    assert f"{share:.1f}".replace(".", ",") + " % aller Akteure" in finding.text


def test_urban_share_matches_a_hand_count(demo, findings):
    def shares(wave: str) -> tuple[float, float]:
        actors = _csv(demo, wave, "akteure")
        kind = dict(zip(actors["akteur_id"], actors["raumtyp"]))
        held = [kind[a] for a in _csv(demo, wave, "mitgliedschaften")["akteur_id"]]
        held = [k for k in held if k]
        known = [k for k in kind.values() if k]
        return (
            held.count("städtisch") / len(held),
            known.count("städtisch") / len(known),
        )

    members_now, actors_now = shares("2026")
    members_before, _ = shares("2025")
    places = pd.read_csv(demo / "external" / "gemeinden.csv", dtype=str).drop_duplicates(
        ["gemeinde", "landkreis"]
    )
    people = places["einwohner"].astype(int)
    population = people[places["raumtyp"] == "städtisch"].sum() / people.sum()
    urban = findings["stadt_land"]
    assert members_now - population >= 0.05  # the demo's networks are clearly urban
    assert urban.headline == (
        f"Die Netzwerke sind städtisch geprägt: {_pct(members_now)} der Mitgliedschaften "
        "entfallen auf Akteure in Städten."
    )
    assert f"In Städten leben {_pct(population)} der Einwohner" in urban.text
    assert f"{_pct(actors_now)} der Akteure sitzen dort" in urban.text
    assert "2025" in urban.text and _pct(members_before) in urban.text


def test_rural_potential_matches_a_hand_count(demo, ctx, findings):
    actors = _csv(demo, "2026", "akteure")
    rural = dict(
        zip(
            actors.loc[actors["raumtyp"] == "ländlich", "akteur_id"],
            actors.loc[actors["raumtyp"] == "ländlich", "landkreis"],
        )
    )
    pairs = _csv(demo, "2026", "potenziale")
    pairs = pairs[pairs["art"] == "akteur_akteur"].head(KF.N_POTENTIALS)
    per_district: dict[str, int] = {}
    involved = 0
    for a, b in zip(pairs["id_a"], pairs["id_b"]):
        districts = {rural[x] for x in (a, b) if x in rural}
        involved += bool(districts)
        for d in districts:
            per_district[d] = per_district.get(d, 0) + 1
    # the same share as the sentence of the section „Kooperationspotenziale“
    from bildungsnetz.report.narrative import rural_share_of_potentials

    assert involved / len(pairs) == pytest.approx(rural_share_of_potentials(ctx))
    most = max(per_district.values())
    leaders = sorted(d for d, c in per_district.items() if c == most)
    finding = findings["laendliches_potenzial"]
    for district in leaders:
        assert district in finding.headline
    assert f"({most})" in finding.text
    assert "1,5-fach" in finding.text


def test_white_spots_are_the_empty_cells(ctx, findings):
    matrix = ctx.results["themen_landkreise"].astype(float)
    empty = {(t, d) for t in matrix.index for d in matrix.columns if matrix.at[t, d] == 0}
    assert empty == set(map(tuple, KF.white_spots(ctx).to_numpy()))
    per_topic: dict[str, list[str]] = {}
    for topic, district in empty:
        per_topic.setdefault(topic, []).append(district)
    worst = max(per_topic, key=lambda t: len(per_topic[t]))
    finding = findings["weisse_flecken"]
    assert worst in finding.headline
    assert f"in {len(per_topic[worst])} von {len(matrix.columns)} Landkreisen" in finding.headline
    for district in per_topic[worst]:
        assert district in finding.text


def test_duplicates_count_and_strongest_pair(demo, findings):
    pairs = _csv(demo, "2026", "doppelstrukturen")
    pairs["s"] = pairs["score"].astype(float)
    first = pairs.sort_values("s", ascending=False).iloc[0]
    finding = findings["doppelstrukturen"]
    assert finding.headline.startswith(f"{len(pairs)} Netzwerkpaare")
    shared = int(first["gemeinsame_mitglieder"])
    union = int(first["mitglieder_a"]) + int(first["mitglieder_b"]) - shared
    assert f"„{first['netzwerk_a']}“ und „{first['netzwerk_b']}“" in finding.text
    assert f"{shared} ihrer zusammen {union} Mitglieder" in finding.text


def test_changes_since_the_previous_wave(demo, findings):
    before, now = _csv(demo, "2025", "akteure"), _csv(demo, "2026", "akteure")
    new = len(set(now["akteur_id"]) - set(before["akteur_id"]))
    left = len(set(before["akteur_id"]) - set(now["akteur_id"]))
    nets_before, nets_now = _csv(demo, "2025", "netzwerke"), _csv(demo, "2026", "netzwerke")
    new_n = len(set(nets_now["netzwerk_id"]) - set(nets_before["netzwerk_id"]))
    finding = findings["veraenderung"]
    growth = len(now) - len(before)
    assert finding.headline == f"Seit der Welle 2025 ist das Netz um {growth} Akteure gewachsen."
    assert finding.text.startswith(f"{new} Akteure kamen hinzu, {left} sind nicht mehr dabei")
    assert f"bei den Netzwerken {new_n} neu" in finding.text


def test_block_html_is_escaped_and_complete(ctx):
    fragment = KF.key_findings_html(ctx, rural_weight=1.5)
    soup = BeautifulSoup(fragment.html, "html.parser")
    section = soup.select_one("section.kernergebnisse")
    assert section.h2.get_text() == "Die wichtigsten Ergebnisse"
    articles = section.select("article.kernergebnis")
    assert len(articles) == len(ALL_KEYS)
    for article in articles:
        img = article.find("img")
        assert img["src"].startswith("data:image/png;base64,") and img["alt"]
        assert article.select_one(".kernergebnis-titel strong").get_text()
    # a name with markup stays text
    evil = "<img src=x onerror=alert(1)>"
    actors = ctx.results["kennzahlen_akteure"].copy()
    top = KF.hubs(ctx).index[0]
    original = actors.loc[top, "akteur"]
    ctx.results["kennzahlen_akteure"].loc[top, "akteur"] = evil
    try:
        page = KF.key_findings_html(ctx).html
    finally:
        ctx.results["kennzahlen_akteure"].loc[top, "akteur"] = original
    assert evil not in page and "&lt;img src=x" in page


def test_without_previous_wave_nothing_about_change(ctx):
    found = {f.key: f for f in KF.key_findings(ctx, previous=None)}
    assert "veraenderung" not in found
    assert "Welle" not in found["stadt_land"].text


# ============================================================================================
# tiny and partial waves


def _wave(root: Path, wave: str, akteure: str, netzwerke: str, mitglieder: str) -> Path:
    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    folder = root / "raw" / wave
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "akteure.csv").write_text(akteure, encoding="utf-8")
    (folder / "netzwerke.csv").write_text(netzwerke, encoding="utf-8")
    (folder / "mitgliedschaften.csv").write_text(mitglieder, encoding="utf-8")
    clean_wave(root, wave)
    return root


TINY = {
    # one actor in one network: nobody shares a network
    "einer": (
        "akteur\nEinzige Schule\n",
        "netzwerk\nNetz\n",
        "akteur,netzwerk\nEinzige Schule,Netz\n",
    ),
    # no memberships at all
    "ohne": ("akteur\nA\nB\n", "netzwerk\nN1\nN2\n", "akteur,netzwerk\n"),
    # districts without towns: no urban/rural type
    "kreise": (
        "akteur,landkreis,veroeffentlichen\nA,Cottbus,ja\nB,Görlitz,ja\nC,Görlitz,ja\n",
        "netzwerk,landkreis\nN1,Cottbus\nN2,Görlitz\n",
        "akteur,netzwerk\nA,N1\nB,N1\nB,N2\nC,N2\n",
    ),
    # two actors, one network, towns known, no level (ebene), no topics
    "zwei": (
        "akteur,plz,ort,veroeffentlichen\nOberschule Ost,03044,Cottbus,ja\n"
        "Bildungswerk West,04916,Herzberg,ja\n",
        "netzwerk\nAG Ausbildung\n",
        "akteur,netzwerk\nOberschule Ost,AG Ausbildung\nBildungswerk West,AG Ausbildung\n",
    ),
}


@pytest.mark.parametrize("wave", list(TINY))
def test_tiny_waves_give_fewer_findings_and_no_crash(tmp_path, wave):
    data = _wave(tmp_path, wave, *TINY[wave])
    analyse_step(data, wave, keep_for_report=True)
    ctx = load_context(data, wave)
    found = KF.key_findings(ctx, rural_weight=1.5)
    keys = [f.key for f in found]
    assert "veraenderung" not in keys
    assert len(found) < 5
    html_text = KF.key_findings_html(ctx).html
    text = BeautifulSoup(html_text, "html.parser").get_text(" ")
    assert not BAD_TEXT.search(text)
    assert "Die wichtigsten Ergebnisse" in text
    if not found:
        assert "zu wenige Angaben" in text
    for f in found:
        f.figure()  # every figure draws
    if wave in ("einer", "ohne"):
        assert keys == []
    if wave == "kreise":  # no place types: nothing about town and country
        assert "stadt_land" not in keys and "laendliches_potenzial" not in keys
    if wave == "zwei":  # one urban actor (Cottbus), one rural (Herzberg): half the memberships
        urban = {f.key: f for f in found}["stadt_land"]
        assert "50 % der Mitgliedschaften" in urban.headline
        assert "Welle" not in urban.text


def test_mini_wave_without_level(mini_data):
    """The conftest wave (no complete ebene, places partly unknown) gives what it has."""
    clean_wave(mini_data, "w1")
    analyse_step(mini_data, "w1", keep_for_report=True)
    ctx = load_context(mini_data, "w1")
    found = {f.key: f for f in KF.key_findings(ctx)}
    assert "veraenderung" not in found
    assert "knotenpunkte" in found
    hub = KF.hubs(ctx).iloc[0]
    assert hub["akteur"] in found["knotenpunkte"].headline


def _two_waves(tmp_path: Path) -> Path:
    members = "akteur,netzwerk\nOberschule Ost,AG Ausbildung\nBildungswerk West,AG Ausbildung\n"
    actors = (
        "akteur,plz,ort,veroeffentlichen\nOberschule Ost,03044,Cottbus,ja\n"
        "Bildungswerk West,04916,Herzberg,ja\n"
    )
    data = _wave(tmp_path, "w1", actors, "netzwerk\nAG Ausbildung\n", members)
    data = _wave(
        tmp_path,
        "w2",
        actors + "Schule Nord,02826,Görlitz,ja\n",
        "netzwerk\nAG Ausbildung\nAG Neu\n",
        members + "Schule Nord,AG Neu\nOberschule Ost,AG Neu\n",
    )
    for wave in ("w1", "w2"):
        analyse_step(data, wave, keep_for_report=True)
    return data


def test_change_with_and_without_a_complete_previous_wave(tmp_path):
    data = _two_waves(tmp_path)
    assert previous_complete_wave(data, "w2") == "w1"
    assert previous_complete_wave(data, "w1") is None
    ctx = load_context(data, "w2")
    found = {f.key: f for f in KF.key_findings(ctx)}
    change = found["veraenderung"]
    assert change.headline == "Seit der Welle w1 ist das Netz um 1 Akteur gewachsen."
    assert change.text.startswith("1 Akteur kam hinzu, 0 sind nicht mehr dabei")
    assert "In der Welle w1" in found["stadt_land"].text
    # a damaged earlier wave is no previous wave: nothing about change
    (data / "processed" / "w1" / "potenziale.csv").unlink()
    assert previous_complete_wave(data, "w2") is None
    found = {f.key: f for f in KF.key_findings(load_context(data, "w2"))}
    assert "veraenderung" not in found
    assert "w1" not in " ".join(f.text + f.headline for f in found.values())


def test_urban_shares_by_hand():
    actors = pd.DataFrame(
        {"akteur_id": ["A", "B", "C", "D"], "raumtyp": ["städtisch", "ländlich", "", "ländlich"]}
    )
    members = pd.DataFrame({"akteur_id": ["A", "A", "B", "C", "D", "D"]})
    places = pd.DataFrame(
        {
            "gemeinde": ["X", "X", "Y"],
            "landkreis": ["K", "K", "K"],
            "einwohner": ["30000", "30000", "10000"],
            "raumtyp": ["städtisch", "städtisch", "ländlich"],
        }
    )
    s = urban_shares(actors, members, places)
    assert (s.n_actors, s.n_memberships) == (3, 5)
    assert s.actors == pytest.approx(1 / 3)
    assert s.memberships == pytest.approx(2 / 5)
    assert s.population == pytest.approx(0.75)  # X counted once


# ============================================================================================
# glossary, notebook text, table of contents


def test_glossary_is_sorted_german_and_escaped():
    items = glossary.glossary_items()
    terms = [t for t, _ in items]
    assert terms == sorted(terms, key=glossary.sort_key)
    assert terms.index("Überschneidung der Mitglieder (Jaccard-Index)") > terms.index(
        "Stärke eines Vorschlags (Punktzahl)"
    )
    for term, text in items:
        assert 1 <= sentences(text) <= 2, term
    assert glossary.explain("Betweenness") == glossary.explain("Vermittlerrolle")
    html_text = glossary.glossary_html({"<b>": "a & b"})
    assert "&lt;b&gt;" in html_text and "a &amp; b" in html_text


def _markdown_cells() -> dict[str, str]:
    nb = json.loads((REPO / "notebooks" / "bericht.ipynb").read_text(encoding="utf-8"))
    cells = {}
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("## "):
            cells[source.splitlines()[0]] = source
    return cells


SECTIONS = [
    "Zentrale Akteure",
    "Gatekeeper und Brücken",
    "Verborgener Einfluss",
    "Vielfalt",
    "Horizontale und vertikale Vernetzung",
    "Doppelstrukturen",
    "Kooperationspotenziale",
    "Gemeinschaften",
]
JARGON = ("Degree", "Closeness", "Betweenness", "Constraint", "Jaccard", "PageRank", "Punktzahl")


def _outside_brackets(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", "", text)
    return text


def test_measures_are_explained_before_their_technical_names():
    cells = _markdown_cells()
    for section in SECTIONS:
        heading = next(h for h in cells if h.endswith(section))
        text = _outside_brackets(cells[heading])
        for word in JARGON:
            assert word not in text, (section, word)
    assert any(h == "## Glossar" for h in cells)
    nb = (REPO / "notebooks" / "bericht.ipynb").read_text(encoding="utf-8")
    assert "glossary_fragment()" in nb and "key_findings_html(ctx" in nb


def _export(tmp_path: Path, cells: list) -> BeautifulSoup:
    nb = nbformat.v4.new_notebook()
    for kind, content in cells:
        if kind == "md":
            nb.cells.append(nbformat.v4.new_markdown_cell(content))
        else:
            nb.cells.append(
                nbformat.v4.new_code_cell(
                    "x",
                    outputs=[nbformat.v4.new_output("display_data", data={"text/html": content})],
                )
            )
    source = tmp_path / "t.ipynb"
    nbformat.write(nb, source)
    out = notebook_to_html(source, tmp_path / "t.html", "Test")
    return BeautifulSoup(out.read_text(encoding="utf-8"), "html.parser")


def test_toc_follows_the_key_findings_and_numbers_once(tmp_path):
    block = (
        '<section class="kernergebnisse"><h2 id="die-wichtigsten-ergebnisse">Die wichtigsten '
        "Ergebnisse</h2><p>…</p></section>"
    )
    soup = _export(
        tmp_path,
        [
            ("html", "<p>Einleitung</p>"),
            ("html", block),
            ("md", "## 1 Überblick"),
            ("md", "### Datenqualität"),
            ("md", "## 2 Geografie"),
            ("md", "## Glossar"),
        ],
    )
    nav = soup.find("nav", class_="inhaltsverzeichnis")
    section = soup.find("section", class_="kernergebnisse")
    order = list(soup.find_all(["nav", "section", "table"]))
    assert order.index(section) < order.index(nav)
    assert nav.find("ol") is None  # the list itself adds no numbers
    texts = [a.get_text() for a in nav.find_all("a")]
    assert texts == [
        "Die wichtigsten Ergebnisse",
        "1 Überblick",
        "Datenqualität",
        "2 Geografie",
        "Glossar",
    ]
    # without key findings (the comparison page) the contents stand before the main part
    soup = _export(tmp_path, [("md", "## Das Netz im Zeitverlauf"), ("md", "## Karte")])
    nav = soup.find("nav", class_="inhaltsverzeichnis")
    assert nav.find_next("main") is not None and nav.find("ol") is None
