"""„Handlungsempfehlungen“: the rules that derive next steps, their words and links.

* Each rule on a tiny hand-built example: a duplicate pair → one "bring together" step, a
  rural actor with a network suggestion → invited (and the limits per actor and network), a
  topic that other districts have a network on → "topic lacks a network", an actor in
  networks of both states → involved in cross-state work.
* The report layer on a hand-built wave with markup in names and an actor without consent:
  imperative sentences with evidence, escaped HTML, links only to actors with a profile page,
  the district filter, the sentence when there is nothing to do.
* The demo wave 2026 (cleaned and analysed once per module): the planted duplicate pairs and
  bridges of ``raw/ground_truth.json`` appear, every step follows its rule by a hand count,
  ``handlungsempfehlungen.csv`` is published without evidence and without hidden names.
* Tiny and partial waves: no crash, one sentence saying why there is nothing to do.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from bildungsnetz.analysis.findings import (
    EVIDENCE,
    RECOMMENDATION_COLUMNS,
    RECOMMENDATION_KINDS,
    InviteEvidence,
    Ref,
    bridge_steps,
    cooperation_potential,
    duplicate_structures,
    invite_steps,
    merge_steps,
    missing_network_steps,
    recommendations,
)
from bildungsnetz.analysis.graphs import WaveTables
from bildungsnetz.analysis.tables import OUTPUT_FILES, analyse_tables
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.pipeline import analyse_step
from bildungsnetz.report import recommendations as R
from bildungsnetz.report.context import WaveContext, load_context
from bildungsnetz.report.sentences import published_tables
from conftest import DATA, MINI_EXTERNAL, write
from kleine_welle import GEHEIMER_NAME, XSS_AKTEUR, XSS_NETZWERK

BAD_TEXT = re.compile(r"\b(nan|NaN|inf|None)\b")


def sentences(text: str) -> int:
    """Number of sentences: an end mark before a capital letter, a quote, a digit or the end
    (names in „…“ and the abbreviations „u. a.“, „bzw.“ aside)."""
    text = re.sub(r"„[^“]*“", "„X“", text).replace("u. a.", "ua.").replace("bzw.", "bzw")
    return len(re.findall(r"[.!?](?=\s+[A-ZÄÖÜ„0-9]|$)", text.strip()))


def hidden_names(actors: pd.DataFrame, networks: pd.DataFrame) -> set[str]:
    """Real names of actors without consent that cannot be confused with publishable text:
    not part of a shown name, a network name or a place phrase („Landkreis Bautzen“)."""
    public = list(actors["anzeigename"]) + list(networks["netzwerk"])
    places = {f"Landkreis {d}" for d in actors["landkreis"]} | set(actors["landkreis"])
    return {
        name
        for name in actors.loc[actors["veroeffentlichen"] != "ja", "akteur"]
        if name not in places and not any(name in shown for shown in public)
    }


# ============================================================================================
# the rules on tiny examples


def _net(B, x, name, lk, land="", themen="MINT", ziel="Schüler*innen"):
    B.add_node(
        x, bipartite=1, name=name, landkreis=lk, bundesland=land, themen=themen, zielgruppen=ziel
    )


def _actor(B, a, name, lk="", land="", raumtyp="städtisch"):
    B.add_node(a, bipartite=0, name=name, landkreis=lk, bundesland=land, raumtyp=raumtyp)


def _actor_topics(B):
    """Give each actor the topics and target groups of its networks (as ``two_mode_graph``
    does), which the cooperation potential reads."""
    for a, d in B.nodes(data=True):
        if d["bipartite"] == 0:
            for key in ("themen", "zielgruppen"):
                values = {v for x in B[a] for v in B.nodes[x][key].split(";")}
                d[key] = ";".join(sorted(values))


def test_a_duplicate_pair_becomes_one_step_to_bring_them_together():
    B = nx.Graph()
    _net(B, "N1", "AG MINT", "Görlitz")
    _net(B, "N2", "MINT-Runde", "Görlitz")
    _net(B, "N3", "MINT Cottbus", "Cottbus")  # shares one member only: no pair
    for a in ("A1", "A2", "A3"):
        _actor(B, a, f"Schule {a}", "Görlitz")
        B.add_edge(a, "N1", rolle="Mitglied")
        B.add_edge(a, "N2", rolle="Mitglied")
    B.edges["A3", "N1"]["rolle"] = "Gastgeber"
    B.add_edge("A1", "N3", rolle="Mitglied")
    steps = merge_steps(B, duplicate_structures(B, max_q=1.0))  # too few actors to test
    assert len(steps) == 1
    row = steps.iloc[0]
    assert (row["art"], row["rang"], row["landkreise"]) == ("doppelstruktur", 1, "Görlitz")
    assert row["netzwerk_ids"] == "N1; N2"
    assert row["akteur_ids"] == "A3; A1; A2"  # the host of one of the two first
    e = row[EVIDENCE]
    assert (e.shared_members[0].name, e.members_a, e.members_b) == ("Schule A3", 3, 3)
    assert e.shared_topics == ("MINT",) and e.area == "Görlitz"
    text = R.step_text(e)
    assert text.startswith(
        "Die Netzwerke „AG MINT“ und „MINT-Runde“ an einen Tisch bringen: klären, ob"
    )
    assert "Sie haben 3 gemeinsame Mitglieder von 3 bzw. 3 („Schule A3“, „Schule A1“ und " in text
    assert sentences(text) == 2


def test_duplicates_are_ranked_by_their_score():
    dup = pd.DataFrame(
        {
            "netzwerk_a_id": ["N1", "N3"],
            "netzwerk_a": ["a", "c"],
            "netzwerk_b_id": ["N2", "N4"],
            "netzwerk_b": ["b", "d"],
            "gebiet": "Lausitz",
            "landkreis_a": "Lausitz",
            "landkreis_b": "Lausitz",
            "mitglieder_a": 2,
            "mitglieder_b": 2,
            "jaccard_mitglieder": 1.0,
            "gemeinsame_themen": "MINT",
            "gemeinsame_zielgruppen": "Eltern",
            "score": [0.6, 0.9],
        }
    )
    steps = merge_steps(nx.Graph(), dup)
    assert list(steps["netzwerk_ids"]) == ["N3; N4", "N1; N2"]
    assert list(steps["rang"]) == [1, 2]
    assert "sind beide lausitzweit aktiv" in R.step_text(steps.loc[0, EVIDENCE])


def test_a_rural_actor_with_a_network_suggestion_is_invited():
    B = nx.Graph()
    _net(B, "N1", "MINT-Netz", "Görlitz")
    _net(B, "N2", "Schulnetz", "Görlitz")
    _actor(B, "A1", "Dorfschule", "Görlitz", raumtyp="ländlich")
    _actor(B, "A2", "Stadtschule", "Görlitz", raumtyp="städtisch")
    _actor(B, "A3", "Kammer", "Görlitz", raumtyp="städtisch")  # in both: a partner inside
    B.add_edges_from([("A1", "N2"), ("A2", "N2"), ("A3", "N1"), ("A3", "N2")])
    _actor_topics(B)
    pot = cooperation_potential(B)
    assert set(pot.loc[pot["art"] == "akteur_netzwerk", "id_a"]) == {"A1", "A2"}  # both fit
    steps = invite_steps(pot)
    assert list(zip(steps["akteur_ids"], steps["netzwerk_ids"])) == [("A1", "N1")]  # rural only
    row = steps.iloc[0]
    assert row["landkreise"] == "Görlitz" and row["art"] == "einladung"
    text = R.step_text(row[EVIDENCE])
    assert text.startswith("„Dorfschule“ in das Netzwerk „MINT-Netz“ einladen. Der Akteur sitzt ")
    assert "im ländlichen Raum im Landkreis Görlitz" in text
    assert "einer seiner Partner ist dort schon Mitglied" in text
    assert sentences(text) == 2


def test_invitations_are_limited_per_actor_and_per_network():
    pot = pd.DataFrame(
        {
            "art": "akteur_netzwerk",
            "id_a": ["A1", "A1", "A2", "A3", "A4", "A4", "A5"],
            "name_a": ["a1", "a1", "a2", "a3", "a4", "a4", "a5"],
            "landkreis_a": "Bautzen",
            "id_b": ["N1", "N2", "N1", "N1", "N1", "N3", "N2"],
            "name_b": "n",
            "landkreis_b": ["Lausitz", "Bautzen", "Lausitz", "Lausitz", "Lausitz", "", "Bautzen"],
            "gemeinsame_themen": "MINT",
            "gemeinsame_zielgruppen": "Eltern",
            "gemeinsame_partner": 0,
            "distanz_km": float("nan"),
            "laendlich": [True, True, True, True, True, True, False],
            "score": [0.9, 0.8, 0.85, 0.7, 0.65, 0.6, 0.99],
        }
    )
    steps = invite_steps(pot)
    assert list(zip(steps["akteur_ids"], steps["netzwerk_ids"])) == [
        ("A1", "N1"),  # the best
        ("A2", "N1"),  # N1 full after this one
        ("A4", "N3"),  # A3 has only N1; A4 gets its second-best network
    ]
    assert list(steps["landkreise"]) == ["Bautzen; Lausitz", "Bautzen; Lausitz", "Bautzen"]
    wider = invite_steps(pot, per_actor=2, per_network=3)
    assert ("A3", "N1") in set(zip(wider["akteur_ids"], wider["netzwerk_ids"]))
    assert ("A5", "N2") not in set(zip(wider["akteur_ids"], wider["netzwerk_ids"]))  # urban


def test_a_topic_without_a_network_in_a_district_is_named():
    B = nx.Graph()
    _net(B, "N1", "MINT Görlitz", "Görlitz")
    _net(B, "N2", "Kultur Bautzen", "Bautzen", themen="Kultur")
    _net(B, "N3", "Strukturwandel Lausitz", "Lausitz", themen="Strukturwandel")
    _net(B, "N4", "MINT Lausitz", "Lausitz")
    _actor(B, "A1", "Schule Bautzen", "Bautzen")
    _actor(B, "A2", "Schule Görlitz", "Görlitz")
    _actor(B, "A3", "Museum Bautzen", "Bautzen")
    B.add_edges_from([("A1", "N1"), ("A1", "N4"), ("A2", "N1"), ("A3", "N2"), ("A1", "N3")])
    steps = missing_network_steps(B, ["Bautzen", "Cottbus", "Görlitz"])
    # MINT lacks in Bautzen (Görlitz has a network); Kultur lacks in Görlitz; Cottbus has no
    # actors; Strukturwandel is worked on only region-wide: no gap anywhere
    assert list(zip(steps["thema"], steps["landkreise"])) == [
        ("MINT", "Bautzen"),
        ("Kultur", "Görlitz"),
    ]
    assert list(steps["prioritaet"]) == [1, 0]
    mint = steps.iloc[0]
    assert mint["akteur_ids"] == "A1"
    assert set(mint["netzwerk_ids"].split("; ")) == {"N1", "N4"}
    e = mint[EVIDENCE]
    assert [r.name for r in e.regional_networks] == ["MINT Lausitz"]
    assert e.districts_with_network == ("Görlitz",)
    text = R.step_text(e)
    assert text.startswith(
        "Prüfen, ob im Landkreis Bautzen ein Netzwerk zum Thema MINT gebraucht wird: Dort "
        "arbeitet bisher keines dazu. Ein Akteur aus dem Landkreis Bautzen arbeitet dazu in "
        "Netzwerken anderswo mit („Schule Bautzen“); eigene Netzwerke zum Thema hat Görlitz, "
        "lausitzweit arbeitet „MINT Lausitz“ dazu."
    )
    assert R.step_text(steps.loc[1, EVIDENCE]).startswith(
        "Prüfen, ob im Landkreis Görlitz ein Netzwerk zum Thema Kultur gebraucht wird"
    )
    assert "Bisher arbeitet kein Akteur aus dem Landkreis Görlitz dazu" in R.step_text(
        steps.loc[1, EVIDENCE]
    )


def test_demand_without_a_regional_network_asks_to_start_one_and_topics_alternate():
    B = nx.Graph()
    for k, lk in enumerate(("Görlitz", "Cottbus"), start=1):
        _net(B, f"N{k}", f"MINT {lk}", lk)
        _net(B, f"K{k}", f"Kultur {lk}", lk, themen="Kultur")
    for k, lk in enumerate(("Bautzen", "Bautzen", "Bautzen", "Elbe-Elster", "Elbe-Elster")):
        _actor(B, f"A{k}", f"Schule {k}", lk)
        B.add_edge(f"A{k}", "N1")
    B.add_edge("A0", "K1")
    B.add_edge("A3", "K1")
    steps = missing_network_steps(B)
    # MINT: Bautzen 3 actors, Elbe-Elster 2; Kultur: Bautzen 1, Elbe-Elster 1 – the first
    # gap of every topic before the second gap of any
    assert list(zip(steps["thema"], steps["landkreise"], steps["prioritaet"])) == [
        ("MINT", "Bautzen", 3),
        ("Kultur", "Bautzen", 1),
        ("MINT", "Elbe-Elster", 2),
        ("Kultur", "Elbe-Elster", 1),
    ]
    text = R.step_text(steps.loc[0, EVIDENCE])
    assert text.startswith("Im Landkreis Bautzen ein Netzwerk zum Thema MINT anstoßen:")
    assert "3 Akteure aus dem Landkreis Bautzen arbeiten dazu" in text


def test_a_bridge_actor_is_involved_in_cross_state_work():
    B = nx.Graph()
    _actor(B, "A1", "Hochschule", "Cottbus", "Brandenburg")
    _actor(B, "A2", "Kammer", "Cottbus", "Brandenburg")
    _actor(B, "A3", "Partner", "Görlitz", "Sachsen")
    _net(B, "N1", "MINT Cottbus", "Cottbus", "Brandenburg", themen="MINT;Digitalisierung")
    _net(B, "N2", "MINT Görlitz", "Görlitz", "Sachsen", themen="MINT")
    _net(B, "N3", "Digital Bautzen", "Bautzen", "Sachsen", themen="Digitalisierung")
    _net(B, "N4", "MINT Bautzen", "Bautzen", "Sachsen", themen="MINT")
    _net(B, "N5", "Kultur Bautzen", "Bautzen", "Sachsen", themen="Kultur")
    _net(B, "N6", "Lausitz", "Lausitz", "", themen="MINT")
    B.add_edges_from([("A1", "N1"), ("A1", "N2"), ("A3", "N2"), ("A3", "N4")])
    B.add_edges_from([("A2", "N1"), ("A2", "N6")])  # Lausitz networks count for no state
    steps = bridge_steps(B)
    assert list(steps["akteur_ids"]) == ["A1"]
    row = steps.iloc[0]
    e = row[EVIDENCE]
    assert e.networks_by_state == (("Brandenburg", 1), ("Sachsen", 1))
    assert e.participation == pytest.approx(0.5)
    assert e.cross_state_topics == ("MINT",) and e.target_state == "Sachsen"
    # N4 works on its cross-state topic and a partner (A3) is in it; N3 only on another topic
    assert [r.id for r in e.suggested_networks] == ["N4"]
    assert row["landkreise"] == "Cottbus; Bautzen"
    text = R.step_text(e)
    assert text == (
        "„Hochschule“ in die länderübergreifende Arbeit einbinden: für das Netzwerk „MINT "
        "Bautzen“ in Sachsen gewinnen. Der Akteur wirkt schon in einem Netzwerk mit Sitz in "
        "Brandenburg und 1 mit Sitz in Sachsen mit und arbeitet in beiden Ländern zu MINT."
    )


def test_bridges_are_ranked_by_balance_then_betweenness():
    B = nx.Graph()
    for k, (lk, land) in enumerate(
        [("Cottbus", "Brandenburg"), ("Spree-Neiße", "Brandenburg"), ("Görlitz", "Sachsen")]
    ):
        _net(B, f"N{k}", f"Netz {k}", lk, land)
    for a in ("A1", "A2", "A3"):
        _actor(B, a, a)
    B.add_edges_from([("A1", "N0"), ("A1", "N1"), ("A1", "N2")])  # 2:1
    B.add_edges_from([("A2", "N0"), ("A2", "N2"), ("A3", "N1"), ("A3", "N2")])  # 1:1 each
    measures = pd.DataFrame({"akteur_id": ["A2", "A3"], "betweenness": [0.1, 0.2]})
    steps = bridge_steps(B, measures)
    assert list(steps["akteur_ids"]) == ["A3", "A2", "A1"]
    assert list(bridge_steps(B)["akteur_ids"]) == ["A2", "A3", "A1"]  # without: by id


def test_all_rules_in_one_table_in_the_order_of_the_kinds():
    B = nx.Graph()
    _net(B, "N1", "AG MINT", "Görlitz", "Sachsen")
    _net(B, "N2", "MINT-Runde", "Görlitz", "Sachsen")
    _net(B, "N3", "Schulnetz Cottbus", "Cottbus", "Brandenburg")
    for a in ("A1", "A2"):
        _actor(B, a, a, "Görlitz", "Sachsen")
        B.add_edges_from([(a, "N1"), (a, "N2")])
    _actor(B, "A3", "A3", "Bautzen", "Sachsen", raumtyp="ländlich")
    B.add_edges_from([("A1", "N3"), ("A3", "N3")])
    _actor_topics(B)
    pot = cooperation_potential(B)
    table = recommendations(B, duplicates=duplicate_structures(B, max_q=1.0), potentials=pot)
    assert list(table.columns) == [
        EVIDENCE if c == "empfehlung" else c for c in RECOMMENDATION_COLUMNS
    ]
    assert list(dict.fromkeys(table["art"])) == list(RECOMMENDATION_KINDS)
    published = published_tables({"handlungsempfehlungen": table})["handlungsempfehlungen"]
    assert list(published.columns) == RECOMMENDATION_COLUMNS
    assert all(sentences(t) == 2 for t in published["empfehlung"]), list(published["empfehlung"])


# ============================================================================================
# the report layer on a hand-built wave


def _tables() -> WaveTables:
    actor_rows = [
        # id, name, shown name, consent, district, state, urban/rural
        ("A0000001", XSS_AKTEUR, XSS_AKTEUR, "ja", "Görlitz", "Sachsen", "städtisch"),
        ("A0000002", "Schule Görlitz", "Schule Görlitz", "ja", "Görlitz", "Sachsen", "städtisch"),
        ("A0000003", GEHEIMER_NAME, "Unternehmen 1", "nein", "Görlitz", "Sachsen", "städtisch"),
        ("A0000004", "Dorfschule", "Dorfschule", "ja", "Bautzen", "Sachsen", "ländlich"),
        (
            "A0000005",
            "Kammer Cottbus",
            "Kammer Cottbus",
            "ja",
            "Cottbus",
            "Brandenburg",
            "städtisch",
        ),
        (
            "A0000006",
            "Verein ohne Netz",
            "Verein ohne Netz",
            "ja",
            "Cottbus",
            "Brandenburg",
            "städtisch",
        ),
    ]
    akteure = pd.DataFrame(
        actor_rows,
        columns=[
            "akteur_id",
            "akteur",
            "anzeigename",
            "veroeffentlichen",
            "landkreis",
            "bundesland",
            "raumtyp",
        ],
    )
    akteure["kategorie"] = "Schule"
    akteure["ebene"] = ""
    akteure["plz"] = ""
    akteure["ort"] = ""
    akteure["lat"] = [51.15, 51.15, 51.15, 51.18, 51.76, 51.76]
    akteure["lon"] = [14.98, 14.98, 14.98, 14.42, 14.33, 14.33]
    netzwerke = pd.DataFrame(
        [
            ("N0000001", "AG MINT Görlitz", "Görlitz", "Sachsen", "MINT"),
            ("N0000002", XSS_NETZWERK, "Görlitz", "Sachsen", "MINT"),
            ("N0000003", "Schulnetz Cottbus", "Cottbus", "Brandenburg", "Ausbildung;MINT"),
            ("N0000004", "Kulturnetz Bautzen", "Bautzen", "Sachsen", "Kultur"),
            ("N0000005", "MINT Elbe-Elster", "Elbe-Elster", "Brandenburg", "MINT"),
        ],
        columns=["netzwerk_id", "netzwerk", "landkreis", "bundesland", "themen"],
    )
    netzwerke["typ"] = "Arbeitskreis"
    netzwerke["zielgruppen"] = "Schüler*innen"
    netzwerke["koordination_id"] = ""
    members = [
        ("A0000001", "N0000001", "Leitung"),
        ("A0000001", "N0000002", "Mitglied"),
        ("A0000001", "N0000003", "Mitglied"),
        ("A0000002", "N0000001", "Mitglied"),
        ("A0000002", "N0000002", "Mitglied"),
        ("A0000003", "N0000001", "Mitglied"),
        ("A0000003", "N0000002", "Mitglied"),
        ("A0000004", "N0000003", "Mitglied"),
        ("A0000004", "N0000004", "Mitglied"),
        ("A0000005", "N0000003", "Mitglied"),
        ("A0000005", "N0000005", "Mitglied"),
    ]
    mitgliedschaften = pd.DataFrame(members, columns=["akteur_id", "netzwerk_id", "rolle"])
    return WaveTables(akteure.astype(str), netzwerke, mitgliedschaften)


DISTRICTS = ["Cottbus", "Elbe-Elster", "Görlitz", "Bautzen"]


def _context(tables: WaveTables, tmp_path: Path) -> WaveContext:
    # six actors: too few for the duplicates' test against chance, the content rule decides
    results = published_tables(analyse_tables(tables, districts=DISTRICTS, duplicate_max_q=1.0))
    return WaveContext(
        "w",
        tmp_path,
        tables.akteure,
        tables.netzwerke,
        tables.mitgliedschaften,
        None,
        pd.DataFrame(),
        pd.DataFrame(),
        results,
        DISTRICTS,
        False,
    )


@pytest.fixture
def hand(tmp_path) -> WaveContext:
    return _context(_tables(), tmp_path)


def test_the_hand_built_wave_has_every_kind_of_step(hand):
    steps = R.recommendations(hand)
    assert [s.kind for s in steps] == [
        "doppelstruktur",
        "einladung",
        "weisser_fleck",
        "weisser_fleck",
        "weisser_fleck",
        "weisser_fleck",
        "bruecke",
        "bruecke",
    ]
    for s in steps:
        assert s.action.endswith(".") and s.reason.endswith("."), s
        assert sentences(s.text) == 2, s.text
        assert not BAD_TEXT.search(s.text), s.text
    invite = steps[1]
    assert invite.action.startswith("„Dorfschule“ in das Netzwerk ")
    # the rural school is the more balanced bridge (one network in each state)
    assert steps[-2].action.startswith("„Dorfschule“ in die länderübergreifende Arbeit")
    bridge = steps[-1]
    assert bridge.action.startswith(f"„{XSS_AKTEUR}“ in die länderübergreifende Arbeit")
    assert "„MINT Elbe-Elster“ in Brandenburg gewinnen" in bridge.action
    table = hand.results["handlungsempfehlungen"]
    assert list(table.columns) == RECOMMENDATION_COLUMNS
    assert len(table) == 9 and len(steps) == 8  # 5 topics without a network, 4 shown


def test_links_only_to_actors_with_a_profile_and_names_escaped(hand):
    assert R.profile_ids(hand) == {"A0000001", "A0000002", "A0000004", "A0000005"}
    fragment = R.recommendations_html(hand)
    page = str(fragment)
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("img") is None and soup.find("script") is None  # names stay text
    assert XSS_AKTEUR in soup.get_text() and XSS_NETZWERK in soup.get_text()
    links = {a["href"]: a.get_text() for a in soup.find_all("a")}
    assert links, page
    assert links["akteure/A0000001.html"] == XSS_AKTEUR
    for href in links:
        m = re.fullmatch(r"akteure/(A\d{7})\.html", href)
        assert m and m.group(1) in R.profile_ids(hand), href
    assert GEHEIMER_NAME not in page  # the actor without consent: pseudonym only, no link
    assert "„Unternehmen 1“" in soup.get_text()
    assert not any(t == "Unternehmen 1" for t in links.values())
    assert GEHEIMER_NAME not in hand.results["handlungsempfehlungen"].to_csv()
    # from a district page the links go one folder up
    district = str(R.recommendations_html(hand, landkreis="Görlitz", link_base="../"))
    assert 'href="../akteure/A0000001.html"' in district


def test_a_consenting_actor_without_networks_is_never_linked(hand):
    steps = pd.DataFrame(
        [
            {
                "art": "einladung",
                "rang": rank,
                "landkreise": "Cottbus",
                EVIDENCE: InviteEvidence(
                    actor=Ref(aid, "x"),
                    network=Ref("N0000003", "Schulnetz Cottbus"),
                    actor_district="Cottbus",
                    network_district="Cottbus",
                    shared_topics=("MINT",),
                    shared_targets=(),
                    partners_in_network=0,
                    distance_km=float("nan"),
                    score=1.0,
                ),
            }
            for rank, aid in ((1, "A0000006"), (2, "A0000003"), (3, "A0000005"))
        ]
    )
    hand.results["handlungsempfehlungen_belege"] = steps
    soup = BeautifulSoup(str(R.recommendations_html(hand)), "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == ["akteure/A0000005.html"]
    text = soup.get_text()
    assert "„Verein ohne Netz“ in das Netzwerk" in text  # named from akteure, not linked
    assert "„Unternehmen 1“ in das Netzwerk" in text and GEHEIMER_NAME not in text


def test_district_filter_keeps_the_steps_touching_the_district(hand):
    table = hand.results["handlungsempfehlungen_belege"]
    for district in DISTRICTS + ["Lausitz"]:
        chosen = R.recommendations(hand, landkreis=district, limit=100)
        expected = [
            (kind, rank)
            for kind, rank, lks in zip(table["art"], table["rang"], table["landkreise"])
            if district in lks.split("; ")
        ]
        assert sorted((s.kind, s.rank) for s in chosen) == sorted(expected), district
        assert all(district in s.districts for s in chosen)
    bautzen = R.recommendations(hand, landkreis="Bautzen")
    assert {s.kind for s in bautzen} == {"einladung", "weisser_fleck", "bruecke"}
    html_text = str(R.recommendations_html(hand, landkreis="Elbe-Elster"))
    assert "keine-daten" not in html_text  # the bridge's suggested network is there
    nothing = BeautifulSoup(
        str(R.recommendations_html(hand, landkreis="Spree-Neiße")), "html.parser"
    )
    sentence = nothing.select_one("p.keine-daten").get_text()
    assert sentence.startswith("Für den Landkreis Spree-Neiße ergibt sich aus den Regeln keine")
    assert sentences(sentence) == 1


def test_the_limit_per_kind_and_how_many_there_are(hand):
    steps = R.recommendations(hand, limit=1)
    assert [s.kind for s in steps] == list(RECOMMENDATION_KINDS)
    soup = BeautifulSoup(str(R.recommendations_html(hand)), "html.parser")
    headings = [p.get_text() for p in soup.select("p.empfehlung-art")]
    labels = [R.KIND_LABELS[k] for k in RECOMMENDATION_KINDS]
    labels[2] += " (die ersten 4 von 5)"
    assert headings == labels
    assert len(soup.select("ol > li")) == 8


# ============================================================================================
# the demo wave 2026


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    (root / "raw").mkdir()
    shutil.copytree(DATA / "raw" / "2026", root / "raw" / "2026")
    shutil.copy(DATA / "raw" / "ground_truth.json", root / "raw" / "ground_truth.json")
    shutil.copytree(DATA / "external", root / "external")
    clean_wave(root, "2026")
    analyse_step(root, "2026", keep_for_report=True)
    return root


@pytest.fixture(scope="module")
def ctx(demo) -> WaveContext:
    return load_context(demo, "2026")


@pytest.fixture(scope="module")
def truth() -> dict:
    return json.loads((DATA / "raw" / "ground_truth.json").read_text(encoding="utf-8"))["wellen"][
        "2026"
    ]


def _csv(data: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(
        data / "processed" / "2026" / f"{name}.csv", dtype=str, keep_default_na=False
    )


def test_demo_publishes_the_steps_without_evidence(demo):
    assert OUTPUT_FILES["handlungsempfehlungen"] == "handlungsempfehlungen.csv"
    steps = _csv(demo, "handlungsempfehlungen")
    assert list(steps.columns) == RECOMMENDATION_COLUMNS
    assert set(steps["art"]) == set(RECOMMENDATION_KINDS)
    assert all(sentences(t) == 2 for t in steps["empfehlung"])
    assert not any(BAD_TEXT.search(t) for t in steps["empfehlung"])
    text = (demo / "processed" / "2026" / "handlungsempfehlungen.csv").read_text(encoding="utf-8")
    hidden = hidden_names(_csv(demo, "akteure"), _csv(demo, "netzwerke"))
    assert hidden  # the demo has actors without consent
    for name in hidden:
        assert name not in text, name
    for kind in RECOMMENDATION_KINDS:  # ranks 1, 2, … within each kind
        ranks = steps.loc[steps["art"] == kind, "rang"].astype(int).tolist()
        assert ranks == list(range(1, len(ranks) + 1)), kind


def test_demo_planted_duplicates_and_bridges_appear(demo, ctx, truth):
    steps = _csv(demo, "handlungsempfehlungen")
    merge = steps[steps["art"] == "doppelstruktur"]
    pairs = {frozenset(ids.split("; ")) for ids in merge["netzwerk_ids"]}
    for pair in truth["doppelstrukturen"]:
        assert frozenset((pair["netzwerk_a_id"], pair["netzwerk_b_id"])) in pairs, pair
    bridges = set(steps.loc[steps["art"] == "bruecke", "akteur_ids"])
    assert bridges == {b["akteur_id"] for b in truth["bruecken"]}
    # and the report names them
    soup = BeautifulSoup(str(R.recommendations_html(ctx)), "html.parser")
    text = soup.get_text()
    for pair in truth["doppelstrukturen"]:
        assert f"Die Netzwerke „{pair['netzwerk_a']}“ und „{pair['netzwerk_b']}“" in text or (
            f"Die Netzwerke „{pair['netzwerk_b']}“ und „{pair['netzwerk_a']}“" in text
        )
    for bridge in truth["bruecken"]:
        assert f"„{bridge['akteur']}“ in die länderübergreifende Arbeit einbinden" in text


def test_demo_invitations_follow_their_rule(demo):
    steps = _csv(demo, "handlungsempfehlungen")
    inv = steps[steps["art"] == "einladung"]
    assert len(inv) > 0
    actors = _csv(demo, "akteure").set_index("akteur_id")
    assert set(actors.loc[list(inv["akteur_ids"]), "raumtyp"]) == {"ländlich"}
    assert inv["akteur_ids"].is_unique
    assert inv["netzwerk_ids"].value_counts().max() <= 2
    members = _csv(demo, "mitgliedschaften")
    member_pairs = set(zip(members["akteur_id"], members["netzwerk_id"]))
    assert not member_pairs & set(zip(inv["akteur_ids"], inv["netzwerk_ids"]))
    scores = inv["prioritaet"].astype(float).tolist()
    assert scores == sorted(scores, reverse=True)


def test_demo_topics_without_a_network_by_hand_count(demo):
    steps = _csv(demo, "handlungsempfehlungen")
    gaps = steps[steps["art"] == "weisser_fleck"]
    assert len(gaps) > 0
    nets = _csv(demo, "netzwerke")
    actors = _csv(demo, "akteure").set_index("akteur_id")
    members = _csv(demo, "mitgliedschaften")
    topics = {n: set(t.split(";")) - {""} for n, t in zip(nets["netzwerk_id"], nets["themen"])}
    seat = dict(zip(nets["netzwerk_id"], nets["landkreis"]))
    for row in gaps.itertuples():
        local = {seat[n] for n in topics if row.thema in topics[n]}
        assert row.landkreise not in local, row
        assert local - {"Lausitz", "", row.landkreise}, row  # another district has one
        on_topic = {
            a
            for a, n in zip(members["akteur_id"], members["netzwerk_id"])
            if row.thema in topics[n] and actors.loc[a, "landkreis"] == row.landkreise
        }
        assert int(float(row.prioritaet)) == len(on_topic), row
        assert set(filter(None, row.akteur_ids.split("; "))) == on_topic
    # the first steps cover different topics
    first = gaps.head(gaps["thema"].nunique())
    assert first["thema"].is_unique


def test_demo_report_block_links_and_district_filter(ctx):
    # counted from the tables: consent to be named and at least one membership
    members = set(ctx.mitgliedschaften["akteur_id"])
    consenting = ctx.akteure.loc[ctx.akteure["veroeffentlichen"] == "ja", "akteur_id"]
    pages = set(consenting) & members
    assert R.profile_ids(ctx) == pages
    soup = BeautifulSoup(str(R.recommendations_html(ctx)), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    assert hrefs
    for href in hrefs:
        assert href.startswith("akteure/") and href[len("akteure/") : -len(".html")] in pages
    kinds = [
        li.find_parent("ol").find_previous_sibling("p").get_text() for li in soup.select("ol > li")
    ]
    assert len(kinds) <= R.MAX_PER_KIND * len(RECOMMENDATION_KINDS)
    text = soup.get_text()
    for name in hidden_names(ctx.akteure, ctx.netzwerke):
        assert name not in text, name
    table = ctx.results["handlungsempfehlungen_belege"]
    for district in ctx.districts:
        steps = R.recommendations(ctx, landkreis=district)
        assert steps, district  # every demo district has something to do
        assert all(district in s.districts for s in steps)
        for kind in RECOMMENDATION_KINDS:
            touching = table[
                (table["art"] == kind)
                & table["landkreise"].str.split("; ").apply(lambda lks, d=district: d in lks)
            ]
            shown = [s.rank for s in steps if s.kind == kind]
            assert shown == sorted(touching["rang"])[: R.MAX_PER_KIND], (district, kind)
        page = str(R.recommendations_html(ctx, landkreis=district, link_base="../"))
        assert 'href="akteure/' not in page


# ============================================================================================
# tiny and partial waves


def _tiny(root: Path, akteure: str, netzwerke: str, mitglieder: str) -> WaveContext:
    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    folder = root / "raw" / "w"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "akteure.csv").write_text(akteure, encoding="utf-8")
    (folder / "netzwerke.csv").write_text(netzwerke, encoding="utf-8")
    (folder / "mitgliedschaften.csv").write_text(mitglieder, encoding="utf-8")
    clean_wave(root, "w")
    analyse_step(root, "w")
    return load_context(root, "w")


TINY = {
    "ohne_mitgliedschaften": (
        "akteur,kategorie,plz,ort,veroeffentlichen\nOberschule Nord,Schule,03044,Cottbus,ja\n"
        "Bildungswerk Süd,Bildungsträger,02826,Görlitz,ja\n",
        "netzwerk\nNetz A\nNetz B\n",
        "akteur,netzwerk\n",
        "In dieser Welle sind keine Mitgliedschaften erfasst; Handlungsempfehlungen lassen sich "
        "daher nicht ableiten.",
    ),
    "nur_namen": (
        "akteur\nSchule Ahorn\nVerein Birke\n",
        "netzwerk\nNetz Eins\nNetz Zwei\n",
        "akteur,netzwerk\nSchule Ahorn,Netz Eins\nSchule Ahorn,Netz Zwei\nVerein Birke,Netz Zwei\n",
        "Aus den Befunden dieser Welle ergibt sich keine Handlungsempfehlung: Kein Netzwerkpaar",
    ),
    "zwei": (
        "akteur,kategorie,plz,ort,veroeffentlichen\nOberschule Ost,Schule,03044,Cottbus,ja\n"
        "Bildungswerk West,Bildungsträger,02826,Görlitz,ja\n",
        "netzwerk,themen\nAG Ausbildung,Ausbildung\n",
        "akteur,netzwerk\nOberschule Ost,AG Ausbildung\nBildungswerk West,AG Ausbildung\n",
        "Aus den Befunden dieser Welle ergibt sich keine Handlungsempfehlung",
    ),
    "einer": (
        "akteur\nEinzige Schule\n",
        "netzwerk\nNetz\n",
        "akteur,netzwerk\nEinzige Schule,Netz\n",
        "Aus den Befunden dieser Welle ergibt sich keine Handlungsempfehlung",
    ),
}


@pytest.mark.parametrize("wave", list(TINY))
def test_tiny_and_partial_waves_say_why_there_is_nothing(tmp_path, wave):
    akteure, netzwerke, mitglieder, expected = TINY[wave]
    context = _tiny(tmp_path, akteure, netzwerke, mitglieder)
    assert R.recommendations(context) == []
    for district in (None, "Cottbus"):
        soup = BeautifulSoup(
            str(R.recommendations_html(context, landkreis=district)), "html.parser"
        )
        sentence = soup.select_one("p.keine-daten").get_text()
        assert sentences(sentence) == 1, sentence
        if district is None:
            assert sentence.startswith(expected), sentence
    steps = pd.read_csv(tmp_path / "processed" / "w" / "handlungsempfehlungen.csv")
    assert list(steps.columns) == RECOMMENDATION_COLUMNS and len(steps) == 0


def test_a_wave_where_nobody_consents_links_nobody(tmp_path):
    # seven day-care centres in a third network: with ten actors the identical members of
    # Nord and Süd are more than chance explains (q = 3 / C(10, 3) = 0,025)
    kitas = [
        f"Kita {name}" for name in ("Ahorn", "Birke", "Eiche", "Esche", "Erle", "Buche", "Eibe")
    ]
    context = _tiny(
        tmp_path,
        "akteur,kategorie,plz,ort,ebene,veroeffentlichen\n"
        "Grundschule Kiefer,Schule,03044,Cottbus,Kommune,nein\n"
        "Grundschule Linde,Schule,03046,Cottbus,Kommune,nein\n"
        "Grundschule Ulme,Schule,02826,Görlitz,Kommune,nein\n"
        + "".join(f"{k},Kita,03044,Cottbus,Kommune,nein\n" for k in kitas),
        "netzwerk,landkreis,themen,zielgruppen\n"
        "Schulnetz Nord,Cottbus,Ausbildung,Schüler*innen\n"
        "Schulnetz Süd,Cottbus,Ausbildung,Schüler*innen\n"
        "Kitanetz,Cottbus,Frühe Bildung,Kinder\n",
        "akteur,netzwerk\nGrundschule Kiefer,Schulnetz Nord\nGrundschule Linde,Schulnetz Nord\n"
        "Grundschule Ulme,Schulnetz Nord\n"
        "Grundschule Kiefer,Schulnetz Süd\nGrundschule Linde,Schulnetz Süd\n"
        "Grundschule Ulme,Schulnetz Süd\n" + "".join(f"{k},Kitanetz\n" for k in kitas),
    )
    page = str(R.recommendations_html(context))
    assert "Doppelstrukturen an einen Tisch bringen" in page  # Nord and Süd
    assert "<a " not in page and R.profile_ids(context) == set()
    for name in ("Grundschule Kiefer", "Grundschule Linde", "Grundschule Ulme"):
        assert name not in page
    text = (tmp_path / "processed" / "w" / "handlungsempfehlungen.csv").read_text(encoding="utf-8")
    assert "Grundschule" not in text
