"""Comparison library on small hand-made waves where the answers are known."""

from __future__ import annotations

import math

import pandas as pd

from bildungsnetz.analysis import compare
from bildungsnetz.ingest.clean import clean_wave
from conftest import write


def _actors(ids, districts=None):
    districts = districts or ["Cottbus"] * len(ids)
    return pd.DataFrame(
        {
            "akteur_id": ids,
            "akteur": [f"Name {i}" for i in ids],
            "landkreis": districts,
            "kategorie": ["Schule"] * len(ids),
            "raumtyp": ["städtisch"] * len(ids),
        }
    )


def test_joined_left_stayed_counts():
    before = _actors(["A1", "A2", "A3"], ["Cottbus", "Görlitz", "Görlitz"])
    after = _actors(["A2", "A3", "A4", "A5"], ["Görlitz", "Görlitz", "Cottbus", ""])
    table = compare.status_table(before, after, "akteur_id")
    status = dict(zip(table.akteur_id, table.status))
    assert status == {
        "A1": "ausgeschieden",
        "A2": "geblieben",
        "A3": "geblieben",
        "A4": "neu",
        "A5": "neu",
    }
    counts = compare.status_counts(table)
    assert counts.iloc[0].to_dict() == {"neu": 2, "geblieben": 2, "ausgeschieden": 1}
    by = compare.status_counts(table, "landkreis").set_index("landkreis")
    assert by.loc["Cottbus"].to_dict() == {"neu": 1, "geblieben": 0, "ausgeschieden": 1}
    assert by.loc["(unbekannt)", "neu"] == 1


def test_membership_changes_and_growth():
    m1 = pd.DataFrame({"akteur_id": ["A1", "A1", "A2"], "netzwerk_id": ["N1", "N2", "N1"]})
    m2 = pd.DataFrame({"akteur_id": ["A1", "A2", "A3"], "netzwerk_id": ["N1", "N2", "N2"]})
    changes = compare.membership_changes(m1, m2)
    assert len(changes["gewonnen"]) == 2 and len(changes["verloren"]) == 2
    assert len(changes["geblieben"]) == 1
    table = compare.counts_per_wave(
        {"w1": _actors(["A1", "A2"]), "w2": _actors(["A1", "A2", "A3", "A4"])}, "landkreis"
    )
    grown = compare.growth(table)
    assert grown.loc["Cottbus", "veraenderung"] == 2
    assert grown.loc["Cottbus", "veraenderung_prozent"] == 100.0
    per_actor = compare.networks_per_actor({"w1": m1, "w2": m2})
    assert per_actor.loc["A1"].tolist() == [2, 1]
    assert per_actor.loc["A3"].tolist() == [0, 1]
    history = compare.history_dict(per_actor, {"w1": {"A1", "A2"}, "w2": {"A1", "A2", "A3"}})
    assert history["A3"] == {"w1": None, "w2": 1}


def test_realised_potentials_and_precision():
    potentials = pd.DataFrame(
        {
            "art": ["Akteur–Akteur", "Akteur–Akteur", "Akteur–Akteur", "Akteur→Netzwerk"],
            "a": ["A1", "A1", "A9", "A2"],
            "b": ["A2", "A3", "A1", "N5"],
        }
    )
    later_m = pd.DataFrame(
        {"akteur_id": ["A1", "A2", "A3", "A2"], "netzwerk_id": ["N1", "N1", "N2", "N3"]}
    )
    later_a = pd.DataFrame({"akteur_id": ["A1", "A2", "A3"]})
    out = compare.realised_potentials(
        potentials,
        later_m,
        later_a,
        a_col="a",
        b_col="b",
        kind_col="art",
        network_kind="Akteur→Netzwerk",
    )
    assert out.status_spaeter.tolist() == ["umgesetzt", "offen", "nicht prüfbar", "offen"]
    assert out.gemeinsame_netzwerke_spaeter.iloc[0] == "N1"
    p = compare.precision(out)
    assert (p["vorschlaege"], p["pruefbar"], p["umgesetzt"]) == (4, 3, 1)
    assert math.isclose(p["praezision"], 1 / 3)


def test_rank_table_and_hub_changes():
    w1 = pd.DataFrame(
        {"akteur_id": ["A1", "A2", "A3"], "akteur": ["X", "Y", "Z"], "pagerank": [0.5, 0.3, 0.2]}
    )
    w2 = pd.DataFrame(
        {"akteur_id": ["A1", "A3", "A4"], "akteur": ["X", "Z", "W"], "pagerank": [0.2, 0.5, 0.3]}
    )
    ranks = compare.rank_table({"w1": w1, "w2": w2}, top=2)
    assert ranks.loc["A3", "w1"] == 3 and ranks.loc["A3", "w2"] == 1
    assert math.isnan(ranks.loc["A2", "w2"])
    hubs = compare.hub_changes(ranks, top=2)
    assert hubs == {"neu_unter_den_zentralen": ["W", "Z"], "nicht_mehr_zentral": ["X", "Y"]}


def test_renamed_institution_counts_as_staying(mini_data):
    clean_wave(mini_data, "w1")
    wave2 = mini_data / "raw" / "w2"
    # "Alte Schule Görlitz" is an alias of "Neue Schule Görlitz" (renamed institution);
    # here the *old* name appears in the later wave and must still map to the same actor.
    write(
        wave2 / "akteure.csv",
        """
        akteur,kategorie,plz,ort,veroeffentlichen
        IHK Cottbus,Kammer,03046,Cottbus,ja
        Alte Schule Görlitz,Schule,02826,Görlitz,ja
        Neues Bildungswerk,Träger,02625,Bautzen,ja
        """,
    )
    write(wave2 / "netzwerke.csv", "netzwerk,themen\nAG BO,BO\n")
    write(wave2 / "mitgliedschaften.csv", "akteur,netzwerk\nIHK Cottbus,AG BO\n")
    clean_wave(mini_data, "w2")
    one = compare.load_wave(mini_data, "w1")["akteure"]
    two = compare.load_wave(mini_data, "w2")["akteure"]
    table = compare.status_table(one, two, "akteur_id").set_index("akteur")
    assert table.loc["Neue Schule Görlitz", "status"] == "geblieben"
    assert table.loc["Neues Bildungswerk", "status"] == "neu"
    counts = compare.status_counts(table.reset_index()).iloc[0].to_dict()
    # w1: IHK, Herzberg, Görlitz school, Bautzen, Bauzen; w2: IHK, Görlitz school, new one
    assert counts == {"neu": 1, "geblieben": 2, "ausgeschieden": 3}
