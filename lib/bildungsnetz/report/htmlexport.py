"""Turning results into files a reader can open: the HTML report, Excel tables, Gephi graphs.

Report (PRODUCT.md §4, §6):

* :func:`notebook_to_html` converts an executed notebook into one self-contained German HTML
  file with our nbconvert template ``templates/bericht`` (no code, no prompts, no MathJax,
  require.js or CDN), adds a table of contents built from the h2/h3 headings, numbers figures
  and tables, sets a Content-Security-Policy that allows only the page's own inline scripts,
  and refuses to write a page that would load anything from outside.
* Helpers the notebook calls: :func:`figure` (matplotlib/seaborn figure as embedded PNG with
  caption and alt text), :func:`table` (escaped HTML table with caption), :func:`paragraph`
  (escaped text), :data:`PALETTE` (colour-blind-safe colours).

Files for other tools:

* :func:`write_tables_xlsx`: all tables in one workbook; text cells that Excel could take for a
  formula (starting with ``=``, ``+``, ``-``, ``@``, tab, CR, LF) are stored as explicit text
  with Excel's quote prefix, so they show exactly as written and never calculate.
* :func:`write_graph_files`: GraphML and GEXF for Gephi, attributes reduced to str/numbers,
  contact data and non-public names removed.
"""

from __future__ import annotations

import base64
import html
import io
import logging
import math
import re
import struct
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import unquote

import pandas as pd

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.text import german_number
from bildungsnetz.report.htmlsafe import (GRAU, OKABE_ITO, PALETTE, SEQUENTIAL_CMAP, TOL_MUTED, HtmlFragment,
                       csp_policy, external_resources, inline_scripts, script_hash)

__all__ = [
    "PALETTE", "OKABE_ITO", "TOL_MUTED", "GRAU", "SEQUENTIAL_CMAP",
    "notebook_to_html", "figure", "figure_html", "table", "table_html", "paragraph", "no_data",
    "write_tables_xlsx", "write_graph_files", "neutralize_excel_text", "external_resources",
]

log = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).parent / "templates"
_NO_ALT_EN = "No description has been provided for this image"
_NO_ALT_DE = "Abbildung ohne Beschreibung"


# ============================================================================================
# report helpers used inside notebooks

def _display(fragment: HtmlFragment) -> None:
    try:
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is always there with the notebooks
        print(fragment.html)
        return
    display(fragment)


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


def figure_html(fig, caption: str, alt: str, *, dpi: int = 144, close: bool = True) -> str:
    """HTML ``<figure>`` with the figure as embedded PNG, escaped ``alt`` and caption.

    ``alt`` describes what the figure shows for readers who cannot see it (screen readers);
    ``caption`` is the visible caption. Both are required. The PNG is rendered at ``dpi`` and
    shown at 96 dpi size, so it is sharp on high-resolution screens. The matplotlib figure is
    closed afterwards (``close=False`` keeps it), so Jupyter does not show it a second time.
    """
    if not str(caption or "").strip():
        raise ValueError("Jede Abbildung braucht eine Bildunterschrift (caption).")
    if not str(alt or "").strip():
        raise ValueError("Jede Abbildung braucht einen Alternativtext (alt).")
    figure_obj = _as_figure(fig)
    buffer = io.BytesIO()
    figure_obj.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight",
                       facecolor="white", metadata={"Software": None})
    if close:
        import matplotlib.pyplot as plt
        plt.close(figure_obj)
    data = buffer.getvalue()
    width, height = _png_size(data)
    factor = dpi / 96.0
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<figure class="abbildung"><img src="data:image/png;base64,{encoded}" '
            f'alt="{html.escape(str(alt), quote=True)}" width="{round(width / factor)}" '
            f'height="{round(height / factor)}">'
            f"<figcaption>{html.escape(str(caption))}</figcaption></figure>")


def figure(fig, caption: str, alt: str, *, dpi: int = 144, close: bool = True) -> None:
    """Show a matplotlib/seaborn figure in the notebook (and report) with caption and alt text.

    Call it instead of ``plt.show()``; see :func:`figure_html`. A text instead of a figure
    (``views.NoData``: the German sentence saying why there is nothing to draw) is shown as
    that sentence, without caption.
    """
    if isinstance(fig, str):
        no_data(fig)
        return
    _display(HtmlFragment(figure_html(fig, caption, alt, dpi=dpi, close=close),
                          summary=f"Abbildung: {caption}"))


def _format_float_column(series: pd.Series, digits: int) -> list[str]:
    from bildungsnetz.report.netmap import format_number

    out = []
    for value in series:
        if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value):
            out.append("–")
        elif 0 < abs(float(value)) < 0.1:
            out.append(format_number(float(value)))     # 4 significant digits, not "0,000"
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
            shown[col] = [("" if v is None or (isinstance(v, float) and math.isnan(v))
                           else ("; ".join(map(str, v)) if isinstance(v, (list, tuple, set))
                                 else str(v))) for v in series]
            numeric.append(False)
    return shown, numeric


def table_html(df: pd.DataFrame, caption: str, max_rows: int | None = 25, *,
               index: bool = False, digits: int = 3,
               more_note: str = "Alle Zeilen stehen in der Datei tabellen.xlsx.") -> str:
    """Escaped HTML table with caption (``pandas.to_html(escape=True)``), German numbers.

    Shows at most ``max_rows`` rows and says how many there are in total. Numeric columns are
    right-aligned; floats use ``digits`` decimals (values below 0.1: 4 significant digits).
    """
    if not str(caption or "").strip():
        raise ValueError("Jede Tabelle braucht eine Überschrift (caption).")
    total = len(df)
    part = df.head(max_rows) if (max_rows is not None and total > max_rows) else df
    shown, numeric = _display_frame(part, digits)
    table_text = shown.to_html(escape=True, index=index, border=0, classes="tabelle",
                               na_rep="–", justify="left")
    # the <table ...> tag is ours (no data in it): put the escaped caption right after it
    first_close = table_text.index(">") + 1
    table_text = (table_text[:first_close] + f"<caption>{html.escape(str(caption))}</caption>"
                  + table_text[first_close:])
    table_text = _mark_numeric_columns(table_text, numeric, index_levels=(
        df.index.nlevels if index else 0))
    note = ""
    if len(part) < total:
        note = (f'<p class="tabelle-hinweis">Gezeigt werden die ersten {len(part)} von '
                f"{total} Zeilen. {html.escape(more_note)}</p>")
    elif total == 0:
        note = '<p class="tabelle-hinweis">Keine Einträge.</p>'
    return f'<div class="tabelle-rahmen">{table_text}{note}</div>'


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


def table(df: pd.DataFrame, caption: str, max_rows: int | None = 25, *, index: bool = False,
          digits: int = 3, more_note: str = "Alle Zeilen stehen in der Datei tabellen.xlsx."
          ) -> None:
    """Show ``df`` as an escaped table with caption in the notebook/report (see table_html).

    A text instead of a table (``views.NoData``) is shown as that sentence, without caption.
    """
    if isinstance(df, str):
        no_data(df)
        return
    _display(HtmlFragment(table_html(df, caption, max_rows, index=index, digits=digits,
                                     more_note=more_note), summary=f"Tabelle: {caption}"))


def paragraph(text: str, css_class: str | None = None) -> None:
    """Show text (e.g. a sentence built from survey data) as an escaped ``<p>``.

    Use this instead of ``display(Markdown(f"... {name} ..."))``: Markdown passes HTML through.
    ``css_class`` may be ``"hinweis"`` for a highlighted note.
    """
    cls = f' class="{html.escape(css_class, quote=True)}"' if css_class else ""
    _display(HtmlFragment(f"<p{cls}>{html.escape(str(text))}</p>", summary="Absatz"))


def no_data(sentence) -> bool:
    """Show the sentence that stands in for a section, table or figure without data (a
    ``views.NoData``) as ``<p class="keine-daten">``; nothing for ``None``/``""``.

    Returns True when a sentence was shown, so that a notebook can write
    ``if not no_data(V.section_gap(ctx, "…")):`` before the section's tables and figures.
    """
    if not sentence:
        return False
    _display(HtmlFragment(f'<p class="keine-daten">{html.escape(str(sentence))}</p>',
                          summary="Keine Daten"))
    return True


# ============================================================================================
# notebook -> HTML

def _clean_notebook(nb) -> None:
    """Drop what a reader must not see: stderr, widgets, cells tagged for removal."""
    remove_tags = {"remove_cell", "entfernen", "ausblenden", "remove-cell"}
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & remove_tags:
            continue
        if cell.get("cell_type") == "code":
            if tags & {"remove_output", "remove-output", "ohne_ausgabe"}:
                cell["outputs"] = []
            outputs = []
            for out in cell.get("outputs", []):
                if out.get("output_type") == "stream" and out.get("name") == "stderr":
                    continue
                data = out.get("data")
                if data is not None:
                    for mime in list(data):
                        if mime.startswith("application/vnd.jupyter.widget"):
                            del data[mime]
                    if not data:
                        continue
                outputs.append(out)
            cell["outputs"] = outputs
        cells.append(cell)
    nb.cells = cells
    widgets = nb.metadata.get("widgets")
    if widgets is not None:
        del nb.metadata["widgets"]


def _heading_text(tag) -> str:
    parts = []
    for piece in tag.descendants:
        if isinstance(piece, str) and not (piece.parent.name == "a"
                                           and "anchor-link" in (piece.parent.get("class")
                                                                 or [])):
            parts.append(piece)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.casefold(), flags=re.UNICODE).strip("-")
    return slug or "abschnitt"


def _postprocess(page: str, title: str) -> tuple[str, list[str]]:
    """TOC, numbering, German alt texts, CSP. Returns the page and warnings."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    warnings: list[str] = []
    main = soup.find("main")
    if main is None:
        raise BildungsnetzError("Interner Fehler: die Berichtsvorlage hat kein <main>.")

    # a first h1 that repeats the title is dropped (the page header already shows it)
    first_h1 = main.find("h1")
    if first_h1 is not None and _heading_text(first_h1).casefold() == title.strip().casefold():
        first_h1.decompose()

    # unique ids for all headings
    used: set[str] = set()
    for element in soup.find_all(id=True):
        if element.name not in ("h1", "h2", "h3", "h4"):
            used.add(element["id"])
    headings = main.find_all(["h2", "h3"])
    for heading in main.find_all(["h1", "h2", "h3", "h4"]):
        base = unquote(heading.get("id") or "") or _slug(_heading_text(heading))
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        if heading.get("id") != candidate:
            heading["id"] = candidate
            link = heading.find("a", class_="anchor-link")
            if link is not None:
                link["href"] = f"#{candidate}"

    # table of contents (h2 with nested h3)
    if headings:
        nav = soup.new_tag("nav", attrs={"class": "inhaltsverzeichnis",
                                         "aria-labelledby": "inhaltsverzeichnis-titel"})
        nav_title = soup.new_tag("h2", id="inhaltsverzeichnis-titel")
        nav_title.string = "Inhalt"
        nav.append(nav_title)
        top = soup.new_tag("ol")
        nav.append(top)
        current_sub = None
        current_item = None
        for heading in headings:
            item = soup.new_tag("li")
            link = soup.new_tag("a", href=f"#{heading['id']}")
            link.string = _heading_text(heading)
            item.append(link)
            if heading.name == "h2" or current_item is None:
                top.append(item)
                current_item, current_sub = item, None
            else:
                if current_sub is None:
                    current_sub = soup.new_tag("ol")
                    current_item.append(current_sub)
                current_sub.append(item)
        main.insert_before(nav)

    # number figures and tables
    for number, fig in enumerate(soup.select("figure.abbildung"), start=1):
        caption = fig.find("figcaption")
        if caption is not None:
            label = soup.new_tag("span", attrs={"class": "nummer"})
            label.string = f"Abbildung {number}: "
            caption.insert(0, label)
    for number, cap in enumerate(soup.select("table.tabelle > caption"), start=1):
        label = soup.new_tag("span", attrs={"class": "nummer"})
        label.string = f"Tabelle {number}: "
        cap.insert(0, label)

    # images without a description (e.g. plt.show() instead of figure())
    missing_alt = 0
    for img in soup.find_all("img"):
        if not img.get("alt") or img.get("alt") == _NO_ALT_EN:
            img["alt"] = _NO_ALT_DE
            missing_alt += 1
    if missing_alt:
        warnings.append(f"{missing_alt} Abbildung(en) ohne Alternativtext – bitte "
                        "bildungsnetz.report.htmlexport.figure(fig, caption, alt) verwenden.")

    # Content-Security-Policy: exactly the inline scripts present (incl. embedded maps)
    codes = inline_scripts(str(soup))
    meta = soup.new_tag("meta", attrs={"http-equiv": "Content-Security-Policy",
                                       "content": csp_policy(script_hash(c) for c in codes)})
    charset = soup.head.find("meta", charset=True) if soup.head else None
    if charset is not None:
        charset.insert_after(meta)
    elif soup.head is not None:
        soup.head.insert(0, meta)
    text = str(soup)
    if not text.lstrip().lower().startswith("<!doctype"):
        text = "<!DOCTYPE html>\n" + text
    return text, warnings


def notebook_to_html(executed_ipynb, out_html, title: str, synthetic: bool = False, *,
                     subtitle: str | None = None) -> Path:
    """Convert an executed notebook into the self-contained German HTML report.

    No input cells and no prompts are shown; stderr output, widget state and cells tagged
    ``remove_cell``/``entfernen`` are dropped (tag ``remove_output`` keeps a cell but hides its
    output). ``title`` becomes the page title and heading (a first ``# Heading`` in the
    notebook with the same text is not repeated); use ``##``/``###`` for sections, they build
    the table of contents. ``synthetic`` adds the "Synthetische Demodaten" banner.

    Raises :class:`BildungsnetzError` if the page would load anything from outside (a script,
    stylesheet, font, image or frame that is not inline). Returns ``out_html``.
    """
    import nbformat
    from nbconvert import HTMLExporter

    executed_ipynb, out_html = Path(executed_ipynb), Path(out_html)
    try:
        nb = nbformat.read(executed_ipynb, as_version=4)
    except FileNotFoundError:
        raise BildungsnetzError("Das ausgeführte Notebook fehlt.", datei=executed_ipynb)
    _clean_notebook(nb)
    exporter = HTMLExporter(
        template_name="bericht",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        sanitize_html=False,
    )
    resources = {
        "metadata": {"name": title, "path": str(executed_ipynb.parent)},
        "bn_titel": title,
        "bn_synthetisch": bool(synthetic),
        "bn_untertitel": subtitle or "",
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    page, warnings = _postprocess(body, title)
    for warning in warnings:
        log.warning("%s: %s", executed_ipynb.name, warning)
    outside = external_resources(page)
    if outside:
        shown = "; ".join(outside[:5]) + (" …" if len(outside) > 5 else "")
        raise BildungsnetzError("Der Bericht würde Inhalte aus dem Netz oder aus anderen Dateien "
                                f"laden und wäre nicht eigenständig: {shown}",
                                datei=executed_ipynb)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    from bildungsnetz.safety import atomic_write_text

    atomic_write_text(out_html, page)
    return out_html


# ============================================================================================
# Excel

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n",
                  "\uff1d", "\uff0b", "\uff0d", "\uff20")   # also full-width = + - @
_FORMULA_FIRST = frozenset(c[0] for c in _FORMULA_START)
_EXCEL_MAX_TEXT = 32767
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _unwrap_scalar(value: Any) -> Any:
    """A numpy/pandas scalar as the plain Python value (``.item()``); others unchanged."""
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, (str, bytes)):
        try:
            return item()
        except (TypeError, ValueError):
            return value
    return value


def neutralize_excel_text(value: str) -> tuple[str, bool]:
    """Return ``(text, dangerous)``: control characters removed, length capped for Excel;
    ``dangerous`` is True when Excel/LibreOffice would read the text as a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > _EXCEL_MAX_TEXT:
        text = text[:_EXCEL_MAX_TEXT - 1] + "…"
    return text, text.startswith(_FORMULA_START)


def _excel_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return value
    value = _unwrap_scalar(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        return value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def _sheet_title(name: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", str(name)).strip().strip("'") or "Tabelle"
    base = base[:31]
    title, n = base, 2
    while title.casefold() in used:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(title.casefold())
    return title


def _cell(ws, value: Any, bold: bool = False):
    """Value for a write-only row: plain Python value, or a styled cell where needed."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    value = _excel_value(value)
    dangerous = False
    if isinstance(value, str):
        value, dangerous = neutralize_excel_text(value)
    if not dangerous and not bold:
        return value
    cell = WriteOnlyCell(ws, value=value)
    if dangerous:
        # explicit text type (openpyxl would store "=..." as a formula) and Excel's quote
        # prefix (the cell stays text even when a user edits it)
        cell.data_type = "s"
        cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def _column_cells(ws, series: pd.Series) -> list:
    """All cells of one column; numbers take a fast path, text is checked for formulas."""
    if pd.api.types.is_bool_dtype(series) and not series.isna().any():
        return [bool(v) for v in series.tolist()]
    if pd.api.types.is_integer_dtype(series) and not series.isna().any():
        return [int(v) for v in series.tolist()]
    if pd.api.types.is_float_dtype(series):
        return [v if math.isfinite(v) else None for v in series.astype(float).tolist()]
    out = []
    for value in series.tolist():
        if isinstance(value, str) and value[:1] not in _FORMULA_FIRST and value.isprintable():
            out.append(value if len(value) <= _EXCEL_MAX_TEXT else _cell(ws, value))
        else:
            out.append(_cell(ws, value))
    return out


def _text_width(value: Any) -> int:
    """Characters of a cell for the column width; 0 for missing values (None, NaN, pd.NA)."""
    try:
        missing = value is None or bool(pd.isna(value))
    except (TypeError, ValueError):      # lists and other containers
        missing = False
    return 0 if missing else len(str(value))


def write_tables_xlsx(tables: Mapping[str, pd.DataFrame], path, *,
                      note: str | None = None) -> Path:
    """Write all tables into one workbook, one sheet per table (sheet names made valid).

    Text that begins with ``=``, ``+``, ``-``, ``@``, tab, CR or LF is written as explicit text
    with quote prefix, so it can never act as a formula. The header row is bold and frozen and
    has an auto-filter. ``note`` (e.g. "Synthetische Demodaten") becomes a first sheet "Hinweis".
    Written in openpyxl's streaming (write-only) mode: fast and memory-light for big waves.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    path = Path(path)
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    if note:
        sheet = workbook.create_sheet(_sheet_title("Hinweis", used))
        sheet.column_dimensions["A"].width = 100
        sheet.append([_cell(sheet, note, bold=True)])
    for name, frame in tables.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"Tabelle {name!r} ist kein DataFrame")
        sheet = workbook.create_sheet(_sheet_title(name, used))
        frame = frame.reset_index(drop=True)
        n_cols = len(frame.columns)
        # column widths from the header and the first rows (must be set before writing rows)
        for c, column in enumerate(frame.columns, start=1):
            sample = frame[column].head(300).map(_text_width)
            width = max([len(str(column))] + sample.tolist())
            sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
        if n_cols:
            sheet.freeze_panes = "A2"
            sheet.auto_filter.ref = f"A1:{get_column_letter(n_cols)}{max(len(frame) + 1, 1)}"
        sheet.append([_cell(sheet, str(column), bold=True) for column in frame.columns])
        columns = [_column_cells(sheet, frame[column]) for column in frame.columns]
        for values in zip(*columns):
            sheet.append(values)
    if not workbook.sheetnames:
        workbook.create_sheet("Leer")
    from bildungsnetz.safety import atomic_path

    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return path


# ============================================================================================
# Gephi

_PERSONAL_KEY = re.compile(
    r"^(ansprech.*|kontakt.*|.*e[-_]?mail.*|telefon.*|tel|phone.*|fax.*|mobil.*|token|"
    r"ip|ipaddr|ip[-_]?adresse|.*strasse|.*straße|adresse|anschrift|person|vorname|nachname|"
    r"submitdate|startdate|datestamp|refurl)$", re.IGNORECASE)
_CANONICAL_NAME_KEYS = {"akteur", "name", "akteur_name", "kanonisch", "kanonischer_name"}
_EXACT_PLACE_KEYS = {"plz", "ort", "gemeinde", "lat", "lon", "strasse", "straße", "adresse"}
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _graph_value(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, (list, tuple, set)):
        return _XML_BAD.sub("", "; ".join(str(v) for v in value))
    value = _unwrap_scalar(value)
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return _XML_BAD.sub("", str(value))


def _sanitize_attrs(items: Iterable[tuple[Any, dict]],
                    pseudonymous_ids: set[str] = frozenset()) -> dict[Any, dict]:
    """Clean attribute dicts; make each key's type consistent (str > float > int)."""
    cleaned: dict[Any, dict] = {}
    key_kind: dict[str, int] = {}          # 0 int, 1 float, 2 str
    for obj, attrs in items:
        out = {}
        pseudonymous = (str(attrs.get("veroeffentlichen", "")).strip().casefold() == "nein"
                        or str(obj) in pseudonymous_ids)
        public_name = attrs.get("anzeigename")
        for key, value in attrs.items():
            key = _XML_BAD.sub("", str(key))
            if not key or _PERSONAL_KEY.match(key):
                continue
            if pseudonymous and key in _CANONICAL_NAME_KEYS and value != public_name:
                continue
            if pseudonymous and key in _EXACT_PLACE_KEYS:
                continue
            clean = _graph_value(value)
            if clean is None:
                continue
            out[key] = clean
            kind = 2 if isinstance(clean, str) else (1 if isinstance(clean, float) else 0)
            key_kind[key] = max(key_kind.get(key, 0), kind)
        cleaned[obj] = out
    for attrs in cleaned.values():
        for key, value in attrs.items():
            if key_kind[key] == 2 and not isinstance(value, str):
                attrs[key] = f"{value:g}" if isinstance(value, float) else str(value)
            elif key_kind[key] == 1 and isinstance(value, int):
                attrs[key] = float(value)
    return cleaned


def write_graph_files(graph, graphml_path, gexf_path, *,
                      pseudonymous_ids: Iterable[str] = (),
                      labels: Mapping[Any, str] | None = None) -> tuple[Path, Path]:
    """Write ``graph`` (networkx) as GraphML and GEXF for Gephi.

    Node ids become strings; attributes become str or float (bool → "ja"/"nein", lists →
    "a; b", missing values left out, key types made consistent); keys that look like
    personal data (contact person, e-mail, phone, token, IP, address) are dropped, and for
    actors that did not consent (node attribute ``veroeffentlichen == "nein"`` or id in
    ``pseudonymous_ids``) the canonical name and the exact place (PLZ, Ort, lat/lon) are dropped
    – only Landkreis and the pseudonym (``label``) remain, as on the map. ``labels`` gives
    publishable node labels (e.g. ``anzeigename`` by id) that take precedence.
    """
    import networkx as nx

    graph_type = nx.MultiDiGraph if graph.is_multigraph() and graph.is_directed() else (
        nx.MultiGraph if graph.is_multigraph() else (
            nx.DiGraph if graph.is_directed() else nx.Graph))
    clean = graph_type()
    if graph.graph.get("name"):
        clean.graph["name"] = _XML_BAD.sub("", str(graph.graph["name"]))
    pseudonymous_ids = {str(i) for i in pseudonymous_ids}
    node_attrs = _sanitize_attrs(((n, dict(a)) for n, a in graph.nodes(data=True)),
                                 pseudonymous_ids)
    for node, attrs in node_attrs.items():
        original = graph.nodes[node]
        pseudonymous = (str(original.get("veroeffentlichen", "")).strip().casefold() == "nein"
                        or str(node) in pseudonymous_ids)
        label = labels.get(node) if labels else None
        for key in ("anzeigename", "label", "netzwerk", "akteur", "name"):
            if label is not None:
                break
            candidate = original.get(key)
            if key in ("akteur", "name") and pseudonymous:
                continue
            if candidate is not None and str(candidate).strip() and str(candidate) != "nan":
                label = str(candidate)
                break
        attrs["label"] = _XML_BAD.sub("", label if label is not None else str(node))
        clean.add_node(_XML_BAD.sub("", str(node)), **attrs)
    if graph.is_multigraph():
        edge_items = [((u, v, k), dict(a)) for u, v, k, a in graph.edges(keys=True, data=True)]
    else:
        edge_items = [((u, v), dict(a)) for u, v, a in graph.edges(data=True)]
    edge_attrs = _sanitize_attrs(edge_items)
    for ends, attrs in edge_attrs.items():
        u, v = _XML_BAD.sub("", str(ends[0])), _XML_BAD.sub("", str(ends[1]))
        clean.add_edge(u, v, **attrs)
    graphml_path, gexf_path = Path(graphml_path), Path(gexf_path)
    for target in (graphml_path, gexf_path):
        target.parent.mkdir(parents=True, exist_ok=True)
    from bildungsnetz.safety import atomic_path

    with atomic_path(graphml_path) as tmp:
        nx.write_graphml(clean, tmp, encoding="utf-8", prettyprint=True)
    with atomic_path(gexf_path) as tmp:
        nx.write_gexf(clean, tmp, encoding="utf-8", prettyprint=True)
    return graphml_path, gexf_path
