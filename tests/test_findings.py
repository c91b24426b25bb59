"""Duplicate structures, cooperation potential and hidden champions on small graphs with a
known answer, and the German sentences the report writes from their evidence."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from bildungsnetz.analysis import findings as F
from bildungsnetz.analysis import measures as M
from bildungsnetz.analysis.graphs import (
    WaveTables,
    actor_projection,
    actor_table,
    cooperation_graph,
    network_projection,
    two_mode_graph,
)
from bildungsnetz.report import sentences as S

COTTBUS = (51.7563, 14.3329)
HERZBERG = (51.6856, 13.2322)  # Elbe-Elster
FINSTERWALDE = (51.6340, 13.7069)  # Elbe-Elster
GOERLITZ = (51.1526, 14.9872)


def published(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The table as the report publishes it: the German text in place of the evidence."""
    return S.published_tables({name: frame})[name]


def make_tables(actors, networks, memberships, cooperations=None) -> WaveTables:
    """actors: {id: (name, kategorie, landkreis, raumtyp, (lat, lon))};
    networks: {id: (name, landkreis, themen, zielgruppen)}; memberships: [(actor, network)]."""
    bl = {"Görlitz": "Sachsen", "Bautzen": "Sachsen"}
    akteure = pd.DataFrame(
        [
            {
                "akteur_id": a,
                "akteur": n,
                "anzeigename": n,
                "veroeffentlichen": "ja",
                "kategorie": k,
                "ebene": "Region",
                "plz": "",
                "ort": "",
                "landkreis": lk,
                "bundesland": bl.get(lk, "Brandenburg"),
                "raumtyp": rt,
                "lat": "" if c is None else c[0],
                "lon": "" if c is None else c[1],
            }
            for a, (n, k, lk, rt, c) in actors.items()
        ]
    )
    netzwerke = pd.DataFrame(
        [
            {
                "netzwerk_id": x,
                "netzwerk": n,
                "typ": "Netzwerk",
                "landkreis": lk,
                "bundesland": "" if lk == "Lausitz" else bl.get(lk, "Brandenburg"),
                "themen": t,
                "zielgruppen": z,
                "koordination_id": "",
            }
            for x, (n, lk, t, z) in networks.items()
        ]
    )
    mitglied = pd.DataFrame(
        [{"akteur_id": a, "netzwerk_id": x, "rolle": "Mitglied"} for a, x in memberships]
    )
    koop = None
    if cooperations is not None:
        koop = pd.DataFrame([{"von_id": u, "an_id": v, "intensitaet": 2} for u, v in cooperations])
    return WaveTables(akteure, netzwerke, mitglied, koop)


# --------------------------------------------------------------------------- duplicate structures


def duplicate_case():
    actors = {
        f"A{i}": (f"Akteur {i}", "Schule", "Elbe-Elster", "ländlich", HERZBERG) for i in range(1, 9)
    }
    networks = {
        # N1 and N2: same district, 4 of 5 members shared, shared topic and target group
        "N1": (
            "AG Berufsorientierung EE",
            "Elbe-Elster",
            "Berufsorientierung;Ausbildung",
            "Schüler*innen;Eltern",
        ),
        "N2": (
            "Arbeitskreis Schule-Wirtschaft EE",
            "Elbe-Elster",
            "Berufsorientierung;MINT",
            "Schüler*innen",
        ),
        # N3: region-wide, same members as N1 → duplicate with area Elbe-Elster
        "N3": ("Lausitzrunde BO", "Lausitz", "Berufsorientierung", "Schüler*innen"),
        # N4: same members but another district → duplicate only of the region-wide N3
        "N4": ("AG Görlitz", "Görlitz", "Berufsorientierung", "Schüler*innen"),
        # N5: same members and district, but no common topic → not a duplicate
        "N5": ("Kulturforum EE", "Elbe-Elster", "Kultur", "Schüler*innen"),
        # N6: same district and topics but only one shared member → not a duplicate
        "N6": ("Netzwerk Ausbildung EE", "Elbe-Elster", "Berufsorientierung", "Schüler*innen"),
    }
    ms = []
    ms += [(f"A{i}", "N1") for i in (1, 2, 3, 4)]
    ms += [(f"A{i}", "N2") for i in (1, 2, 3, 4, 5)]
    ms += [(f"A{i}", "N3") for i in (1, 2, 3, 4)]
    ms += [(f"A{i}", "N4") for i in (1, 2, 3, 4)]
    ms += [(f"A{i}", "N5") for i in (1, 2, 3, 4)]
    ms += [("A1", "N6"), ("A6", "N6"), ("A7", "N6"), ("A8", "N6")]
    return make_tables(actors, networks, ms)


def test_duplicate_structures_known_answer():
    B = two_mode_graph(duplicate_case())
    # with the test against chance (8 actors, 15 pairs tested) only the identical member
    # sets remain (p = 1/70, q = 15 p / 6 ≈ 0,036); 4 shared of 4 and 5 is chance (p ≈ 0,09)
    tested = F.duplicate_structures(B)
    assert set(zip(tested["netzwerk_a_id"], tested["netzwerk_b_id"])) == {
        ("N1", "N3"),
        ("N3", "N4"),
    }
    assert tested["q_wert"].tolist() == pytest.approx([15 / 70 / 6] * 2)
    dup = published("doppelstrukturen", F.duplicate_structures(B, max_q=1.0))
    pairs = {(r.netzwerk_a_id, r.netzwerk_b_id) for r in dup.itertuples()}
    assert pairs == {("N1", "N2"), ("N1", "N3"), ("N2", "N3"), ("N3", "N4")}
    row = dup.set_index(["netzwerk_a_id", "netzwerk_b_id"]).loc[("N1", "N2")]
    assert row["gemeinsame_mitglieder"] == 4
    assert row["jaccard_mitglieder"] == pytest.approx(4 / 5)
    assert row["gemeinsame_mitglieder_namen"] == "Akteur 1; Akteur 2; Akteur 3; Akteur 4"
    assert row["gemeinsame_themen"] == "Berufsorientierung"
    assert row["gemeinsame_zielgruppen"] == "Schüler*innen"
    assert row["jaccard_themen"] == pytest.approx(1 / 3)
    assert row["jaccard_zielgruppen"] == pytest.approx(1 / 2)
    assert row["gebiet"] == "Elbe-Elster"
    assert row["score"] == pytest.approx(0.5 * 0.8 + 0.25 / 3 + 0.25 / 2)
    text = row["erklaerung"]
    assert "4 gemeinsame Mitglieder" in text and "Berufsorientierung" in text
    assert "Schüler*innen" in text and "im Landkreis Elbe-Elster" in text
    assert text.endswith(".")
    lausitz = dup.set_index(["netzwerk_a_id", "netzwerk_b_id"]).loc[("N1", "N3")]
    assert lausitz["gebiet"] == "Elbe-Elster"
    assert "„Lausitzrunde BO“ lausitzweit" in lausitz["erklaerung"]
    # ranked by score: N3–N4 (identical members, topics and target groups) first
    assert (dup.iloc[0]["netzwerk_a_id"], dup.iloc[0]["netzwerk_b_id"]) == ("N3", "N4")
    assert dup.iloc[0]["score"] == pytest.approx(1.0)
    assert dup["score"].is_monotonic_decreasing
    assert list(dup.columns) == F.DUPLICATE_COLUMNS


def test_duplicate_structures_thresholds():
    B = two_mode_graph(duplicate_case())
    strict = F.duplicate_structures(B, min_jaccard=0.9, max_q=1.0)
    assert {(r.netzwerk_a_id, r.netzwerk_b_id) for r in strict.itertuples()} == {
        ("N1", "N3"),
        ("N3", "N4"),
    }
    assert strict.set_index("netzwerk_b_id").loc["N4", "gebiet"] == "Görlitz"
    loose = F.duplicate_structures(B, min_jaccard=0.0, min_shared_members=1, max_q=1.0)
    assert ("N1", "N6") in {(r.netzwerk_a_id, r.netzwerk_b_id) for r in loose.itertuples()}
    empty = published("doppelstrukturen", F.duplicate_structures(nx.Graph()))
    assert len(empty) == 0 and list(empty.columns) == F.DUPLICATE_COLUMNS


# --------------------------------------------------------------------------- cooperation potential


def potential_case(cooperations=None):
    actors = {
        "A1": ("Oberschule Herzberg", "Schule", "Elbe-Elster", "ländlich", HERZBERG),
        "A2": ("Jobcenter Elbe-Elster", "Jobcenter", "Elbe-Elster", "ländlich", HERZBERG),
        "A3": (
            "Bildungswerk Finsterwalde",
            "Bildungsträger",
            "Elbe-Elster",
            "städtisch",
            FINSTERWALDE,
        ),
        "P1": ("Agentur für Arbeit", "Agentur", "Cottbus", "städtisch", COTTBUS),
        "P2": ("IHK Cottbus", "Kammer", "Cottbus", "städtisch", COTTBUS),
        "A4": ("Theater Görlitz", "Verein", "Görlitz", "städtisch", GOERLITZ),
        "A5": ("Ohne Ort", "Verein", "Cottbus", "", None),
    }
    networks = {
        "N1": ("AG BO Elbe-Elster", "Elbe-Elster", "Berufsorientierung", "Schüler*innen"),
        "N2": (
            "Ausbildungsnetz",
            "Elbe-Elster",
            "Berufsorientierung;Ausbildung",
            "Schüler*innen;Auszubildende",
        ),
        "N3": ("Kulturforum", "Görlitz", "Kultur", "Senior*innen"),
        "N4": ("Kulturrunde Cottbus", "Cottbus", "Kultur", "Senior*innen"),
    }
    ms = [
        ("A1", "N1"),
        ("A2", "N1"),
        ("P1", "N1"),
        ("A3", "N2"),
        ("P1", "N2"),
        ("P2", "N2"),
        ("A4", "N3"),
        ("P2", "N3"),
        ("A5", "N4"),
    ]
    return make_tables(actors, networks, ms, cooperations)


def _pairs(df):
    return {(r.id_a, r.id_b) for r in df.itertuples()}


def test_actor_pairs_known_answer():
    B = two_mode_graph(potential_case())
    P = actor_projection(B)
    pot = published("potenziale", F.actor_pair_potential(B, P, rural_weight=1.0))
    pairs = _pairs(pot)
    # A1, A2 (Elbe-Elster, BO for pupils) and A3 share topic and target group but no network
    assert ("A1", "A3") in pairs and ("A2", "A3") in pairs
    # co-members are never proposed
    assert not pairs & {("A1", "A2"), ("A1", "P1"), ("A3", "P2")}
    # no common topic → no pair (culture vs. vocational orientation)
    assert not any("A4" in p and ("A1" in p or "A3" in p) for p in pairs)
    # A4 and A5 share culture for seniors, 0 common partners, A5 has no coordinates
    assert ("A4", "A5") in pairs
    row = pot.set_index(["id_a", "id_b"]).loc[("A1", "A3")]
    assert row["gemeinsame_themen"] == "Berufsorientierung"
    assert row["gemeinsame_zielgruppen"] == "Schüler*innen"
    assert row["gemeinsame_partner"] == 1  # P1
    # resource allocation: common partner P1 has partners A1, A2, A3, P2 → 1 / 4
    assert row["ressourcenallokation"] == pytest.approx(1 / 4)
    d = F.haversine_km(*HERZBERG, *FINSTERWALDE)
    assert row["distanz_km"] == pytest.approx(d)
    assert row["s_themen"] == pytest.approx(1 / 2) and row["s_zielgruppen"] == pytest.approx(1 / 2)
    assert row["s_naehe"] == pytest.approx(math.exp(-d / 30))
    W = F.POTENTIAL_WEIGHTS
    expected = (
        W["themen"] * 0.5
        + W["zielgruppen"] * 0.5
        + W["naehe"] * math.exp(-d / 30)
        + W["partner"] * (0.25 / (0.25 + F.PARTNER_HALF))
    )
    assert row["score"] == pytest.approx(expected)
    assert row["laendlich"]
    text = row["erklaerung"]
    assert text.startswith(
        "Beide arbeiten zu Berufsorientierung für Schüler*innen im Landkreis "
        "Elbe-Elster, haben einen gemeinsamen Partner, liegen "
    )
    assert f"liegen {round(d)} km auseinander" in text
    assert "einer der beiden liegt im ländlichen Raum" in text
    nocoord = pot.set_index(["id_a", "id_b"]).loc[("A4", "A5")]
    assert math.isnan(nocoord["distanz_km"]) and nocoord["s_naehe"] == 0.0
    assert "km" not in nocoord["erklaerung"]
    assert "keine gemeinsamen Partner" in nocoord["erklaerung"]
    assert list(pot["rang"]) == list(range(1, len(pot) + 1))
    assert pot["score"].is_monotonic_decreasing


def test_resource_allocation_matches_networkx():
    B = two_mode_graph(potential_case())
    P = actor_projection(B)
    pot = F.actor_pair_potential(B, P)
    ref = {(u, v): s for u, v, s in nx.resource_allocation_index(P, list(_pairs(pot)))}
    assert any(v > 0 for v in ref.values())  # the case has pairs with common partners
    for r in pot.itertuples():
        assert r.ressourcenallokation == pytest.approx(ref[(r.id_a, r.id_b)])
        assert r.s_partner == pytest.approx(
            r.ressourcenallokation / (r.ressourcenallokation + F.PARTNER_HALF)
        )
        assert r.gemeinsame_partner == len(list(nx.common_neighbors(P, r.id_a, r.id_b)))


def test_rural_weight_scales_rural_pairs_only():
    B = two_mode_graph(potential_case())
    base = F.actor_pair_potential(B, rural_weight=1.0).set_index(["id_a", "id_b"])["score"]
    up = F.actor_pair_potential(B, rural_weight=2.0).set_index(["id_a", "id_b"])["score"]
    assert up[("A1", "A3")] == pytest.approx(2 * base[("A1", "A3")])  # A1 is rural
    assert up[("A4", "A5")] == pytest.approx(base[("A4", "A5")])  # neither is rural


def test_cooperating_pairs_are_not_proposed():
    tables = potential_case(cooperations=[("A3", "A1")])
    B = two_mode_graph(tables)
    pot = F.actor_pair_potential(B, cooperation=cooperation_graph(tables))
    assert ("A1", "A3") not in _pairs(pot)
    assert ("A2", "A3") in _pairs(pot)


def test_top_k_limits_candidates_per_actor():
    B = two_mode_graph(potential_case())
    pot = F.actor_pair_potential(B, top_k=1)
    full = F.actor_pair_potential(B, top_k=50)
    assert _pairs(pot) <= _pairs(full)
    best = {}
    for r in full.itertuples():  # each actor's best partner in the full list
        for a in (r.id_a, r.id_b):
            best.setdefault(a, (r.id_a, r.id_b))
    assert _pairs(pot) == set(best.values())


def test_network_suggestions_known_answer():
    B = two_mode_graph(potential_case())
    sug = published("potenziale", F.network_suggestions(B))
    pairs = _pairs(sug)
    assert ("A1", "N2") in pairs and ("A3", "N1") in pairs
    assert ("A1", "N1") not in pairs  # already a member
    assert ("A1", "N3") not in pairs  # no common topic
    row = sug.set_index(["id_a", "id_b"]).loc[("A1", "N2")]
    assert row["gemeinsame_partner"] == 1  # P1 is a partner of A1 and member of N2
    assert row["s_naehe"] == 1.0  # same district
    assert row["s_themen"] == pytest.approx(1 / 2)  # covers 1 of the network's 2 topics
    assert row["art"] == "akteur_netzwerk"
    text = row["erklaerung"]
    assert (
        "Das Netzwerk arbeitet wie „Oberschule Herzberg“ zu Berufsorientierung für "
        "Schüler*innen im Landkreis Elbe-Elster" in text
    )
    assert "ein Partner ist dort schon Mitglied" in text
    # A4 (Görlitz) → N4 (Cottbus): the only member A5 has no coordinates → no proximity
    far = sug.set_index(["id_a", "id_b"]).loc[("A4", "N4")]
    assert math.isnan(far["distanz_km"]) and far["s_naehe"] == 0.0
    assert "km" not in far["erklaerung"]
    # A5 (no coordinates, Cottbus) → N3 (Görlitz): not the same district, distance unknown
    assert sug.set_index(["id_a", "id_b"]).loc[("A5", "N3"), "s_naehe"] == 0.0
    # distance to the nearest member when the network is elsewhere: A3 → N3 (member A4)
    sug_all = F.network_suggestions(B, top_k=10, min_shared_topics=0, min_shared_targets=0)
    near = sug_all.set_index(["id_a", "id_b"]).loc[("A3", "N3")]
    assert near["distanz_km"] == pytest.approx(
        min(F.haversine_km(*FINSTERWALDE, *GOERLITZ), F.haversine_km(*FINSTERWALDE, *COTTBUS))
    )


def test_cooperation_potential_combines_both_kinds():
    B = two_mode_graph(potential_case())
    pot = published("potenziale", F.cooperation_potential(B, rural_weight=1.5))
    assert list(pot.columns) == F.POTENTIAL_COLUMNS
    assert list(pot["art"].unique()) == ["akteur_akteur", "akteur_netzwerk"]
    for _, grp in pot.groupby("art"):
        assert list(grp["rang"]) == list(range(1, len(grp) + 1))


def test_haversine_reference_distance():
    # Berlin (52.5200, 13.4050) – Paris (48.8566, 2.3522): about 878 km great-circle
    assert F.haversine_km(52.52, 13.405, 48.8566, 2.3522) == pytest.approx(878, abs=2)
    assert M.haversine_km_scalar(52.52, 13.405, 48.8566, 2.3522) == pytest.approx(
        float(F.haversine_km(52.52, 13.405, 48.8566, 2.3522))
    )
    assert math.isnan(F.haversine_km(math.nan, 13.0, 52.0, 13.0))


def test_area_phrase_and_lists():
    assert S.area_phrase("Cottbus") == "in Cottbus"
    assert S.area_phrase("Görlitz") == "im Landkreis Görlitz"
    assert S.area_phrase("Lausitz") == "in der ganzen Lausitz"
    assert S.area_phrase("") == "" and S.area_phrase(None) == "" and S.area_phrase(math.nan) == ""
    assert S.list_de(["A", "B", "C"]) == "A, B und C"
    assert S.list_de(["A", "B", "C", "D"], 2) == "A und B u. a."
    assert S.list_de([]) == ""


# --------------------------------------------------------------------------- hidden champions
# see tests/test_champions.py


# --------------------------------------------------------------------------- sentences


def test_pair_sentence_from_evidence():
    evidence = F.PairEvidence(
        shared_topics=("Ausbildung", "Kultur", "MINT", "Sport"),
        shared_targets=("Eltern",),
        district_a="Cottbus",
        district_b="Görlitz",
        shared_partners=3,
        distance_km=0.4,
        rural_actors=2,
    )
    assert S.explanation(evidence) == (
        "Beide arbeiten zu Ausbildung, Kultur und MINT u. a. für Eltern (in Cottbus bzw. im "
        "Landkreis Görlitz), haben 3 gemeinsame Partner, liegen weniger als 1 km auseinander "
        "und beide liegen im ländlichen Raum."
    )
    unknown = F.PairEvidence(("MINT",), ("Eltern",), "", "Görlitz", 0, math.nan, 0)
    assert S.explanation(unknown) == (
        "Beide arbeiten zu MINT für Eltern und haben noch keine gemeinsamen Partner."
    )


def test_network_sentence_from_evidence():
    evidence = F.NetworkEvidence(
        actor_name="Oberschule Herzberg",
        shared_topics=("MINT",),
        shared_targets=("Kinder", "Eltern", "Lehrkräfte"),
        network_district="Lausitz",
        partners_in_network=2,
        distance_km=41.6,
        same_area=True,
        actor_rural=True,
    )
    assert S.explanation(evidence) == (
        "Das Netzwerk arbeitet wie „Oberschule Herzberg“ zu MINT für Kinder und Eltern u. a. "
        "in der ganzen Lausitz, 2 Partner sind dort schon Mitglied und „Oberschule Herzberg“ "
        "liegt im ländlichen Raum."
    )
    elsewhere = F.NetworkEvidence(
        "Schule", ("MINT",), ("Kinder",), "Görlitz", 0, 41.6, False, False
    )
    assert S.explanation(elsewhere) == (
        "Das Netzwerk arbeitet wie „Schule“ zu MINT für Kinder im Landkreis Görlitz und das "
        "nächste Mitglied sitzt 42 km entfernt."
    )


def test_duplicate_sentence_from_evidence():
    evidence = F.DuplicateEvidence(
        name_a="AG A",
        name_b="AG B",
        district_a="Lausitz",
        district_b="Lausitz",
        area="Lausitz",
        members_a=4,
        members_b=6,
        shared_members=3,
        jaccard_members=3 / 7,
        shared_topics=("MINT",),
        shared_targets=("Kinder",),
    )
    assert S.explanation(evidence) == (
        "„AG A“ und „AG B“ haben 3 gemeinsame Mitglieder (von 4 bzw. 6; Jaccard 0,43), "
        "arbeiten beide zu MINT für Kinder und sind beide lausitzweit aktiv."
    )
    with pytest.raises(TypeError):
        S.explanation("no evidence")


def test_figure_explanations():
    assert S.figure_explanation("anzahl_akteure") == "Anzahl der Akteure"
    assert S.figure_explanation("ei_bundesland").startswith(
        "E-I-Index der Ko-Mitgliedschaften zwischen Bundesländern ("
    )
    assert "zwischen farbe (" in S.figure_explanation("ei_farbe")  # an attribute without label
    assert S.figure_explanation("unbekannt") == ""


def test_published_tables_keep_evidence_out():
    B = two_mode_graph(potential_case())
    analysis = {
        "potenziale": F.cooperation_potential(B),
        "doppelstrukturen": F.duplicate_structures(two_mode_graph(duplicate_case()), max_q=1.0),
    }
    tables = S.published_tables(analysis)
    assert list(tables["potenziale"].columns) == F.POTENTIAL_COLUMNS
    assert list(tables["doppelstrukturen"].columns) == F.DUPLICATE_COLUMNS
    assert F.EVIDENCE in analysis["potenziale"].columns  # the input is not modified
    assert S.published_tables(tables)["potenziale"].equals(tables["potenziale"])  # idempotent
    # the evidence is kept at full precision: the sentence uses the exact distance
    row = analysis["potenziale"].set_index(["id_a", "id_b"]).loc[("A1", "A3")]
    assert row[F.EVIDENCE].distance_km == row["distanz_km"]


# --------------------------------------------------------------------------- defaults


def test_rural_weight_defaults_come_from_config():
    import inspect

    from bildungsnetz.analysis.cache import analysis_results
    from bildungsnetz.analysis.tables import analyse_tables, analyse_wave
    from bildungsnetz.config import DEFAULT_RURAL_WEIGHT

    for func in (
        F.actor_pair_potential,
        F.network_suggestions,
        F.cooperation_potential,
        analyse_tables,
        analyse_wave,
        analysis_results,
    ):
        default = inspect.signature(func).parameters["rural_weight"].default
        assert default == DEFAULT_RURAL_WEIGHT, func.__name__
    B = two_mode_graph(potential_case())
    explicit = F.cooperation_potential(B, rural_weight=DEFAULT_RURAL_WEIGHT)
    assert (
        F.cooperation_potential(B)
        .drop(columns=F.EVIDENCE)
        .equals(explicit.drop(columns=F.EVIDENCE))
    )


# --------------------------------------------------------------------------- descriptions


def test_actor_topics_are_union_over_networks():
    actors = actor_table(potential_case())
    assert actors.loc["P1", "themen"] == "Ausbildung;Berufsorientierung"
    assert actors.loc["P2", "zielgruppen"] == "Auszubildende;Schüler*innen;Senior*innen"


def test_describe_communities_and_topic_tables():
    B = two_mode_graph(potential_case())
    P = actor_projection(B)
    membership = {v: (1 if v in {"A1", "A2", "A3", "P1", "P2"} else 2) for v in P}
    desc = F.describe_communities(P, membership, scores={"P1": 0.5, "P2": 0.4, "A1": 0.1})
    first = desc.set_index("community").loc[1]
    assert first["anzahl_akteure"] == 5
    assert first["dominante_themen"].startswith("Berufsorientierung (5)")
    assert first["zentrale_akteure"] == "Agentur für Arbeit; IHK Cottbus; Oberschule Herzberg"
    assert first["anteil_laendlich"] == pytest.approx(2 / 5)
    tz = F.topic_target_matrix(B)
    assert tz.loc["Berufsorientierung", "Schüler*innen"] == 2
    assert tz.loc["Kultur", "Schüler*innen"] == 0
    td = F.topic_district_matrix(B, districts=["Cottbus", "Elbe-Elster", "Görlitz", "Bautzen"])
    assert td.loc["Berufsorientierung", "Elbe-Elster"] == 3
    assert td.loc["Berufsorientierung", "Cottbus"] == 2  # P1, P2
    assert td["Bautzen"].sum() == 0  # nobody works there
    td2 = F.topic_district_matrix(B, topics=["Sorbisch/Wendisch"])
    assert td2.loc["Sorbisch/Wendisch"].sum() == 0  # a vocabulary topic nobody works on
    assert "Berufsorientierung" in td2.index


def test_network_projection_weights():
    B = two_mode_graph(duplicate_case())
    N = network_projection(B)
    assert N["N1"]["N2"]["weight"] == 4
    assert N["N1"]["N6"]["weight"] == 1
