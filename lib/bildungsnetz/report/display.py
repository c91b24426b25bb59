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
from bildungsnetz.report.numbers import german_measure
from bildungsnetz.text import german_number


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
    shown at 96 dpi size, so it is sharp on high-resolution screens. A figure managed by
    pyplot is closed afterwards (``close=False`` keeps it), so Jupyter does not show it a
    second time.
    """
    if not str(caption or "").strip():
        raise ValueError("Jede Abbildung braucht eine Bildunterschrift (caption).")
    if not str(alt or "").strip():
        raise ValueError("Jede Abbildung braucht einen Alternativtext (alt).")
    figure_obj = _as_figure(fig)
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


def _format_float_column(series: pd.Series, digits: int) -> list[str]:
    out = []
    for value in series:
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            out.append("–")
        elif 0 < abs(float(value)) < 0.1:
            out.append(german_measure(float(value)))  # 4 significant digits, not "0,000"
        else:
            out.append(german_number(value, digits))
    return out


def _display_frame(df: pd.DataFrame, digits: int) -> tuple[pd.DataFrame, list[bool]]:
    """Copy of ``df`` with German number formatting; plus which columns are numeric."""
    shown = df.copy()
    numeric = []
    for col in shown.columns:
        series = shown[col]
        if pd.api.types.is_bool_dtype(series):
            shown[col] = series.map({True: "ja", False: "nein"}).fillna("–")
            numeric.append(False)
        elif pd.api.types.is_integer_dtype(series):
            shown[col] = [("–" if pd.isna(v) else str(int(v))) for v in series]
            numeric.append(True)
        elif pd.api.types.is_float_dtype(series):
            shown[col] = _format_float_column(series, digits)
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


def _mark_numeric_columns(table_text: str, numeric: list[bool], index_levels: int) -> str:
    if not any(numeric):
        return table_text
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(table_text, "html.parser")
    for row in soup.find_all("tr"):
        cells = row.find_all(["td", "th"], recursive=False)
        offset = len(cells) - len(numeric)
        if offset < 0 or offset > max(index_levels, 0) + 1:
            continue
        for k, cell in enumerate(cells[offset:]):
            if numeric[k]:
                cell["class"] = (cell.get("class") or []) + ["zahl"]
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
    right-aligned; floats use ``digits`` decimals (values below 0.1: 4 significant digits).
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
    table_text = _mark_numeric_columns(
        table_text, numeric, index_levels=(df.index.nlevels if index else 0)
    )
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
