"""Files for other tools: all tables for Excel, the network for Gephi.

* :func:`write_tables_xlsx`: all tables in one workbook; text cells that Excel could take for a
  formula (starting with ``=``, ``+``, ``-``, ``@``, tab, CR, LF) are stored as explicit text
  with Excel's quote prefix, so they show exactly as written and never calculate.
  :func:`publishable_tables` selects a wave's tables for it (publishable names only).
* :func:`write_graph_files`: GraphML and GEXF for Gephi, attributes reduced to str/numbers,
  contact data and non-public names removed; :func:`write_wave_graph_files` writes a wave's
  two-mode network with the names the map and the report show.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from bildungsnetz.analysis.findings import top_per_kind
from bildungsnetz.analysis.graphs import WaveTables, two_mode_graph
from bildungsnetz.report.context import WaveContext
from bildungsnetz.report.tables import quality_table
from bildungsnetz.safety import atomic_path

#: At most this many suggestions of each kind go into the workbook.
XLSX_MAX_POTENTIALS = 2000


# --------------------------------------------------------------------------------------------
# the wave's files


def publishable_tables(ctx: WaveContext) -> dict[str, pd.DataFrame]:
    """The tables for ``tabellen.xlsx``: results and cleaned tables with publishable names
    only (no contact data, pseudonyms for actors without consent)."""
    names = dict(zip(ctx.akteure["akteur_id"], ctx.akteure["anzeigename"]))
    nets = dict(zip(ctx.netzwerke["netzwerk_id"], ctx.netzwerke["netzwerk"]))
    akteure = ctx.akteure.drop(columns=["akteur"]).rename(columns={"anzeigename": "akteur"})
    members = ctx.mitgliedschaften.assign(
        akteur=ctx.mitgliedschaften["akteur_id"].map(names),
        netzwerk=ctx.mitgliedschaften["netzwerk_id"].map(nets),
    )
    netzwerke = ctx.netzwerke.assign(
        koordination=ctx.netzwerke["koordination_id"].map(names).fillna("")
    )
    tables = {
        "Kennzahlen Akteure": ctx.results["kennzahlen_akteure"],
        "Kennzahlen Netzwerke": ctx.results["kennzahlen_netzwerke"],
        "Kennzahlen gesamt": ctx.results["kennzahlen_gesamt"],
        "Potenziale": top_per_kind(ctx.results["potenziale"], XLSX_MAX_POTENTIALS),
        "Doppelstrukturen": ctx.results["doppelstrukturen"],
        # every next step with its evidence (the report shows four of each kind)
        "Handlungsempfehlungen": ctx.results.get("handlungsempfehlungen"),
        # who answered the survey, overall, by state and district (no names)
        "Befragung": ctx.results.get("befragt_abdeckung"),
        "Gemeinschaften": ctx.results["gemeinschaften"],
        "Mischungsmatrizen": ctx.results["mischungsmatrizen"],
        "Akteure": akteure,
        "Netzwerke": netzwerke,
        "Mitgliedschaften": members[["akteur_id", "akteur", "netzwerk_id", "netzwerk", "rolle"]],
    }
    tables = {k: v for k, v in tables.items() if isinstance(v, pd.DataFrame)}
    if ctx.kooperationen is not None:
        coop = ctx.kooperationen.assign(
            von=ctx.kooperationen["von_id"].map(names), an=ctx.kooperationen["an_id"].map(names)
        )
        tables["Kooperationen"] = coop[["von_id", "von", "an_id", "an", "intensitaet"]]
    tables["Bereinigung"] = quality_table(ctx)
    return tables


def write_wave_graph_files(ctx: WaveContext, graphml_path, gexf_path) -> tuple[Path, Path]:
    """The wave's two-mode network (actors and networks) for Gephi, with the same publishable
    names as map and report („Bildungsträger 17“) and no exact place for pseudonyms."""
    graph = two_mode_graph(
        WaveTables(ctx.akteure, ctx.netzwerke, ctx.mitgliedschaften, ctx.kooperationen)
    )
    hidden = set(ctx.akteure.loc[ctx.akteure["veroeffentlichen"] != "ja", "akteur_id"])
    labels = dict(zip(ctx.akteure["akteur_id"], ctx.akteure["anzeigename"]))
    return write_graph_files(graph, graphml_path, gexf_path, pseudonymous_ids=hidden, labels=labels)


# --------------------------------------------------------------------------------------------
# Excel

_FORMULA_START = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)  # also full-width = + - @
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
        text = text[: _EXCEL_MAX_TEXT - 1] + "…"
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
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
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
    except (TypeError, ValueError):  # lists and other containers
        missing = False
    return 0 if missing else len(str(value))


def write_tables_xlsx(tables: Mapping[str, pd.DataFrame], path, *, note: str | None = None) -> Path:
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
    with atomic_path(path) as tmp:
        workbook.save(tmp)
    return path


# --------------------------------------------------------------------------------------------
# Gephi

_PERSONAL_KEY = re.compile(
    r"^(ansprech.*|kontakt.*|.*e[-_]?mail.*|telefon.*|tel|phone.*|fax.*|mobil.*|token|"
    r"ip|ipaddr|ip[-_]?adresse|.*strasse|.*straße|adresse|anschrift|person|vorname|nachname|"
    r"submitdate|startdate|datestamp|refurl)$",
    re.IGNORECASE,
)
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


def _sanitize_attrs(
    items: Iterable[tuple[Any, dict]], pseudonymous_ids: set[str] = frozenset()
) -> dict[Any, dict]:
    """Clean attribute dicts; make each key's type consistent (str > float > int)."""
    cleaned: dict[Any, dict] = {}
    key_kind: dict[str, int] = {}  # 0 int, 1 float, 2 str
    for obj, attrs in items:
        out = {}
        pseudonymous = (
            str(attrs.get("veroeffentlichen", "")).strip().casefold() == "nein"
            or str(obj) in pseudonymous_ids
        )
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


def write_graph_files(
    graph,
    graphml_path,
    gexf_path,
    *,
    pseudonymous_ids: Iterable[str] = (),
    labels: Mapping[Any, str] | None = None,
) -> tuple[Path, Path]:
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

    graph_type = (
        nx.MultiDiGraph
        if graph.is_multigraph() and graph.is_directed()
        else (
            nx.MultiGraph
            if graph.is_multigraph()
            else (nx.DiGraph if graph.is_directed() else nx.Graph)
        )
    )
    clean = graph_type()
    if graph.graph.get("name"):
        clean.graph["name"] = _XML_BAD.sub("", str(graph.graph["name"]))
    pseudonymous_ids = {str(i) for i in pseudonymous_ids}
    node_attrs = _sanitize_attrs(
        ((n, dict(a)) for n, a in graph.nodes(data=True)), pseudonymous_ids
    )
    for node, attrs in node_attrs.items():
        original = graph.nodes[node]
        pseudonymous = (
            str(original.get("veroeffentlichen", "")).strip().casefold() == "nein"
            or str(node) in pseudonymous_ids
        )
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
    with atomic_path(graphml_path) as tmp:
        nx.write_graphml(clean, tmp, encoding="utf-8", prettyprint=True)
    with atomic_path(gexf_path) as tmp:
        nx.write_gexf(clean, tmp, encoding="utf-8", prettyprint=True)
    return graphml_path, gexf_path
