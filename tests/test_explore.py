"""The exploration functions (``report.explore``) and the notebook ``erkunden.ipynb``.

Fast tests use a hand-made pair of waves whose answers are known:

* ``w1``: Schule Ahorn (Cottbus) and Kammer Lausitz (Elbe-Elster) in „Netz Nord“ (Cottbus,
  Ausbildung); Geheimer Träger (Görlitz, no consent → pseudonym) in „Netz Mitte“ and
  „Netz Süd“; Einsamer Verein (Bautzen) alone in „Netz Insel“.
* ``w2``: as ``w1``, plus Schule Birke (Görlitz) in „Netz Süd“, and Kammer Lausitz also in
  „Netz Mitte“ (Elbe-Elster, Ausbildung + Berufsorientierung). So the only chain from Ahorn to
  Birke is Ahorn → Nord → Kammer → Mitte → (pseudonym) → Süd → Birke.

The slow test runs the notebook with papermill on a copy of the demo data.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.report import explore
from bildungsnetz.report.context import load_context
from bildungsnetz.report.gaps import NoData
from conftest import DATA, MINI_EXTERNAL, write

SECRET = "Geheimer Träger"

W1 = {
    "akteure.csv": f"""
        akteur,kategorie,plz,ort,veroeffentlichen
        Schule Ahorn,Schule,03044,Cottbus,ja
        Kammer Lausitz,Kammer,04916,Herzberg (Elster),ja
        {SECRET},Bildungsträger,02826,Görlitz,nein
        Einsamer Verein,,02625,Bautzen,ja
        """,
    "netzwerke.csv": """
        netzwerk,landkreis,themen
        Netz Nord,Cottbus,Ausbildung
        Netz Mitte,Elbe-Elster,Ausbildung;Berufsorientierung
        Netz Süd,Görlitz,Digitalisierung
        Netz Insel,Bautzen,Digitalisierung
        """,
    "mitgliedschaften.csv": f"""
        akteur,netzwerk
        Schule Ahorn,Netz Nord
        Kammer Lausitz,Netz Nord
        {SECRET},Netz Mitte
        {SECRET},Netz Süd
        Einsamer Verein,Netz Insel
        """,
}
W2 = {
    "akteure.csv": W1["akteure.csv"] + "        Schule Birke,Schule,02826,Görlitz,ja\n",
    "netzwerke.csv": W1["netzwerke.csv"],
    "mitgliedschaften.csv": W1["mitgliedschaften.csv"]
    + "        Kammer Lausitz,Netz Mitte\n        Schule Birke,Netz Süd\n",
}


@pytest.fixture(scope="module")
def waves(tmp_path_factory) -> Path:
    from bildungsnetz.pipeline import analyse_step

    root = tmp_path_factory.mktemp("erkunden")
    for name, text in MINI_EXTERNAL.items():
        write(root / "external" / name, text)
    for wave, files in (("w1", W1), ("w2", W2)):
        for name, text in files.items():
            write(root / "raw" / wave / name, text)
        clean_wave(root, wave)
        analyse_step(root, wave, keep_for_report=True)
    return root


@pytest.fixture(scope="module")
def ctx(waves):
    return load_context(waves, "w2")


def _pseudonym(ctx) -> str:
    row = ctx.akteure[ctx.akteure["akteur"] == SECRET].iloc[0]
    assert row["anzeigename"] != SECRET
    return row["anzeigename"]


# ------------------------------------------------------------------------------ lookup


def test_newest_wave_and_open_wave(waves):
    assert explore.newest_wave(waves) == "w2"
    assert explore.open_wave(waves).wave == "w2"
    assert explore.open_wave(waves, "w1").wave == "w1"


def test_find_actor_partial_case_insensitive_and_by_id(ctx):
    aid = explore.find_actor(ctx, "kammer")
    assert ctx.akteure.set_index("akteur_id").loc[aid, "anzeigename"] == "Kammer Lausitz"
    assert explore.find_actor(ctx, aid) == aid
    assert explore.find_actor(ctx, "  KAMMER lausitz ") == aid


def test_find_actor_ambiguous_names_the_candidates(ctx):
    with pytest.raises(BildungsnetzError) as err:
        explore.find_actor(ctx, "schule")
    message = str(err.value)
    assert "passt auf 2 Akteure" in message
    assert "„Schule Ahorn“" in message and "„Schule Birke“" in message


def test_find_actor_unknown_suggests_similar(ctx):
    with pytest.raises(BildungsnetzError) as err:
        explore.find_actor(ctx, "Schule Birk3")
    assert "Kein Akteur der Welle w2" in str(err.value)
    assert "Ähnliche Namen" in str(err.value) and "Schule Birke" in str(err.value)


def test_real_name_without_consent_is_not_found_nor_listed(ctx):
    with pytest.raises(BildungsnetzError) as err:
        explore.find_actor(ctx, "Geheimer")
    assert SECRET not in str(err.value)
    assert explore.find_actor(ctx, _pseudonym(ctx))  # the pseudonym works


# ------------------------------------------------------------------------------ partners


def test_partners_with_shared_networks(ctx):
    table = explore.partners(ctx, "Kammer Lausitz")
    assert list(table.columns) == [
        "Partner",
        "Akteursart",
        "Landkreis",
        "Gemeinsame Netzwerke",
        "Netzwerke",
    ]
    rows = {r["Partner"]: r for r in table.to_dict("records")}
    assert set(rows) == {"Schule Ahorn", _pseudonym(ctx)}
    assert rows["Schule Ahorn"]["Netzwerke"] == "Netz Nord"
    assert rows[_pseudonym(ctx)]["Netzwerke"] == "Netz Mitte"
    assert rows[_pseudonym(ctx)]["Landkreis"] == "Görlitz"
    assert all(r["Gemeinsame Netzwerke"] == 1 for r in rows.values())


def test_partners_of_a_lonely_actor_is_a_sentence(ctx):
    result = explore.partners(ctx, "Einsamer Verein")
    assert isinstance(result, NoData) and "mit niemandem" in result


def test_ego_figure_object_oriented_and_named_by_pseudonym(ctx):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    before = plt.get_fignums()
    fig = explore.ego_figure(ctx, "Kammer Lausitz")
    assert isinstance(fig, Figure)
    assert plt.get_fignums() == before  # not registered with pyplot
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert {"Kammer Lausitz", "Netz Nord", "Netz Mitte", "Schule Ahorn", _pseudonym(ctx)} <= set(
        texts
    )
    assert SECRET not in " ".join(texts)
    small = explore.ego_figure(ctx, "Kammer Lausitz", max_partners=1)
    assert small.axes[0].get_title() == "Nicht gezeigt: 1 weitere Partner"


# ------------------------------------------------------------------------------ chains


def test_the_one_shortest_chain_through_the_pseudonym(ctx):
    found = explore.chains(ctx, "Ahorn", "Birke")
    assert found == [
        f"Schule Ahorn → Netzwerk „Netz Nord“ → Kammer Lausitz → Netzwerk „Netz Mitte“ → "
        f"{_pseudonym(ctx)} → Netzwerk „Netz Süd“ → Schule Birke"
    ]
    assert explore.chains_sentence(ctx, "Ahorn", "Birke", found).startswith(
        "Schule Ahorn und Schule Birke sind über 2 weitere Akteure verbunden"
    )
    direct = explore.chains(ctx, "Ahorn", "Kammer")
    assert direct == ["Schule Ahorn → Netzwerk „Netz Nord“ → Kammer Lausitz"]
    assert "teilen ein Netzwerk" in explore.chains_sentence(ctx, "Ahorn", "Kammer", direct)


def test_no_chain_to_an_unconnected_actor(ctx):
    assert explore.chains(ctx, "Ahorn", "Einsamer") == []
    assert "nicht verbunden" in explore.chains_sentence(ctx, "Ahorn", "Einsamer", [])
    with pytest.raises(BildungsnetzError, match="zwei verschiedene"):
        explore.chains(ctx, "Ahorn", "Schule Ahorn")


# ------------------------------------------------------------------------------ district


def test_district_networks_by_seat_or_members(ctx):
    table = explore.district_networks(ctx, "görlitz")
    # Süd: seat in Görlitz, 2 members from there; Mitte: seat elsewhere, 1 member from Görlitz
    assert table[["Netzwerk", "Sitz", "Mitglieder", "davon aus dem Landkreis"]].to_dict(
        "records"
    ) == [
        {"Netzwerk": "Netz Süd", "Sitz": "Görlitz", "Mitglieder": 2, "davon aus dem Landkreis": 2},
        {
            "Netzwerk": "Netz Mitte",
            "Sitz": "Elbe-Elster",
            "Mitglieder": 2,
            "davon aus dem Landkreis": 1,
        },
    ]
    assert list(explore.district_networks(ctx, "Görlitz", "digital")["Netzwerk"]) == ["Netz Süd"]
    assert list(explore.district_networks(ctx, "Görlitz", "ausbildung")["Netzwerk"]) == [
        "Netz Mitte"
    ]
    nothing = explore.district_networks(ctx, "Bautzen", "Ausbildung")
    assert isinstance(nothing, NoData) and "kein Netzwerk zum Thema Ausbildung" in nothing


def test_district_and_topic_errors_name_the_choices(ctx):
    with pytest.raises(BildungsnetzError, match="möglich sind: Cottbus, Elbe-Elster"):
        explore.district_networks(ctx, "Atlantis")
    with pytest.raises(BildungsnetzError, match="vorhanden sind: Ausbildung, Berufsorientierung"):
        explore.district_networks(ctx, "Görlitz", "Raumfahrt")


# ------------------------------------------------------------------------------ history


def test_history_over_both_waves(ctx):
    table = explore.actor_history(ctx, "Kammer")
    assert list(table["Welle"]) == ["w1", "w2"]
    assert list(table["Netzwerke"]) == [1, 2]
    assert list(table["neu dabei in"]) == ["", "Netz Mitte"]
    assert table["Rang nach Netzwerken"].iloc[1].endswith("von 5")
    birke = explore.actor_history(ctx, "Birke")
    assert list(birke["dabei"]) == ["nein", "ja"]


# ------------------------------------------------------------------------------ export


def test_filtered_tables_keep_only_the_district_and_topic(ctx):
    tables = explore.filtered_tables(ctx, "Görlitz", "Digitalisierung")
    assert set(tables["Netzwerke"]["netzwerk"]) == {"Netz Süd"}
    assert set(tables["Akteure"]["akteur"]) == {"Schule Birke", _pseudonym(ctx)}
    assert len(tables["Mitgliedschaften"]) == 2
    assert "Kennzahlen gesamt" not in tables
    everything = explore.filtered_tables(ctx)
    assert len(everything["Akteure"]) == 5 and "Kennzahlen gesamt" in everything


def test_export_excel_writes_pseudonyms_only(ctx, tmp_path):
    tables = explore.filtered_tables(ctx, thema="Ausbildung")
    tables["Partner"] = explore.partners(ctx, "Kammer")
    tables["Leer"] = explore.partners(ctx, "Einsamer")  # a NoData is left out
    path = explore.export_excel(tables, tmp_path / "auswahl.xlsx", ctx=ctx)
    book = load_workbook(path)
    assert "Partner" in book.sheetnames and "Leer" not in book.sheetnames
    text = " ".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )
    assert _pseudonym(ctx) in text and SECRET not in text
    with pytest.raises(BildungsnetzError, match=r"\.xlsx"):
        explore.export_excel(tables, tmp_path / "auswahl.csv")
    with pytest.raises(BildungsnetzError, match="Rohdaten"):
        explore.export_excel(tables, ctx.data_dir / "raw" / "w2" / "x.xlsx")


def test_examples_fill_only_what_is_empty(ctx):
    filled = explore.examples(ctx)
    assert filled["akteur"] in {"Kammer Lausitz", _pseudonym(ctx)}  # both in 2 networks
    assert filled["landkreis"] == "Görlitz"  # 2 actors, the most
    assert filled["thema"] == "Ausbildung"  # ties broken by name: Ausbildung < Digitalisierung
    far = explore.examples(ctx, akteur="Ahorn")
    assert far["akteur"] == "Ahorn" and far["akteur_b"] == "Schule Birke"  # the farthest
    kept = explore.examples(ctx, "a", "b", "c", "d")
    assert kept == {"akteur": "a", "akteur_b": "b", "landkreis": "c", "thema": "d"}


def test_tiny_wave_without_memberships(tmp_path):
    for name, text in MINI_EXTERNAL.items():
        write(tmp_path / "external" / name, text)
    write(tmp_path / "raw" / "t" / "akteure.csv", "akteur\nA\nB\n")
    write(tmp_path / "raw" / "t" / "netzwerke.csv", "netzwerk\nN1\n")
    write(tmp_path / "raw" / "t" / "mitgliedschaften.csv", "akteur,netzwerk\n")
    ctx = explore.open_wave(tmp_path)  # cleaned on the way; no consent column: pseudonyms
    filled = explore.examples(ctx)
    assert {filled["akteur"], filled["akteur_b"]} == {"Akteur 1", "Akteur 2"}
    assert filled["landkreis"] == "" and filled["thema"] == ""
    a, b = filled["akteur"], filled["akteur_b"]
    assert isinstance(explore.partners(ctx, a), NoData)
    assert isinstance(explore.ego_figure(ctx, a), NoData)
    assert explore.chains(ctx, a, b) == []
    assert list(explore.actor_history(ctx, a)["Netzwerke"]) == [0]


# ------------------------------------------------------------------------------ notebook

BAD_TEXT = re.compile(r"\b(nan|NaN|None|Traceback)\b")


@pytest.mark.slow
def test_notebook_runs_top_to_bottom_on_the_demo(tmp_path):
    from bildungsnetz.report.notebook import execute_notebook

    data = tmp_path / "data"
    shutil.copytree(DATA / "raw", data / "raw")
    if (DATA / "external").exists():
        shutil.copytree(DATA / "external", data / "external")
    target = tmp_path / "auswahl.xlsx"
    out = execute_notebook(
        "erkunden.ipynb",
        tmp_path / "erkunden.ipynb",
        {"data_dir": str(data), "export_path": str(target)},
    )
    nb = json.loads(out.read_text(encoding="utf-8"))
    newest = sorted(p.name for p in (data / "raw").iterdir() if p.is_dir())[-1]
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error" or o.get("name") == "stderr"]
    html = "\n".join("".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert f"Welle {newest}." in html
    assert "Partner von" in html and "data:image/png;base64," in html
    assert " → Netzwerk „" in html
    assert "Netzwerke im Landkreis" in html and "über die Wellen" in html
    assert not BAD_TEXT.search(re.sub(r"base64,[^\"]+", "", html))
    book = load_workbook(target)
    assert {"Hinweis", "Akteure", "Netzwerke", "Partner"} <= set(book.sheetnames)
    # the committed notebook carries no outputs
    source = json.loads(
        (Path(__file__).resolve().parents[1] / "notebooks" / "erkunden.ipynb").read_text("utf-8")
    )
    assert all(not c.get("outputs") for c in source["cells"] if c["cell_type"] == "code")
