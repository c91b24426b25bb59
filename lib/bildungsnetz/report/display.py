"""What a notebook cell shows in the report: tables, figures, sentences – escaped and captioned.

The report notebooks call :func:`table`, :func:`figure`, :func:`paragraph` and
:func:`no_data`; each displays one :class:`~bildungsnetz.report.htmlsafe.HtmlFragment` that
nbconvert copies into the report unchanged. Survey text reaches HTML only escaped; numbers
are German (:func:`bildungsnetz.text.german_number`); every table and figure needs a caption,
every figure an alt text. :func:`table_html` and :func:`figure_html` return the HTML for use
outside a notebook.
"""

from __future__ import annotations

import base64
import html
import io
import math
import struct
import sys

import pandas as pd

from bildungsnetz.report.htmlsafe import HtmlFragment
from bildungsnetz.report.numbers import column_format, format_number, german_ticks


def _display(fragment: HtmlFragment) -> None:
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is always there with the notebooks
        print(fragment.html)
        return
    display(fragment)


# --------------------------------------------------------------------------------------------
# figures


def _png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def _as_figure(obj):
    """Accept a matplotlib Figure, Axes, seaborn FacetGrid/JointGrid/PairGrid, …"""
    if hasattr(obj, "savefig") and hasattr(obj, "get_axes"):
        return obj
    for attr in ("figure", "fig"):
        candidate = getattr(obj, attr, None)
        if candidate is not None and hasattr(candidate, "savefig"):
            return candidate
    if hasattr(obj, "get_figure"):
        return obj.get_figure()
    raise TypeError(f"Keine matplotlib-Abbildung: {type(obj).__name__}")


def _release(figure_obj) -> None:
    """Forget a figure that pyplot manages (one made with ``plt.subplots``), so that Jupyter
    does not show it a second time. Figures made without pyplot are not registered anywhere;
    pyplot is not imported for them."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(figure_obj)


def figure_html(fig, caption: str, alt: str, *, dpi: int = 144, close: bool = True) -> str:
    """HTML ``<figure>`` with the figure as embedded PNG, escaped ``alt`` and caption.

    ``alt`` describes what the figure shows for readers who cannot see it (screen readers);
    ``caption`` is the visible caption. Both are required. The PNG is rendered at ``dpi`` and
    shown at 96 dpi size, so it is sharp on high-resolution screens. Axes and colour bars
    with matplotlib's default number format get German numbers
    (:func:`bildungsnetz.report.numbers.german_ticks`). A figure managed by
    pyplot is closed afterwards (``close=False`` keeps it), so Jupyter does not show it a
    second time.
    """
    if not str(caption or "").strip():
        raise ValueError("Jede Abbildung braucht eine Bildunterschrift (caption).")
    if not str(alt or "").strip():
        raise ValueError("Jede Abbildung braucht einen Alternativtext (alt).")
    figure_obj = _as_figure(fig)
    german_ticks(figure_obj)  # German numbers on every default number axis and colour bar
    buffer = io.BytesIO()
    figure_obj.savefig(
        buffer,
        format="png",
        dpi=dpi,
        bbox_inches="tight",
        facecolor="white",
        metadata={"Software": None},
    )
    if close:
        _release(figure_obj)
    data = buffer.getvalue()
    width, height = _png_size(data)
    factor = dpi / 96.0
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<figure class="abbildung"><img src="data:image/png;base64,{encoded}" '
        f'alt="{html.escape(str(alt), quote=True)}" width="{round(width / factor)}" '
        f'height="{round(height / factor)}">'
        f"<figcaption>{html.escape(str(caption))}</figcaption></figure>"
    )


def figure(fig, caption: str, alt: str, *, dpi: int = 144, close: bool = True) -> None:
    """Show a matplotlib/seaborn figure in the notebook (and report) with caption and alt text.

    Call it instead of ``plt.show()``; see :func:`figure_html`. A text instead of a figure
    (:class:`~bildungsnetz.report.gaps.NoData`: the German sentence saying why there is
    nothing to draw) is shown as that sentence, without caption.
    """
    if isinstance(fig, str):
        no_data(fig)
        return
    _display(
        HtmlFragment(
            figure_html(fig, caption, alt, dpi=dpi, close=close), summary=f"Abbildung: {caption}"
        )
    )


# --------------------------------------------------------------------------------------------
# tables


def _display_frame(df: pd.DataFrame, digits: int) -> tuple[pd.DataFrame, list[bool]]:
    """Copy of ``df`` with German number formatting; plus which columns are numeric.

    Each numeric column has one format (:func:`bildungsnetz.report.numbers.column_format`):
    the one its table declared (one precision per measure, counts without decimals,
    percentages as ``39 %``), else a count for whole numbers, else ``digits`` decimals."""
    shown = df.copy()
    numeric = []
    for col in shown.columns:
        series = shown[col]
        if pd.api.types.is_bool_dtype(series):
            shown[col] = series.map({True: "ja", False: "nein"}).fillna("–")
            numeric.append(False)
        elif pd.api.types.is_numeric_dtype(series):
            fmt = column_format(df, col, digits)
            shown[col] = [format_number(None if pd.isna(v) else v, fmt) for v in series]
            numeric.append(True)
        else:
            shown[col] = [
                (
                    ""
                    if v is None or (isinstance(v, float) and math.isnan(v))
                    else ("; ".join(map(str, v)) if isinstance(v, (list, tuple, set)) else str(v))
                )
                for v in series
            ]
            numeric.append(False)
    return shown, numeric


def _soft_breaks(cell, soup) -> None:
    """A possible line break (``<wbr>``) after every "/" of a text cell, so that
    "Landesbehörde/Ministerium" or "raw/2026/akteure.csv" wrap there in a narrow column."""
    for node in list(cell.find_all(string=True)):
        if "/" not in node:
            continue
        parts = str(node).split("/")
        new_nodes: list = []
        for k, part in enumerate(parts):
            if part:
                new_nodes.append(part)
            if k < len(parts) - 1:
                new_nodes += ["/", soup.new_tag("wbr")]
        for new in new_nodes:
            node.insert_before(new)
        node.extract()


def _mark_columns(table_text: str, numeric: list[bool], index_levels: int) -> str:
    """Class ``zahl`` on the cells of number columns (right-aligned, one line); soft breaks
    after "/" in the text cells."""
    if not any(numeric) and "/" not in table_text:
        return table_text
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(table_text, "html.parser")
    for row in soup.find_all("tr"):
        cells = row.find_all(["td", "th"], recursive=False)
        offset = len(cells) - len(numeric)
        if offset < 0 or offset > max(index_levels, 0) + 1:
            for cell in cells:
                _soft_breaks(cell, soup)
            continue
        for cell in cells[:offset]:
            _soft_breaks(cell, soup)
        for k, cell in enumerate(cells[offset:]):
            if numeric[k]:
                cell["class"] = (cell.get("class") or []) + ["zahl"]
            else:
                _soft_breaks(cell, soup)
    return str(soup)


def table_html(
    df: pd.DataFrame,
    caption: str,
    max_rows: int | None = 25,
    *,
    index: bool = False,
    digits: int = 3,
    more_note: str = "Alle Zeilen stehen in der Datei tabellen.xlsx.",
) -> str:
    """Escaped HTML table with caption (``pandas.to_html(escape=True)``), German numbers.

    Shows at most ``max_rows`` rows and says how many there are in total. Numeric columns are
    right-aligned and written in German with one format per column: the one the table declared
    (:func:`bildungsnetz.report.numbers.with_formats`), else whole numbers as counts
    (``12.284``), a header ending in ``%`` as percent (``39 %``), other floats with ``digits``
    decimals.
    """
    if not str(caption or "").strip():
        raise ValueError("Jede Tabelle braucht eine Überschrift (caption).")
    total = len(df)
    part = df.head(max_rows) if (max_rows is not None and total > max_rows) else df
    shown, numeric = _display_frame(part, digits)
    table_text = shown.to_html(
        escape=True, index=index, border=0, classes="tabelle", na_rep="–", justify="left"
    )
    # the <table ...> tag is ours (no data in it): put the escaped caption right after it
    first_close = table_text.index(">") + 1
    table_text = (
        table_text[:first_close]
        + f"<caption>{html.escape(str(caption))}</caption>"
        + table_text[first_close:]
    )
    table_text = _mark_columns(table_text, numeric, index_levels=(df.index.nlevels if index else 0))
    note = ""
    if len(part) < total:
        note = (
            f'<p class="tabelle-hinweis">Gezeigt werden die ersten {len(part)} von '
            f"{total} Zeilen. {html.escape(more_note)}</p>"
        )
    elif total == 0:
        note = '<p class="tabelle-hinweis">Keine Einträge.</p>'
    return f'<div class="tabelle-rahmen">{table_text}{note}</div>'


def table(
    df: pd.DataFrame,
    caption: str,
    max_rows: int | None = 25,
    *,
    index: bool = False,
    digits: int = 3,
    more_note: str = "Alle Zeilen stehen in der Datei tabellen.xlsx.",
) -> None:
    """Show ``df`` as an escaped table with caption in the notebook/report (see table_html).

    A text instead of a table (:class:`~bildungsnetz.report.gaps.NoData`) is shown as that
    sentence, without caption.
    """
    if isinstance(df, str):
        no_data(df)
        return
    _display(
        HtmlFragment(
            table_html(df, caption, max_rows, index=index, digits=digits, more_note=more_note),
            summary=f"Tabelle: {caption}",
        )
    )


# --------------------------------------------------------------------------------------------
# text


def paragraph(text: str, css_class: str | None = None) -> None:
    """Show text (e.g. a sentence built from survey data) as an escaped ``<p>``.

    Use this instead of ``display(Markdown(f"... {name} ..."))``: Markdown passes HTML through.
    ``css_class`` may be ``"hinweis"`` for a highlighted note.
    """
    cls = f' class="{html.escape(css_class, quote=True)}"' if css_class else ""
    _display(HtmlFragment(f"<p{cls}>{html.escape(str(text))}</p>", summary="Absatz"))


def no_data(sentence) -> bool:
    """Show the sentence that stands in for a section, table or figure without data (a
    :class:`~bildungsnetz.report.gaps.NoData`) as ``<p class="keine-daten">``; nothing for
    ``None``/``""``.

    Returns True when a sentence was shown, so that a notebook can write
    ``if not no_data(gaps.section_gap(ctx, "…")):`` before the section's tables and figures.
    """
    if not sentence:
        return False
    _display(
        HtmlFragment(
            f'<p class="keine-daten">{html.escape(str(sentence))}</p>', summary="Keine Daten"
        )
    )
    return True
