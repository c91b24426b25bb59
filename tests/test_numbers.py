"""German numbers everywhere: one precision per measure, counts without decimals, percentages
with a sign, German separators on the axes and in the cells of figures; tables of at most six
columns with the ranked-by measure as first number column."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from matplotlib.figure import Figure

from bildungsnetz.analysis.tables import ACTOR_COLUMNS, NETWORK_COLUMNS
from bildungsnetz.ingest.clean import clean_wave
from bildungsnetz.report import figures, tables
from bildungsnetz.report.context import load_context
from bildungsnetz.report.display import table_html
from bildungsnetz.report.numbers import (
    COUNT,
    MEASURE_FORMATS,
    PERCENT,
    GermanTickFormatter,
    NumberFormat,
    column_format,
    format_number,
    german_count,
    german_percent,
    german_ticks,
    measure_format,
    with_formats,
)

# --------------------------------------------------------------------------------------------
# formatting single numbers


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (12284.0, COUNT, "12.284"),  # not "12.284,000"
        (3, COUNT, "3"),
        (1234567, COUNT, "1.234.567"),
        (39.0, PERCENT, "39 %"),  # not "39,000"
        (38.8889, PERCENT, "39 %"),
        (100.0, PERCENT, "100 %"),
        (99.7, PERCENT, "> 99 %"),  # not everyone: never "100 %"
        (0.3, PERCENT, "< 1 %"),  # someone: never "0 %"
        (0.0, PERCENT, "0 %"),
        (0.015525, measure_format("pagerank"), "0,0155"),
        (0.00004, measure_format("betweenness"), "< 0,0001"),
        (0.7618, measure_format("closeness"), "0,762"),
        (-0.139733, measure_format("ei_index"), "-0,14"),
        (-0.0001, measure_format("ei_index"), "> -0,01"),
        (-0.0, measure_format("ei_index"), "0,00"),
        (None, COUNT, "–"),
        (float("nan"), measure_format("degree"), "–"),
        (pd.NA, COUNT, "–"),
        (float("inf"), COUNT, "–"),
    ],
)
def test_format_number(value, fmt, text):
    assert format_number(value, fmt) == text


def test_shortcuts():
    assert german_count(16350.0) == "16.350"
    assert german_percent(12.5) == "13 %"
    assert german_percent(12.5, 1) == "12,5 %"


def test_one_precision_per_measure():
    """Every number column of the published actor and network tables has its format."""
    text = {"akteur_id", "akteur", "kategorie", "ebene", "landkreis", "bundesland", "raumtyp"}
    text |= {"netzwerk_id", "netzwerk", "typ", "koordination", "themen", "zielgruppen"}
    text |= {"hidden_champion", "hidden_champion_grund", "befragt"}
    missing = [
        c for c in [*ACTOR_COLUMNS, *NETWORK_COLUMNS] if c not in text | set(MEASURE_FORMATS)
    ]
    assert missing == []
    for name in ("anzahl_netzwerke", "partner", "anzahl_mitglieder", "extern", "intern"):
        assert MEASURE_FORMATS[name] == COUNT
    assert MEASURE_FORMATS["anteil_laendlich"] == PERCENT
    with pytest.raises(KeyError):
        measure_format("unbekannt")


def test_column_format_declared_or_from_the_values():
    frame = pd.DataFrame(
        {"a": [1.0, 2.0], "b": [0.5, 1.25], "Anteil %": [10.0, 12.5], "PageRank": [0.1, 0.2]}
    )
    with_formats(frame, {"PageRank": "pagerank", "nicht da": COUNT})
    assert column_format(frame, "a") == COUNT  # whole numbers: a count
    assert column_format(frame, "b", 2) == NumberFormat(2)
    assert column_format(frame, "Anteil %") == PERCENT
    assert column_format(frame, "PageRank") == MEASURE_FORMATS["pagerank"]
    assert "nicht da" not in frame.attrs["zahlenformate"]
    # the declaration survives what the display does to a frame
    assert column_format(frame.head(1).copy(), "PageRank") == MEASURE_FORMATS["pagerank"]


def test_table_html_uses_one_format_per_column():
    frame = pd.DataFrame(
        {
            "Merkmal": ["Landkreis", "Ebene"],
            "zwischen": [12284.0, 3539.0],
            "Anteil": [38.89, 100.0],
            "PageRank": [0.015525, 0.0004],
            "Rang": pd.array([1, None], dtype="Int64"),
        }
    )
    with_formats(frame, {"Anteil": PERCENT, "PageRank": "pagerank"})
    soup = BeautifulSoup(table_html(frame, "Test"), "html.parser")
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in soup.select("tbody tr")]
    assert rows == [
        ["Landkreis", "12.284", "39 %", "0,0155", "1"],
        ["Ebene", "3.539", "100 %", "0,0004", "–"],
    ]
    numeric = [th.get_text() for th in soup.select("thead th.zahl")]
    assert numeric == ["zwischen", "Anteil", "PageRank", "Rang"]


def test_text_cells_may_break_after_a_slash():
    frame = pd.DataFrame({"Akteursart": ["Landesbehörde/Ministerium"], "Akteure": [3]})
    soup = BeautifulSoup(table_html(frame, "Test"), "html.parser")
    cell = soup.find("td")
    assert cell.find("wbr") is not None and cell.get_text() == "Landesbehörde/Ministerium"
    assert soup.find("td", class_="zahl").find("wbr") is None


# --------------------------------------------------------------------------------------------
# figures


def test_tick_formatter_writes_german_numbers():
    fmt = GermanTickFormatter()
    assert fmt.format_ticks([0, 5000, 10000, 15000]) == ["0", "5.000", "10.000", "15.000"]
    assert fmt.format_ticks([0, 0.25, 0.5]) == ["0,00", "0,25", "0,50"]
    assert fmt.format_ticks([0.002, 0.004, 0.006]) == ["0,002", "0,004", "0,006"]
    assert fmt.format_ticks([-1e-17, 0.1, 0.2]) == ["0,0", "0,1", "0,2"]  # float noise
    share = GermanTickFormatter(percent=True, scale=100)
    assert share.format_ticks([0, 0.5, 1]) == ["0 %", "50 %", "100 %"]


def _english(text: str) -> bool:
    """An English number: decimal point ("0.25", "51.5") or thousands comma ("12,000")."""
    text = text.replace("\u2212", "-")
    return bool(
        re.fullmatch(r"-?\d+\.(\d{1,2}|\d{4,})", text) or re.fullmatch(r"-?\d{1,3}(,\d{3})+", text)
    )


def _tick_texts(fig) -> list[str]:
    fig.canvas.draw()  # the labels are set when drawn
    texts = []
    for ax in fig.get_axes():
        for axis in (ax.xaxis, ax.yaxis):
            texts += [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    return texts


def test_german_ticks_on_number_axes_only():
    fig = Figure()
    ax = fig.subplots()
    ax.barh(["Cottbus", "Görlitz"], [2500.0, 12000.0])
    german_ticks(fig)
    texts = _tick_texts(fig)
    assert "10.000" in texts and "Cottbus" in texts
    assert not [t for t in texts if _english(t)]


def _mini_ctx(mini_data):
    clean_wave(mini_data, "w1")
    return load_context(mini_data, "w1")


def test_report_figures_have_german_axes_and_cells(mini_data):
    ctx = _mini_ctx(mini_data)
    drawn = [
        figures.fig_top_bar(ctx, "pagerank", 5),
        figures.fig_geography(ctx),
        figures.fig_heatmap(
            pd.DataFrame([[12284.0, 3.0], [3.0, 0.0]], index=["a", "b"], columns=["a", "b"]),
            "x",
            "y",
        ),
    ]
    for fig in drawn:
        assert isinstance(fig, Figure)
        texts = _tick_texts(fig)
        assert texts
        english = [t for t in texts if _english(t)]
        assert english == [], english
    pagerank_ticks = _tick_texts(drawn[0])
    assert any("," in t for t in pagerank_ticks)
    geo_ticks = _tick_texts(drawn[1])
    assert any(re.fullmatch(r"5\d,\d+", t) for t in geo_ticks)  # latitude 51,5
    heat = drawn[2]
    cells = [t.get_text() for t in heat.get_axes()[0].texts]
    assert "12.284" in cells and "0" in cells
    colour_bar = heat.get_axes()[1]
    assert any("." in t.get_text() for t in colour_bar.get_yticklabels())  # 10.000


# --------------------------------------------------------------------------------------------
# the report's tables on a small wave

RANKED = {
    "anzahl_netzwerke": "Netzwerke",
    "closeness": "Closeness (2-modal)",
    "betweenness": "Betweenness (2-modal)",
    "constraint": "Constraint (Burt)",
    "pagerank": "PageRank",
}


#: What a cell of each kind of number column may look like.
CELL_PATTERNS = {
    "count": r"\d{1,3}(\.\d{3})*",
    "percent": r"((< |> )?\d{1,3}) %",
}


def _assert_cells_match_their_format(frame: pd.DataFrame, name: str) -> None:
    """Every number column has a declared format (or whole-number dtype), and every cell is
    written in it: counts without decimals, percentages with a sign, measures with exactly
    their decimals."""
    html = table_html(frame, name, max_rows=None)
    rows = [
        [td.get_text() for td in tr.find_all("td")]
        for tr in BeautifulSoup(html, "html.parser").select("tbody tr")
    ]
    declared = frame.attrs.get("zahlenformate", {})
    for k, column in enumerate(frame.columns):
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        assert column in declared or pd.api.types.is_integer_dtype(series), (name, column)
        fmt = column_format(frame, column)
        if fmt.percent:
            pattern = CELL_PATTERNS["percent"]
        elif fmt.decimals == 0:
            pattern = CELL_PATTERNS["count"]
        else:
            pattern = rf"(< |> -)?-?\d{{1,3}}(\.\d{{3}})*,\d{{{fmt.decimals}}}"
        for row in rows:
            assert re.fullmatch(f"{pattern}|–", row[k]), (name, column, row[k])


def _first_number_column(frame: pd.DataFrame) -> str:
    return next(c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]))


@pytest.mark.parametrize("by", list(RANKED))
def test_ranked_lists_show_their_measure_first(mini_data, by):
    ctx = _mini_ctx(mini_data)
    top = tables.top_actors(ctx, by, 10, ascending=by == "constraint")
    assert isinstance(top, pd.DataFrame)
    assert len(top.columns) <= tables.MAX_COLUMNS
    assert list(top.columns[:2]) == ["Akteur", RANKED[by]]
    assert _first_number_column(top) == RANKED[by]
    # even when asked for more context than fits
    many = tables.top_actors(ctx, by, 10, columns=["anzahl_netzwerke", "partner", "degree"])
    assert len(many.columns) <= tables.MAX_COLUMNS and RANKED[by] in many.columns


def test_every_table_of_the_small_wave_is_narrow_and_german(mini_data):
    ctx = _mini_ctx(mini_data)
    shown = {
        "overview": tables.overview_table(ctx),
        "coverage": tables.coverage_table(ctx),
        "quality": tables.quality_table(ctx),
        "files": tables.files_table(ctx),
        "notes": tables.quality_notes(ctx),
        "district": tables.actors_by_district(ctx),
        "state": tables.actors_by_state(ctx),
        "bridges": tables.bridges_between_states(ctx),
        "categories": tables.category_counts(ctx),
        "diversity": tables.diversity_table(ctx),
        "gaps": tables.topic_gaps(ctx),
        "ei": tables.ei_table(ctx),
        "duplicates": tables.duplicates_table(ctx),
        "pairs": tables.potentials_table(ctx, "akteur_akteur"),
        "networks": tables.potentials_table(ctx, "akteur_netzwerk"),
        "communities": tables.communities_table(ctx),
        **{f"top {by}": tables.top_actors(ctx, by) for by in RANKED},
    }
    assert sum(isinstance(t, pd.DataFrame) for t in shown.values()) >= 10
    for name, frame in shown.items():
        if not isinstance(frame, pd.DataFrame):
            continue
        assert len(frame.columns) <= tables.MAX_COLUMNS, name
        _assert_cells_match_their_format(frame, name)
    coverage = shown["coverage"].set_index("Angabe")
    assert table_html(shown["coverage"], "x").count(" %</td>") == len(coverage)
    if isinstance(shown["categories"], pd.DataFrame):
        assert "Anteil" in shown["categories"].columns


def test_suggestions_are_ranked_by_their_score(mini_data):
    ctx = _mini_ctx(mini_data)
    for kind in ("akteur_akteur", "akteur_netzwerk"):
        frame = tables.potentials_table(ctx, kind)
        if isinstance(frame, pd.DataFrame):
            assert _first_number_column(frame) == "Punktzahl"
            scores = frame["Punktzahl"].tolist()
            assert scores == sorted(scores, reverse=True)


def test_mixing_matrix_counts_have_thousands_points():
    frame = with_formats(
        pd.DataFrame([[5836, 6806], [6806, 3181]], index=["Brandenburg", "Sachsen"]),
        {0: COUNT, 1: COUNT},
    )
    html = table_html(frame, "Ko-Mitgliedschaften", index=True)
    cells = [td.get_text() for td in BeautifulSoup(html, "html.parser").find_all("td")]
    assert cells == ["5.836", "6.806", "6.806", "3.181"]
    assert np.array_equal(frame.to_numpy(), [[5836, 6806], [6806, 3181]])


def test_what_the_tables_leave_out_is_in_the_workbook(mini_data):
    """The report's tables show at most six columns; tabellen.xlsx keeps every column of the
    analysis tables behind them."""
    from bildungsnetz.report.exports import publishable_tables

    ctx = _mini_ctx(mini_data)
    sheets = publishable_tables(ctx)
    for sheet, result in (
        ("Kennzahlen Akteure", "kennzahlen_akteure"),
        ("Kennzahlen Netzwerke", "kennzahlen_netzwerke"),
        ("Doppelstrukturen", "doppelstrukturen"),
        ("Gemeinschaften", "gemeinschaften"),
        ("Potenziale", "potenziale"),
        ("Handlungsempfehlungen", "handlungsempfehlungen"),
        ("Befragung", "befragt_abdeckung"),
    ):
        assert list(sheets[sheet].columns) == list(ctx.results[result].columns), sheet
    # every next step, not only the four of each kind the report shows
    assert len(sheets["Handlungsempfehlungen"]) == len(ctx.results["handlungsempfehlungen"])
    gatekeepers = tables.top_actors(ctx, "betweenness")
    assert "Constraint (Burt)" not in gatekeepers.columns  # left out of the report …
    assert "constraint" in sheets["Kennzahlen Akteure"].columns  # … kept in the workbook
