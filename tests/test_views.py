"""The report's tables on a small wave: what the notebook shows matches the tables behind it."""

from __future__ import annotations

import pandas as pd
import pytest

from bildungsnetz.analysis.cache import CACHE_FILE, analysis_results
from bildungsnetz.report import views as V
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.errors import BildungsnetzError


@pytest.fixture
def ctx(mini_data):
    clean_wave(mini_data, "w1")
    return V.load_context(mini_data, "w1")


def test_report_language_is_checked():
    V.check_language("de")
    with pytest.raises(BildungsnetzError, match="nicht verfügbar"):
        V.check_language("en")


def test_quality_table_accounts_for_every_row(ctx):
    table = V.quality_table(ctx).set_index("Datei")
    assert (table["behalten"] + table["zusammengeführt"] + table["verworfen"]
            == table["Rohzeilen"]).all()
    assert table.loc["raw/w1/akteure.csv", "Rohzeilen"] == 7


def test_overview_counts_match_the_tables(ctx):
    overview = V.overview_table(ctx).set_index("Kennzahl")["Wert"]
    assert overview["Akteure"] == len(ctx.akteure)
    assert overview["Netzwerke und Gremien"] == len(ctx.netzwerke)
    assert overview["Mitgliedschaften"] == len(ctx.mitgliedschaften)
    assert overview["Akteure unter Pseudonym (ohne Einwilligung)"] == 1


def test_top_actors_sorted_and_publishable(ctx):
    top = V.top_actors(ctx, "anzahl_netzwerke", 3)
    values = top["Netzwerke"].tolist()
    assert values == sorted(values, reverse=True)
    assert "Oberschule Herzberg" not in set(V.top_actors(ctx, "pagerank", 10)["Akteur"])


def test_topic_gaps_are_the_zero_cells(ctx):
    matrix = ctx.results["themen_landkreise"]
    gaps = V.topic_gaps(ctx)
    zero_cells = int((matrix.astype(float) == 0).to_numpy().sum())
    listed = sum(len(cell.split(", ")) for cell in gaps.iloc[:, 1])
    assert listed == zero_cells


def test_analysis_cache_is_reused_and_invalidated(ctx, mini_data):
    folder = mini_data / "processed" / "w1"
    cache = folder / CACHE_FILE
    assert cache.exists()
    stamp = cache.stat().st_mtime_ns
    analysis_results(mini_data, "w1")
    assert cache.stat().st_mtime_ns == stamp          # reused
    members = folder / "mitgliedschaften.csv"
    frame = pd.read_csv(members, dtype=str).iloc[:-1]  # a changed input ...
    frame.to_csv(members, index=False)
    result = analysis_results(mini_data, "w1")
    assert cache.stat().st_mtime_ns != stamp          # ... is recomputed
    assert int(result["kennzahlen_gesamt"].set_index("kennzahl").loc[
        "anzahl_mitgliedschaften", "wert"]) == len(frame)
