"""The report's tables on a small wave: what the notebook shows matches the tables behind it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pandas as pd
import pytest

from bildungsnetz.analysis.cache import CACHE_FILE, analysis_results
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.report import figures, tables
from bildungsnetz.report.context import check_language, load_context
from bildungsnetz.report.notebook import quiet_jupyter_logs


@pytest.fixture
def ctx(mini_data):
    clean_wave(mini_data, "w1")
    return load_context(mini_data, "w1")


def test_report_language_is_checked():
    check_language("de")
    with pytest.raises(BildungsnetzError, match="nicht verfügbar"):
        check_language("en")


def test_quality_table_accounts_for_every_row(ctx):
    table = tables.quality_table(ctx).set_index("Datei")
    assert (
        table["behalten"] + table["zusammengeführt"] + table["verworfen"] == table["Rohzeilen"]
    ).all()
    assert table.loc["raw/w1/akteure.csv", "Rohzeilen"] == 7


def test_overview_counts_match_the_tables(ctx):
    overview = tables.overview_table(ctx).set_index("Kennzahl")["Wert"]
    assert overview["Akteure"] == len(ctx.akteure)
    assert overview["Netzwerke und Gremien"] == len(ctx.netzwerke)
    assert overview["Mitgliedschaften"] == len(ctx.mitgliedschaften)
    assert overview["Akteure unter Pseudonym (ohne Einwilligung)"] == 1


def test_top_actors_sorted_and_publishable(ctx):
    top = tables.top_actors(ctx, "anzahl_netzwerke", 3)
    values = top["Netzwerke"].tolist()
    assert values == sorted(values, reverse=True)
    assert "Oberschule Herzberg" not in set(tables.top_actors(ctx, "pagerank", 10)["Akteur"])


def test_topic_gaps_are_the_zero_cells(ctx):
    matrix = ctx.results["themen_landkreise"]
    gaps = tables.topic_gaps(ctx)
    zero_cells = int((matrix.astype(float) == 0).to_numpy().sum())
    listed = sum(len(cell.split(", ")) for cell in gaps.iloc[:, 1])
    assert listed == zero_cells


def test_analysis_cache_is_reused_and_invalidated(ctx, mini_data):
    folder = mini_data / "processed" / "w1"
    cache = folder / CACHE_FILE
    assert cache.exists()
    stamp = cache.stat().st_mtime_ns
    analysis_results(mini_data, "w1")
    assert cache.stat().st_mtime_ns == stamp  # reused
    members = folder / "mitgliedschaften.csv"
    frame = pd.read_csv(members, dtype=str).iloc[:-1]  # a changed input ...
    frame.to_csv(members, index=False)
    result = analysis_results(mini_data, "w1")
    assert cache.stat().st_mtime_ns != stamp  # ... is recomputed
    assert int(
        result["kennzahlen_gesamt"].set_index("kennzahl").loc["anzahl_mitgliedschaften", "wert"]
    ) == len(frame)


# --------------------------------------------------------------------------------------------
# the analyst's session is left alone


def _python(code: str, **env) -> str:
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_report_modules_keep_the_matplotlib_backend():
    imports = (
        "import bildungsnetz.report.figures, bildungsnetz.report.comparison, "
        "bildungsnetz.report.display, bildungsnetz.report.build"
    )
    assert (
        _python(f"import matplotlib; {imports}; print(matplotlib.get_backend())", MPLBACKEND="svg")
        == "svg"
    )


def test_figures_are_not_registered_with_pyplot(ctx):
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    before = plt.get_fignums()
    assert isinstance(figures.fig_pagerank_vs_networks(ctx), Figure)
    assert plt.get_fignums() == before


def test_logger_levels_are_set_only_while_notebooks_run():
    code = (
        "import logging, bildungsnetz.report.build; "
        "print([logging.getLogger(n).level for n in ('papermill', 'traitlets')])"
    )
    assert _python(code) == "[0, 0]"  # importing changes nothing
    logger = logging.getLogger("papermill")
    before = logger.level
    with quiet_jupyter_logs():
        assert logger.level == logging.WARNING
    assert logger.level == before  # restored
