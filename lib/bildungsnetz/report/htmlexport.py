"""From an executed notebook to the self-contained German HTML report.

:func:`notebook_to_html` converts with our nbconvert template ``templates/bericht`` (no code,
no prompts, no MathJax, require.js or CDN), then finishes the page: a table of contents built
from the h2/h3 headings (after the key findings when the page opens with them; numbered only
by the headings themselves), numbered figures and tables, German alt texts, and a
Content-Security-Policy that allows only the page's own inline scripts. It refuses to write a
page that would load anything from outside. What the cells show comes from
:mod:`bildungsnetz.report.display`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import unquote

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.report.htmlsafe import csp_policy, external_resources, inline_scripts, script_hash
from bildungsnetz.report.notebook import quiet_jupyter_logs

log = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).parent / "templates"
_NO_ALT_EN = "No description has been provided for this image"
_NO_ALT_DE = "Abbildung ohne Beschreibung"
#: Cell tags: drop the cell, or keep it without its output.
REMOVE_CELL_TAGS = frozenset({"remove_cell", "entfernen", "ausblenden", "remove-cell"})
REMOVE_OUTPUT_TAGS = frozenset({"remove_output", "remove-output", "ohne_ausgabe"})


# --------------------------------------------------------------------------------------------
# the notebook before conversion


def _reader_outputs(outputs: list) -> list:
    """The outputs a reader may see: no stderr, no widget state."""
    kept = []
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            continue
        data = out.get("data")
        if data is not None:
            for mime in list(data):
                if mime.startswith("application/vnd.jupyter.widget"):
                    del data[mime]
            if not data:
                continue
        kept.append(out)
    return kept


def _clean_notebook(nb) -> None:
    """Drop what a reader must not see: stderr, widgets, cells tagged for removal."""
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & REMOVE_CELL_TAGS:
            continue
        if cell.get("cell_type") == "code":
            if tags & REMOVE_OUTPUT_TAGS:
                cell["outputs"] = []
            cell["outputs"] = _reader_outputs(cell.get("outputs", []))
        cells.append(cell)
    nb.cells = cells
    widgets = nb.metadata.get("widgets")
    if widgets is not None:
        del nb.metadata["widgets"]


# --------------------------------------------------------------------------------------------
# the page after conversion


def _heading_text(tag) -> str:
    parts = []
    for piece in tag.descendants:
        if isinstance(piece, str) and not (
            piece.parent.name == "a" and "anchor-link" in (piece.parent.get("class") or [])
        ):
            parts.append(piece)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.casefold(), flags=re.UNICODE).strip("-")
    return slug or "abschnitt"


def _drop_repeated_title(main, title: str) -> None:
    """A first h1 that repeats the title is dropped (the page header already shows it)."""
    first_h1 = main.find("h1")
    if first_h1 is not None and _heading_text(first_h1).casefold() == title.strip().casefold():
        first_h1.decompose()


def _unique_heading_ids(soup, main) -> None:
    """Every heading gets a unique id (its own, else a slug of its text); anchor links
    follow."""
    used: set[str] = set()
    for element in soup.find_all(id=True):
        if element.name not in ("h1", "h2", "h3", "h4"):
            used.add(element["id"])
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


#: The block that opens a report before its table of contents (see
#: :mod:`bildungsnetz.report.keyfindings`).
LEAD_BLOCK = "section.kernergebnisse"


def _toc_place(main):
    """Where the table of contents goes: after the report's key findings when there are any
    (the element of ``main`` that holds them, so the reader sees the findings first), else
    right before ``main``. Returns (element, "after"/"before")."""
    lead = main.select_one(LEAD_BLOCK)
    if lead is None:
        return main, "before"
    holder = lead
    while holder.parent is not None and holder.parent is not main:
        holder = holder.parent
    return (holder, "after") if holder.parent is main else (main, "before")


def _table_of_contents(soup, main, headings: list) -> None:
    """Insert the table of contents: the h2 headings, each with its h3, as unnumbered lists
    (headings that carry a number keep it; the list adds none, so nothing is numbered twice).
    It stands before ``main``, or after the key findings when the page opens with them."""
    if not headings:
        return
    nav = soup.new_tag(
        "nav", attrs={"class": "inhaltsverzeichnis", "aria-labelledby": "inhaltsverzeichnis-titel"}
    )
    nav_title = soup.new_tag("h2", id="inhaltsverzeichnis-titel")
    nav_title.string = "Inhalt"
    nav.append(nav_title)
    top = soup.new_tag("ul")
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
                current_sub = soup.new_tag("ul")
                current_item.append(current_sub)
            current_sub.append(item)
    place, where = _toc_place(main)
    if where == "after":
        place.insert_after(nav)
    else:
        place.insert_before(nav)


def _number_captions(soup) -> None:
    """„Abbildung 1: “, „Tabelle 1: “ … before the captions, in page order."""
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


def _german_alt_texts(soup) -> list[str]:
    """Images without a description (e.g. ``plt.show()`` instead of ``figure()``) get a
    German placeholder; returns the warning for them."""
    missing_alt = 0
    for img in soup.find_all("img"):
        if not img.get("alt") or img.get("alt") == _NO_ALT_EN:
            img["alt"] = _NO_ALT_DE
            missing_alt += 1
    if not missing_alt:
        return []
    return [
        f"{missing_alt} Abbildung(en) ohne Alternativtext – bitte "
        "bildungsnetz.report.display.figure(fig, caption, alt) verwenden."
    ]


def _add_csp(soup) -> None:
    """Content-Security-Policy allowing exactly the inline scripts present (incl. embedded
    maps), right after the charset."""
    codes = inline_scripts(str(soup))
    meta = soup.new_tag(
        "meta",
        attrs={
            "http-equiv": "Content-Security-Policy",
            "content": csp_policy(script_hash(c) for c in codes),
        },
    )
    charset = soup.head.find("meta", charset=True) if soup.head else None
    if charset is not None:
        charset.insert_after(meta)
    elif soup.head is not None:
        soup.head.insert(0, meta)


def _postprocess(page: str, title: str) -> tuple[str, list[str]]:
    """TOC, numbering, German alt texts, CSP. Returns the page and warnings."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "html.parser")
    main = soup.find("main")
    if main is None:
        raise BildungsnetzError("Interner Fehler: die Berichtsvorlage hat kein <main>.")
    _drop_repeated_title(main, title)
    headings = main.find_all(["h2", "h3"])
    _unique_heading_ids(soup, main)
    _table_of_contents(soup, main, headings)
    _number_captions(soup)
    warnings = _german_alt_texts(soup)
    _add_csp(soup)
    text = str(soup)
    if not text.lstrip().lower().startswith("<!doctype"):
        text = "<!DOCTYPE html>\n" + text
    return text, warnings


# --------------------------------------------------------------------------------------------
# conversion


def _export(nb, title: str, folder: Path, synthetic: bool, subtitle: str | None) -> str:
    """The notebook through nbconvert with our template: no input cells, no prompts."""
    from nbconvert import HTMLExporter

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
        "metadata": {"name": title, "path": str(folder)},
        "bn_titel": title,
        "bn_synthetisch": bool(synthetic),
        "bn_untertitel": subtitle or "",
    }
    with quiet_jupyter_logs():
        body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def notebook_to_html(
    executed_ipynb, out_html, title: str, synthetic: bool = False, *, subtitle: str | None = None
) -> Path:
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

    from bildungsnetz.safety import atomic_write_text

    executed_ipynb, out_html = Path(executed_ipynb), Path(out_html)
    try:
        nb = nbformat.read(executed_ipynb, as_version=4)
    except FileNotFoundError:
        raise BildungsnetzError("Das ausgeführte Notebook fehlt.", datei=executed_ipynb) from None
    _clean_notebook(nb)
    body = _export(nb, title, executed_ipynb.parent, synthetic, subtitle)
    page, warnings = _postprocess(body, title)
    for warning in warnings:
        log.warning("%s: %s", executed_ipynb.name, warning)
    outside = external_resources(page)
    if outside:
        shown = "; ".join(outside[:5]) + (" …" if len(outside) > 5 else "")
        raise BildungsnetzError(
            "Der Bericht würde Inhalte aus dem Netz oder aus anderen Dateien "
            f"laden und wäre nicht eigenständig: {shown}",
            datei=executed_ipynb,
        )
    out_html.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out_html, page)
    return out_html
