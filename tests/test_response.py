"""Non-response (issue 14, item 5): who answered the survey (``akteure.befragt``), coverage,
and the top rankings among respondents only – on small hand-made waves with known answers."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from bildungsnetz.analysis.findings import response as R
from bildungsnetz.analysis.graphs import actor_projection
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.clean import accounting, clean_wave
from bildungsnetz.report import response as words
from bildungsnetz.report.context import load_context
from bildungsnetz.report.pages.model import pages_model
from conftest import MINI_EXTERNAL, write


def _data(root: Path, wave: str, files: dict[str, str]) -> Path:
    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    for name, text in files.items():
        write(root / "raw" / wave / name, text)
    return root


def _befragt(result) -> dict[str, str]:
    return dict(zip(result.akteure["akteur"], result.akteure["befragt"]))


NETZE = "netzwerk,koordination\nAG Berufsorientierung,\nDigitalnetz Lausitz,\n"
MITGLIEDER = """
    akteur,netzwerk
    Industrie- und Handelskammer Cottbus,AG Berufsorientierung
    Oberschule Herzberg,AG Berufsorientierung
    Neue Schule Görlitz,Digitalnetz Lausitz
    Bildungswerk Bautzen,Digitalnetz Lausitz
    Oberschule Herzberg,Digitalnetz Lausitz
    """


# --------------------------------------------------------------------- ingest, every path


def test_tidy_csv_reads_every_spelling_and_merges_rows_of_one_institution(tmp_path):
    data = _data(
        tmp_path,
        "w",
        {
            "akteure.csv": """
                akteur,befragt
                IHK Cottbus,nein
                industrie- und handelskammer  cottbus,Ja
                Oberschule Herzberg,x
                Neue Schule Görlitz,NEIN
                Bildungswerk Bautzen,
                """,
            "netzwerke.csv": NETZE,
            "mitgliedschaften.csv": MITGLIEDER,
        },
    )
    result = clean_wave(data, "w")
    # one row of the institution says it answered (alias + key variant merged): ja
    assert _befragt(result) == {
        "Industrie- und Handelskammer Cottbus": "ja",
        "Oberschule Herzberg": "ja",
        "Neue Schule Görlitz": "nein",
        "Bildungswerk Bautzen": "unbekannt",
    }
    written = pd.read_csv(data / "processed" / "w" / "akteure.csv", dtype=str)
    assert set(written["befragt"]) == {"ja", "nein", "unbekannt"}


def test_only_nein_rows_give_nein_and_a_missing_column_gives_unbekannt(tmp_path):
    data = _data(
        tmp_path,
        "w",
        {
            "akteure.csv": (
                "akteur,befragt\nIHK Cottbus,nein\nIndustrie- und Handelskammer Cottbus,n\n"
            ),
            "netzwerke.csv": NETZE,
            "mitgliedschaften.csv": "akteur,netzwerk\nIHK Cottbus,AG Berufsorientierung\n",
        },
    )
    assert set(_befragt(clean_wave(data, "w")).values()) == {"nein"}
    write(data / "raw" / "w" / "akteure.csv", "akteur\nIHK Cottbus\n")
    assert set(_befragt(clean_wave(data, "w")).values()) == {"unbekannt"}


def test_workbook_column_befragt(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    data = _data(tmp_path, "w", {})
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "akteure"
    for row in (("akteur", "Befragt"), ("IHK Cottbus", "ja"), ("Oberschule Herzberg", "nein")):
        sheet.append(row)
    sheet.append(("Neue Schule Görlitz", None))
    for title, rows in (
        ("netzwerke", [("netzwerk",), ("AG Berufsorientierung",)]),
        ("mitgliedschaften", [("akteur", "netzwerk"), ("IHK Cottbus", "AG Berufsorientierung")]),
    ):
        other = book.create_sheet(title)
        for row in rows:
            other.append(row)
    (data / "raw" / "w").mkdir(parents=True)
    book.save(data / "raw" / "w" / "erhebung.xlsx")
    assert _befragt(clean_wave(data, "w")) == {
        "Industrie- und Handelskammer Cottbus": "ja",
        "Oberschule Herzberg": "nein",
        "Neue Schule Görlitz": "unbekannt",
    }


def test_a_bad_value_is_a_german_error_naming_file_row_and_column(tmp_path):
    data = _data(
        tmp_path,
        "w",
        {
            "akteure.csv": "akteur,befragt\nIHK Cottbus,ja\nOberschule Herzberg,vielleicht\n",
            "netzwerke.csv": NETZE,
            "mitgliedschaften.csv": "akteur,netzwerk\n",
        },
    )
    with pytest.raises(BildungsnetzError) as info:
        clean_wave(data, "w")
    message = str(info.value)
    assert "akteure.csv" in message and "Zeile 3" in message and "„befragt“" in message
    assert "„vielleicht“" in message and "Erlaubt" in message


EXPORT = """
    id,submitdate,lastpage,A1,N1[SQ001],N1[SQ002]
    1,2024-03-01 10:00:00,2,IHK Cottbus,Y,
    2,2024-03-02 10:00:00,2,Oberschule Herzberg,Y,Y
    3,,1,Neue Schule Görlitz,,Y
    """
MAPPING = """
    code,feld,wert
    A1,akteur,
    N1[SQ001],mitglied,AG Berufsorientierung
    N1[SQ002],mitglied,Digitalnetz Lausitz
    """
REGISTER = """
    netzwerk,koordination
    AG Berufsorientierung,Industrie- und Handelskammer Cottbus
    Digitalnetz Lausitz,Bildungswerk Bautzen
    """


def test_survey_export_respondents_ja_register_coordinators_nein(tmp_path):
    data = _data(
        tmp_path,
        "s",
        {"results-survey1.csv": EXPORT, "zuordnung.csv": MAPPING, "netzwerke.csv": REGISTER},
    )
    result = clean_wave(data, "s")
    # an incomplete response is no answer: the school is in no table at all
    assert _befragt(result) == {
        "Industrie- und Handelskammer Cottbus": "ja",
        "Oberschule Herzberg": "ja",
        "Bildungswerk Bautzen": "nein",
    }
    akteure = result.akteure.set_index("akteur")
    bautzen = akteure.loc["Bildungswerk Bautzen"]
    assert bautzen["veroeffentlichen"] == "nein"  # never agreed to be named: a pseudonym
    assert bautzen["anzeigename"].startswith("Akteur ")
    nets = dict(zip(result.netzwerke["netzwerk"], result.netzwerke["netzwerk_id"]))
    roles = result.mitgliedschaften.set_index(["akteur_id", "netzwerk_id"])["rolle"]
    assert roles[(bautzen["akteur_id"], nets["Digitalnetz Lausitz"])] == "Leitung"
    # the responding coordinator keeps what it answered (no role added)
    ihk = akteure.loc["Industrie- und Handelskammer Cottbus", "akteur_id"]
    assert roles[(ihk, nets["AG Berufsorientierung"])] == "Mitglied"
    added = result.log[result.log["ergebnis"] == "ergänzt"]
    assert list(added["eintrag"]) == ["Bildungswerk Bautzen"]
    assert "keine eigene Antwort" in added["grund"].iloc[0]
    counts = accounting(result).set_index("datei")  # no raw row counted twice
    assert counts.loc["raw/s/results-survey1.csv", "gesamt"] == 3
    assert counts.loc["raw/s/netzwerke.csv", "gesamt"] == 2


def test_tidy_template_adds_no_actor_for_an_unknown_coordinator(tmp_path):
    data = _data(
        tmp_path,
        "w",
        {
            "akteure.csv": "akteur,befragt\nIHK Cottbus,ja\n",
            "netzwerke.csv": "netzwerk,koordination\nAG Berufsorientierung,Bildungswerk Bautzen\n",
            "mitgliedschaften.csv": "akteur,netzwerk\nIHK Cottbus,AG Berufsorientierung\n",
        },
    )
    assert _befragt(clean_wave(data, "w")) == {"Industrie- und Handelskammer Cottbus": "ja"}


# --------------------------------------------------------------------- analysis, hand graphs


def hand_graph() -> nx.Graph:
    """H is in three networks but did not answer; A, B, C, D, E answered.

    N1 = {H, A, B}, N2 = {H, C}, N3 = {A, D}, N4 = {H, E}. Among respondents only:
    N1 = {A, B}, N2 = {C}, N3 = {A, D}, N4 = {E} – A first, B and D tied, C and E alone.
    """
    B = nx.Graph()
    for a, answered in (("H", "nein"), *((x, "ja") for x in "ABCDE")):
        B.add_node(a, bipartite=0, befragt=answered, name=f"Akteur {a}", landkreis="Cottbus")
    for n in ("N1", "N2", "N3", "N4"):
        B.add_node(n, bipartite=1)
    B.add_edges_from(
        [("H", "N1"), ("A", "N1"), ("B", "N1"), ("H", "N2"), ("C", "N2"), ("A", "N3"), ("D", "N3")]
        + [("H", "N4"), ("E", "N4")]
    )
    return B


def test_respondent_graph_drops_the_non_respondents_and_their_ties_only():
    R_ = R.respondent_graph(hand_graph())
    assert sorted(R_.nodes) == ["A", "B", "C", "D", "E", "N1", "N2", "N3", "N4"]
    assert sorted(map(sorted, R_.edges)) == [
        ["A", "N1"],
        ["A", "N3"],
        ["B", "N1"],
        ["C", "N2"],
        ["D", "N3"],
        ["E", "N4"],
    ]


def test_respondent_ranking_on_a_hand_graph():
    B = hand_graph()
    change = R.respondent_rankings(B, backend="networkx", k=3)["pagerank"]
    # full graph: H is in three networks with four partners, A in two with three
    full = nx.pagerank(actor_projection(B), weight="weight")
    assert change.top == sorted(full, key=lambda n: (-full[n], n))[:3]
    assert change.top[0] == "H"
    # respondents only: A first (two partners), then B and D (tied, listed by id, sharing
    # a rank as in rang_pagerank), C and E alone (tied too)
    assert change.top_respondents == ["A", "B", "D"]
    assert change.ranks_respondents == {"A": 1, "B": 2, "D": 2, "C": 4, "E": 4}
    assert "H" in change.dropped and "H" not in change.ranks_respondents
    assert change.stay == len(set(change.top) & {"A", "B", "D"})
    # betweenness: only H and A lie on shortest paths; among respondents only A does
    between = R.respondent_rankings(B, backend="networkx")["betweenness"]
    assert between.k == 2 and set(between.top) == {"H", "A"}
    assert between.top_respondents[0] == "A"


def test_nothing_removed_gives_the_same_ranking():
    B = hand_graph()
    B.nodes["H"]["befragt"] = "ja"
    change = R.respondent_rankings(B, backend="networkx")["pagerank"]
    assert change.top == change.top_respondents and change.stay == change.k == 6
    assert change.dropped == [] and change.spearman == pytest.approx(1.0)


def test_spearman_against_hand_values_and_scipy():
    assert R.spearman_correlation([1, 1, 2], [1, 2, 3]) == pytest.approx(1.5 / math.sqrt(3))
    assert math.isnan(R.spearman_correlation([1, 2], [5, 5]))
    assert math.isnan(R.spearman_correlation([1], [2]))
    stats = pytest.importorskip("scipy.stats")
    x, y = [0.3, 0.1, 0.1, 0.9, 0.5, 0.2], [3, 1, 2, 2, 8, 0]
    assert R.spearman_correlation(x, y) == pytest.approx(stats.spearmanr(x, y)[0])


def test_coverage_by_state_and_district():
    B = hand_graph()
    B.nodes["D"]["landkreis"] = "Görlitz"
    B.nodes["D"]["befragt"] = ""
    cov = R.response_coverage(B).set_index(["ebene", "gruppe"])
    assert cov.loc[("gesamt", ""), ["ja", "nein", "unbekannt"]].tolist() == [4, 1, 1]
    assert cov.loc[("gesamt", ""), "anteil_befragt"] == pytest.approx(4 / 6)
    assert cov.loc[("landkreis", "Cottbus"), "anteil_befragt"] == pytest.approx(0.8)
    assert math.isnan(cov.loc[("landkreis", "Görlitz"), "anteil_befragt"])


def test_all_unknown_gives_no_figures():
    B = hand_graph()
    for a in "HABCDE":
        B.nodes[a]["befragt"] = ""
    assert R.respondent_rankings(B) is None
    figures = dict(R.response_figures(B, None))
    assert figures["befragt_unbekannt"] == 6
    assert all(math.isnan(v) for k, v in figures.items() if k != "befragt_unbekannt")


# --------------------------------------------------------------------- tables and words

WELLE = {
    "akteure.csv": """
        akteur,plz,landkreis,veroeffentlichen,befragt
        Hub Cottbus,03044,Cottbus,ja,nein
        Schule A,03044,Cottbus,ja,ja
        Schule B,03044,Cottbus,ja,ja
        Schule C,02826,Görlitz,ja,ja
        Schule D,02826,Görlitz,ja,ja
        Schule E,02826,Görlitz,ja,ja
        """,
    "netzwerke.csv": "netzwerk\nN1\nN2\nN3\nN4\n",
    "mitgliedschaften.csv": """
        akteur,netzwerk
        Hub Cottbus,N1
        Schule A,N1
        Schule B,N1
        Hub Cottbus,N2
        Schule C,N2
        Schule A,N3
        Schule D,N3
        Hub Cottbus,N4
        Schule E,N4
        """,
}


def test_published_tables_sentences_and_pages(tmp_path):
    data = _data(tmp_path, "w", WELLE)
    clean_wave(data, "w")
    ctx = load_context(data, "w")
    gesamt = ctx.results["kennzahlen_gesamt"].set_index("kennzahl")
    assert float(gesamt.loc["befragt_anteil", "wert"]) == pytest.approx(5 / 6)
    assert gesamt.loc["befragt_anteil", "erlaeuterung"]
    actors = ctx.actors.set_index("akteur")
    assert actors.loc["Hub Cottbus", "befragt"] == "nein"
    assert pd.isna(actors.loc["Hub Cottbus", "rang_pagerank_nur_befragte"])
    assert actors.loc["Schule A", "rang_pagerank_nur_befragte"] == 1
    assert words.coverage_sentence(ctx) == (
        "5 von 6 Akteuren (83 %) haben den Fragebogen selbst beantwortet; 1 kennen wir nur "
        "aus den Angaben anderer (Koordination, Kooperationspartner, Netzwerkregister)."
    )
    sentence = words.ranking_sentence(ctx, "pagerank")
    assert sentence.startswith("Von den 6 ersten Plätzen nach Einfluss über Partner (PageRank)")
    assert "Heraus fällt Hub Cottbus (nicht selbst befragt)" in sentence
    shown = words.ranking_table(ctx)
    assert list(shown.columns) == ["Akteur", "Selbst geantwortet", "Rang", "Rang nur Befragte"]
    assert (
        shown.iloc[0]["Akteur"] == "Hub Cottbus" and shown.iloc[0]["Selbst geantwortet"] == "nein"
    )
    district = words.coverage_by_district(ctx)
    assert district["Landkreis"].tolist() == ["Cottbus", "Görlitz"]
    assert len(district.columns) <= 6
    pages = {p.name: dict(p.facts) for p in pages_model(ctx).actors.values()}
    assert pages["Hub Cottbus"]["Angaben"] == "nur aus Angaben anderer (keine eigene Antwort)"
    assert pages["Schule A"]["Angaben"] == "aus der eigenen Antwort"


def test_a_wave_without_information_says_so_and_invents_nothing(tmp_path):
    files = dict(WELLE)
    files["akteure.csv"] = "akteur,plz\nHub Cottbus,03044\nSchule A,03044\n"
    files["mitgliedschaften.csv"] = "akteur,netzwerk\nHub Cottbus,N1\nSchule A,N1\n"
    data = _data(tmp_path, "w", files)
    clean_wave(data, "w")
    ctx = load_context(data, "w")
    gesamt = pd.to_numeric(ctx.results["kennzahlen_gesamt"].set_index("kennzahl")["wert"])
    assert gesamt["befragt_unbekannt"] == 2
    assert (
        gesamt[[k for k in gesamt.index if "befragt" in k and k != "befragt_unbekannt"]]
        .isna()
        .all()
    )
    assert words.coverage_sentence(ctx) == words.NO_RESPONSE_INFORMATION
    assert "keine Angabe darüber" in words.ranking_sentence(ctx)
    assert words.ranking_table(ctx) == "" and words.coverage_by_district(ctx) == ""
    assert set(ctx.actors["befragt"]) == {"unbekannt"}


# --------------------------------------------------------------------- the demo


@pytest.mark.slow
def test_demo_non_respondents_are_exactly_befragt_nein(tmp_path):
    from bildungsnetz import demo

    demo.write_demo(tmp_path)
    truth = json.loads((tmp_path / "raw" / demo.GROUND_TRUTH).read_text(encoding="utf-8"))
    for wave in demo.WAVES:
        result = clean_wave(tmp_path, wave, write=False)
        planted = truth["wellen"][wave]["nicht_befragt"]
        expected = {e["akteur_id"] for e in planted["in_den_daten"]}
        assert set(result.akteure.loc[result.akteure["befragt"] == "nein", "akteur_id"]) == expected
        missing = {e["akteur_id"] for e in planted["ohne_nennung"]}
        assert not missing & set(result.akteure["akteur_id"])  # nobody names them: not there
        assert 0.12 <= planted["anteil"] <= 0.18
        if wave != "2024":
            assert sum(e["top10"] for e in planted["in_den_daten"]) >= 2
            assert (result.akteure["befragt"] == "ja").mean() > 0.8
    rows = list(
        csv.DictReader(
            (tmp_path / "raw" / "2026" / "akteure.csv").open(encoding="cp1252"), delimiter=";"
        )
    )
    assert {r["befragt"] for r in rows} <= {"ja", "nein", ""}


def test_ties_up_to_solver_noise_do_not_depend_on_the_last_bits():
    """Structurally equal actors get PageRanks that differ in the last bits depending on the
    order the solver sees the graph (it changed between processes at 10×): their order and
    ranks must not."""
    base = {"a": 0.25, "b": 0.25, "c": 0.5}
    for noise in (1e-17, -1e-17):
        change = R.ranking_change(base, {"a": 0.25 + noise, "b": 0.25, "c": 0.5}, k=3)
        assert change.top_respondents == ["c", "a", "b"]
        assert change.ranks_respondents == {"c": 1, "a": 2, "b": 2}
