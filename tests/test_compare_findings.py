"""The key findings of the comparison page: the new numbers on hand-made waves whose answers are
known (random baseline, newcomers, growth, urban share), the findings' sentences, and the
comparison notebook on tiny real waves (cleaned and analysed like ``bildungsnetz run`` does).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from bildungsnetz.analysis import compare as C
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.report import comparison as K
from bildungsnetz.report import comparison_findings as F
from bildungsnetz.text import german_number
from conftest import MINI_EXTERNAL, write

REPO = Path(__file__).resolve().parents[1]
#: Text a reader must never see: undefined numbers, Python's None, tracebacks, English decimal
#: points (a point followed by three digits is a German thousands separator).
BAD_TEXT = re.compile(r"\b(nan|NaN|inf|Infinity|None|Traceback)\b|\b\d+\.(\d{1,2}|\d{4,})\b")


def _members(pairs: str) -> pd.DataFrame:
    """``"A:N1 B:N1"`` → mitgliedschaften."""
    rows = [p.split(":") for p in pairs.split()]
    return pd.DataFrame(rows, columns=["akteur_id", "netzwerk_id"])


# --------------------------------------------------------------------------- hand example
#
# wave w1: actors A B C D F; N1 = {A, B, F}, N2 = {C}
# wave w2: actors A B C D E; N1 = {A, B, C}, N2 = {D}, N3 = {D, E}
#
# actors in both waves: A B C D → 6 pairs; sharing a network in w1: A–B → 5 without one
# (A–C, A–D, B–C, B–D, C–D); of these, sharing one in w2: A–C, B–C → random rate 2/5.
# F and E are in one wave only, so F–A (w1) and D–E (w2) do not count.
#
# actor × network (w1 networks N1, N2) for A B C D: 8 pairs, 3 memberships in w1 (A–N1, B–N1,
# C–N2) → 5 open; joined in w2: C–N1, D–N2 → 2/5.

W1_MEMBERS = _members("A:N1 B:N1 F:N1 C:N2")
W2_MEMBERS = _members("A:N1 B:N1 C:N1 D:N2 D:N3 E:N3")
W1_ACTORS = ["A", "B", "C", "D", "F"]
W2_ACTORS = ["A", "B", "C", "D", "E"]


def test_pair_baseline_by_hand():
    got = C.pair_baseline(W1_MEMBERS, W2_MEMBERS, W1_ACTORS, W2_ACTORS)
    assert got == {
        "akteure": 4,
        "paare": 6,
        "paare_ohne_netzwerk": 5,
        "neu_verbunden": 2,
        "zufallsrate": pytest.approx(2 / 5),
    }


def test_membership_baseline_by_hand():
    got = C.membership_baseline(W1_MEMBERS, W2_MEMBERS, W1_ACTORS, W2_ACTORS, ["N1", "N2"])
    assert got == {
        "akteure": 4,
        "netzwerke": 2,
        "paare_ohne_mitgliedschaft": 5,
        "neu_beigetreten": 2,
        "zufallsrate": pytest.approx(2 / 5),
    }


def _brute_force(m1, m2, a1, a2):
    common = sorted(set(a1) & set(a2))
    nets1 = m1.groupby("akteur_id")["netzwerk_id"].apply(set).to_dict()
    nets2 = m2.groupby("akteur_id")["netzwerk_id"].apply(set).to_dict()
    open_pairs = new = 0
    for a, b in itertools.combinations(common, 2):
        if nets1.get(a, set()) & nets1.get(b, set()):
            continue
        open_pairs += 1
        new += bool(nets2.get(a, set()) & nets2.get(b, set()))
    return open_pairs, new


@pytest.mark.parametrize("block_size", [1, 3, 1024])
def test_pair_baseline_equals_brute_force_on_random_waves(block_size):
    rng = np.random.default_rng(7)
    actors1 = [f"A{i}" for i in range(40)]
    actors2 = [f"A{i}" for i in range(8, 52)]
    m1 = pd.DataFrame(
        [(a, f"N{n}") for a in actors1 for n in range(12) if rng.random() < 0.12],
        columns=["akteur_id", "netzwerk_id"],
    )
    m2 = pd.DataFrame(
        [(a, f"N{n}") for a in actors2 for n in range(3, 15) if rng.random() < 0.15],
        columns=["akteur_id", "netzwerk_id"],
    )
    got = C.pair_baseline(m1, m2, actors1, actors2, block_size=block_size)
    open_pairs, new = _brute_force(m1, m2, actors1, actors2)
    assert (got["paare_ohne_netzwerk"], got["neu_verbunden"]) == (open_pairs, new)
    assert got["akteure"] == 32 and got["paare"] == 32 * 31 // 2
    assert 0 < new < open_pairs  # the example tests something


def test_baselines_without_pairs_are_undefined():
    empty = _members("")
    got = C.pair_baseline(empty, empty, ["A"], ["A"])
    assert got["paare_ohne_netzwerk"] == 0 and math.isnan(got["zufallsrate"])
    got = C.membership_baseline(empty, empty, ["A"], ["B"], ["N1"])
    assert got["paare_ohne_mitgliedschaft"] == 0 and math.isnan(got["zufallsrate"])


def test_top_newcomers():
    before = pd.DataFrame(
        {
            "akteur_id": ["A", "B", "C", "D"],
            "akteur": ["Anna", "Berta", "Clara", "Dora"],
            "pagerank": ["0.5", "0.3", "0.2", "0.1"],
        }
    )
    after = pd.DataFrame(
        {
            "akteur_id": ["A", "B", "C", "E", "G"],
            "akteur": ["Anna", "Berta", "Clara", "Emil", "Gerd"],
            "pagerank": ["0.2", "0.1", "0.4", "0.3", ""],  # G: undefined, not ranked
        }
    )
    two = C.top_newcomers(before, after, top=2)
    assert two["akteur"].tolist() == ["Clara", "Emil"]
    assert two["status"].tolist() == ["aufgestiegen", "neu_im_netz"]
    assert two["rang_vorher"].iloc[0] == 3 and math.isnan(two["rang_vorher"].iloc[1])
    three = C.top_newcomers(before, after, top=3)
    assert three.set_index("akteur")["status"].to_dict() == {
        "Clara": "geblieben",  # third in w1 too
        "Emil": "neu_im_netz",
        "Anna": "geblieben",
    }
    assert len(C.top_newcomers(before, after, top=10)) == 4  # G has no PageRank
    # ties are broken by id, as in rank_table
    tied = after.assign(pagerank=["0.1"] * 5)
    assert C.top_ranked(tied, top=2)["akteur_id"].tolist() == ["A", "B"]


def test_percent_change():
    assert C.percent_change(181, 322) == pytest.approx(77.90, abs=0.01)
    assert C.percent_change(80, 60) == pytest.approx(-25.0)
    assert math.isnan(C.percent_change(0, 5))
    assert math.isnan(C.percent_change(float("nan"), 5))


# --------------------------------------------------------------------------- a hand series


def _series(waves: dict[str, dict[str, pd.DataFrame]]) -> C.WaveSeries:
    """A WaveSeries over tables given in memory (the comparison functions only read
    ``waves``, ``pairs()`` and ``table()``)."""
    series = object.__new__(C.WaveSeries)
    series.data_dir = Path(".")
    series.skipped = {}
    series.waves = list(waves)
    series.tables = waves
    return series


def _actors(ids, districts, kinds):
    return pd.DataFrame(
        {
            "akteur_id": ids,
            "akteur": [f"Name {i}" for i in ids],
            "anzeigename": [f"Name {i}" for i in ids],
            "landkreis": districts,
            "kategorie": ["Schule"] * len(ids),
            "raumtyp": kinds,
        }
    )


def _wave(ids, districts, kinds, members, networks, pagerank, summary, potentials):
    return {
        "akteure": _actors(ids, districts, kinds),
        "netzwerke": pd.DataFrame({"netzwerk_id": networks}),
        "mitgliedschaften": members,
        "kennzahlen_akteure": pd.DataFrame(
            {"akteur_id": ids, "akteur": [f"Name {i}" for i in ids], "pagerank": pagerank}
        ),
        "kennzahlen_gesamt": pd.DataFrame(
            {"kennzahl": list(summary), "wert": [str(v) for v in summary.values()]}
        ),
        "potenziale": potentials,
    }


def _potentials(rows):
    return pd.DataFrame(rows, columns=["art", "rang", "id_a", "id_b"])


HAND = {
    "w1": _wave(
        W1_ACTORS,
        ["Cottbus", "Cottbus", "Görlitz", "Görlitz", "Cottbus"],
        ["städtisch", "städtisch", "ländlich", "", "städtisch"],
        W1_MEMBERS,
        ["N1", "N2"],
        ["0.4", "0.3", "0.1", "0.05", "0.15"],
        {"dichte_akteure": 0.6, "zentralisierung_akteure": 0.3},
        _potentials(
            [
                ("akteur_akteur", "1", "A", "C"),  # realised in w2 (N1)
                ("akteur_akteur", "2", "A", "D"),  # open
                ("akteur_akteur", "3", "C", "F"),  # F gone: not checkable
                ("akteur_netzwerk", "1", "D", "N2"),  # realised
                ("akteur_netzwerk", "2", "A", "N2"),  # open
            ]
        ),
    ),
    "w2": _wave(
        W2_ACTORS,
        ["Cottbus", "Cottbus", "Görlitz", "Görlitz", "Görlitz"],
        ["städtisch", "städtisch", "ländlich", "ländlich", ""],
        W2_MEMBERS,
        ["N1", "N2", "N3"],
        ["0.3", "0.25", "0.2", "0.15", "0.1"],
        {"dichte_akteure": 0.4, "zentralisierung_akteure": 0.5},
        _potentials([]),
    ),
}


def test_size_and_urban_shares_by_hand():
    series = _series(HAND)
    size = C.size_over_waves(series)
    assert size.loc["w1"].tolist() == [5, 2, 4] and size.loc["w2"].tolist() == [5, 3, 6]
    shares = C.urban_shares(series)
    # w1: A B F urban, C rural, D unknown → 3 of 4 actors; memberships A B F urban, C rural
    assert shares.loc["w1", "anteil_akteure_staedtisch"] == pytest.approx(3 / 4)
    assert shares.loc["w1", "anteil_mitgliedschaften_staedtisch"] == pytest.approx(3 / 4)
    # w2: A B urban, C D rural, E unknown; memberships A B (urban), C D D (rural), E unknown
    assert shares.loc["w2", "anteil_akteure_staedtisch"] == pytest.approx(2 / 4)
    assert shares.loc["w2", "anteil_mitgliedschaften_staedtisch"] == pytest.approx(2 / 5)
    assert shares.loc["w2", "mitgliedschaften_bekannt"] == 5


def test_suggestions_against_chance_by_hand():
    table = C.suggestions_against_chance(_series(HAND)).set_index("art")
    pairs = table.loc["akteur_akteur"]
    assert (pairs["vorschlaege"], pairs["pruefbar"], pairs["umgesetzt"]) == (3, 2, 1)
    assert pairs["zufall_paare"] == 5 and pairs["zufall_umgesetzt"] == 2
    assert pairs["praezision"] == pytest.approx(1 / 2)
    assert pairs["zufallsrate"] == pytest.approx(2 / 5)
    assert pairs["faktor"] == pytest.approx(1.25)
    nets = table.loc["akteur_netzwerk"]
    assert (nets["pruefbar"], nets["umgesetzt"]) == (2, 1)
    assert nets["faktor"] == pytest.approx((1 / 2) / (2 / 5))


def _plain(finding: F.ChangeFinding) -> F.ChangeFinding:
    """The finding with ordinary spaces (the sentences keep „28 %“ together with a no-break
    space)."""
    return F.ChangeFinding(
        finding.key,
        finding.headline.replace("\u00a0", " "),
        finding.text.replace("\u00a0", " "),
        finding.figure,
        finding.alt.replace("\u00a0", " "),
    )


def test_findings_on_the_hand_series():
    found = F.comparison_findings(_series(HAND), top=2)
    assert all("\u00a0%" in f.headline + f.text for f in found.items if "%" in f.headline + f.text)
    by_key = {f.key: _plain(f) for f in found.items}
    assert list(by_key) == [
        "wachstum",
        "landkreise",
        "stadt_land",
        "struktur",
        "spitze",
        "vorschlaege",
    ]
    assert found.left_out == []
    growth = by_key["wachstum"]
    assert growth.headline == "Das Netz ist so groß wie w1: 5 Akteure in 3 Netzwerken."
    assert "die der Netzwerke stieg von 2 auf 3 (+50 %)" in growth.text
    assert "1 Akteur ist neu dabei; 1 Akteur von w1 fehlt" in growth.text
    districts = by_key["landkreise"]
    assert districts.headline == "Am stärksten gewachsen ist Görlitz: +1 Akteur seit w1."
    assert "Weniger Akteure als w1: Cottbus (−1)." in districts.text
    urban = by_key["stadt_land"]
    assert urban.headline.startswith("40 % der Mitgliedschaften entfallen auf Akteure in Städten")
    assert "35 Prozentpunkte weniger als w1" in urban.headline
    structure = by_key["struktur"]
    assert structure.headline == (
        "Seit w1 ist das Netz lockerer geworden und stärker auf wenige zentrale Akteure "
        "ausgerichtet."
    )
    assert "40 % aller Akteurspaare" in structure.text
    # top 2 of w2: A (w1 rank 1), B (w1 rank 2): nothing new
    assert by_key["spitze"].headline.startswith("An der Spitze nichts Neues: die zwei")
    suggestions = by_key["vorschlaege"]
    factor = german_number(0.5 / 0.4, 1)  # 1.25 to one decimal
    assert suggestions.headline == (
        f"50 % der Vorschläge aus w1 sind umgesetzt – {factor}-mal so häufig wie zufällig "
        "gewählte Paare."
    )
    assert "Von allen 5 Akteurspaaren, die w1 kein Netzwerk teilten, sind 2 (40 %)" in (
        suggestions.text
    )
    for finding in found.items:
        assert not BAD_TEXT.search(" ".join((finding.headline, finding.text, finding.alt)))


def test_findings_leave_out_what_is_missing():
    bare = {
        wave: {
            **tables,
            "akteure": tables["akteure"].assign(landkreis="", raumtyp=""),
            "kennzahlen_gesamt": tables["kennzahlen_gesamt"].assign(wert=""),
            "potenziale": _potentials([]),
        }
        for wave, tables in HAND.items()
    }
    found = F.comparison_findings(_series(bare), top=2)
    assert [f.key for f in found.items] == ["wachstum", "spitze"]
    assert found.left_out_sentence() == (
        "Nicht ausgewiesen werden die Landkreise (Angaben zum Landkreis fehlen in der ersten "
        "oder neuesten Welle), Stadt und Land "
        "(keine Angaben zum Raumtyp in mindestens zwei Wellen), Dichte und Zentralisierung (in "
        "weniger als zwei Wellen bestimmbar) und die Kooperationsvorschläge (keine prüfbaren "
        "Vorschläge aus w1)."
    )
    html_text = F.findings_html(_series(bare), top=2)
    assert html_text.count('class="kernergebnis"') == 2
    assert "Nicht ausgewiesen werden" in html_text


def test_one_or_no_wave_gives_one_sentence():
    one = _series({"w1": HAND["w1"]})
    assert F.comparison_findings(one).items == []
    block = BeautifulSoup(F.findings_html(one), "html.parser")
    assert block.h2.get_text() == "Die wichtigsten Ergebnisse"
    assert [p.get_text() for p in block.select("p.keine-daten")] == [
        "Bisher liegt nur die Welle w1 vollständig ausgewertet vor; was sich verändert hat, "
        "steht hier, sobald eine zweite Welle ausgewertet ist."
    ]
    none = _series({})
    assert "keine vollständig ausgewertete Welle" in F.findings_html(none)


def test_names_are_escaped_in_the_block():
    evil = {w: dict(t) for w, t in HAND.items()}
    for tables in evil.values():
        tables["kennzahlen_akteure"] = tables["kennzahlen_akteure"].assign(
            akteur=lambda f: f["akteur"].where(f["akteur_id"] != "E", "<script>x()</script>")
        )
    evil["w2"]["kennzahlen_akteure"] = evil["w2"]["kennzahlen_akteure"].assign(
        pagerank=["0.1", "0.1", "0.1", "0.1", "0.9"]
    )
    html_text = F.findings_html(_series(evil), top=2)
    assert "<script>" not in html_text and "&lt;script&gt;x()&lt;/script&gt;" in html_text


# --------------------------------------------------------------------------- the display tables


def test_display_tables_are_narrow():
    series = _series(HAND)
    assert len(K.summary_display(C.figures_over_waves(series)).columns) <= 6
    turnover = K.turnover_table(series)
    assert turnover.columns.tolist() == [
        "von",
        "bis",
        "Art",
        "neu",
        "geblieben",
        "nicht mehr dabei",
    ]
    assert turnover.set_index("Art").loc[
        "Akteure", ["neu", "geblieben", "nicht mehr dabei"]
    ].tolist() == [1, 4, 1]
    chance = K.chance_display(C.suggestions_against_chance(series))
    assert len(chance.columns) == 6
    assert chance.loc[0, "davon umgesetzt %"] == pytest.approx(50.0)
    five = pd.DataFrame({"akteur": ["X"], **{f"w{i}": [i] for i in range(8)}})
    assert K.rank_display(five).columns.tolist() == ["Akteur", "w3", "w4", "w5", "w6", "w7"]


# --------------------------------------------------------------------------- real tiny waves


def _tiny_waves(root: Path, waves: dict[str, tuple[str, str, str]]) -> Path:
    from bildungsnetz.pipeline import analyse_step

    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    for wave, (akteure, netzwerke, mitglieder) in waves.items():
        folder = root / "raw" / wave
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "akteure.csv").write_text(akteure, encoding="utf-8")
        (folder / "netzwerke.csv").write_text(netzwerke, encoding="utf-8")
        (folder / "mitgliedschaften.csv").write_text(mitglieder, encoding="utf-8")
        clean_wave(root, wave)
        analyse_step(root, wave)
    return root


def run_comparison_cells(data: Path, waves: str) -> str:
    """Execute the code cells of vergleich.ipynb in this process; return what they show."""
    nb = json.loads((REPO / "notebooks" / "vergleich.ipynb").read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code"]
    namespace: dict = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec("".join(cells[0]["source"]), namespace)  # the parameters cell
        namespace.update(waves=waves, data_dir=str(data), reports_dir=str(data / "reports"))
        for cell in cells[1:]:
            exec("".join(cell["source"]), namespace)
    return out.getvalue()


def _reader_text(shown: str) -> str:
    return BeautifulSoup(re.sub(r"<script.*?</script>", "", shown, flags=re.S), "html.parser")


ZWEI_1 = (
    "akteur,kategorie,plz,ort,veroeffentlichen\n"
    "Oberschule Ost,Schule,03044,Cottbus,ja\n"
    "Bildungswerk West,Bildungsträger,02826,Görlitz,ja\n"
    "Grundschule Herzberg,Schule,04916,Herzberg,ja\n",
    "netzwerk,themen,zielgruppen\nAG Ausbildung,Ausbildung,Schüler*innen\n"
    "AG Digital,Digitalisierung,Schüler*innen\n",
    "akteur,netzwerk\nOberschule Ost,AG Ausbildung\nBildungswerk West,AG Ausbildung\n"
    "Grundschule Herzberg,AG Digital\n",
)
ZWEI_2 = (
    ZWEI_1[0] + "Kammer Nord,Kammer,03046,Cottbus,ja\n",
    ZWEI_1[1],
    ZWEI_1[2] + "Grundschule Herzberg,AG Ausbildung\nKammer Nord,AG Digital\n",
)


def test_notebook_on_two_tiny_waves(tmp_path):
    data = _tiny_waves(tmp_path, {"t1": ZWEI_1, "t2": ZWEI_2})
    shown = run_comparison_cells(data, "t1,t2")
    soup = _reader_text(shown)
    text = soup.get_text(" ")
    assert not BAD_TEXT.search(text), BAD_TEXT.search(text)
    block = soup.select_one("section.bn-vergleich-ergebnisse")
    findings = block.select("article.kernergebnis")
    keys = [a["data-regel"] for a in findings]
    assert keys[:2] == ["wachstum", "landkreise"] and "stadt_land" in keys, keys
    assert all(a.find("img", alt=True) for a in findings)
    titles = [
        a.select_one(".kernergebnis-titel").get_text().replace("\u00a0", " ") for a in findings
    ]
    assert (
        titles[0] == "Das Netz ist gewachsen: 4 Akteure in 2 Netzwerken, 33 % mehr Akteure als t1."
    )
    # the first table comes after the block
    html_text = str(soup)
    assert html_text.index("kernergebnis") < html_text.index("<table")
    assert (data / "reports" / K.WORKBOOK).is_file()


def test_notebook_on_tiny_waves_without_places_and_members(tmp_path):
    data = _tiny_waves(
        tmp_path,
        {
            "p1": (
                "akteur\nSchule Ahorn\nVerein Birke\n",
                "netzwerk\nNetz Eins\n",
                "akteur,netzwerk\nSchule Ahorn,Netz Eins\nVerein Birke,Netz Eins\n",
            ),
            "p2": (
                "akteur\nSchule Ahorn\nVerein Birke\nHof Linde\n",
                "netzwerk\nNetz Eins\n",
                "akteur,netzwerk\n",
            ),
        },
    )
    shown = run_comparison_cells(data, "p1,p2")
    soup = _reader_text(shown)
    text = soup.get_text(" ")
    assert not BAD_TEXT.search(text), BAD_TEXT.search(text)
    block = soup.select_one("section.bn-vergleich-ergebnisse")
    keys = [a["data-regel"] for a in block.select("article.kernergebnis")]
    assert keys[0] == "wachstum" and "stadt_land" not in keys and "landkreise" not in keys
    note = block.select_one("p.bn-vergleich-hinweis").get_text()
    assert note.startswith(
        "Nicht ausgewiesen werden die Landkreise (Angaben zum Landkreis fehlen in der ersten "
        "oder neuesten Welle)"
    )


def test_notebook_with_one_complete_wave(tmp_path):
    data = _tiny_waves(tmp_path, {"t1": ZWEI_1})
    soup = _reader_text(run_comparison_cells(data, "t1,fehlt"))
    block = soup.select_one("section.bn-vergleich-ergebnisse")
    assert block.select("article.kernergebnis") == []
    assert block.select_one("p.keine-daten").get_text().startswith("Bisher liegt nur die Welle t1")
    assert "Nicht im Vergleich enthalten ist die Welle fehlt" in soup.get_text(" ")


def test_response_share_over_waves_in_words():
    label = C.GESAMT_SHOWN["befragt_anteil"]
    over = pd.DataFrame({"Welle": ["2024", "2025", "2026"], label: [0.994, float("nan"), 0.84]})
    text = F.response_over_waves_sentence(over)
    assert text.startswith(
        "Den Fragebogen selbst beantwortet haben in den Wellen 2024 99\u00a0% und 2026 "
        "84\u00a0% der Akteure;"
    )
    one = F.response_over_waves_sentence(over.iloc[[2]])
    assert one.startswith("Den Fragebogen selbst beantwortet haben in der Welle 2026 84\u00a0%")
    assert F.response_over_waves_sentence(over.iloc[[1]]) is None  # nobody knows
    assert F.response_over_waves_sentence(over[["Welle"]]) is None  # older results
