"""The map as one self-contained, offline, safe HTML page, and as an iframe for the report.

The page is rendered with our template ``templates/netzwerkkarte.html.j2`` (not pyvis's):
vis-network's JS/CSS are inlined from the installed pyvis package (no CDN, no Bootstrap, no
tom-select), the page data travels as JSON inside ``<script type="application/json">``
(:func:`bildungsnetz.report.htmlsafe.json_for_script`) and reaches the DOM through
``textContent``/``option.text`` only (vis-network's own ``title`` tooltips are not used), and
a Content-Security-Policy allows exactly the two inline scripts (by hash). The page makes no
network request at all.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from bildungsnetz.report.htmlsafe import (
    HtmlFragment,
    check_inline_script,
    csp_meta_for,
    json_for_script,
)
from bildungsnetz.report.netmap.model import MapModel, build_network
from bildungsnetz.text import german_number

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "templates"


def _template_env():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html", "j2"], default=True),
        keep_trailing_newline=True,
    )


def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped with pyvis."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    return js, css


def render_page(model: MapModel) -> str:
    """Render a :class:`MapModel` with our template into a complete HTML page."""
    from markupsafe import Markup

    vis_js, vis_css = _vis_assets()
    vis_js = check_inline_script(vis_js, "vis-network.min.js")
    app_js = check_inline_script(
        (TEMPLATE_DIR / "netzwerkkarte.js").read_text(encoding="utf-8"), "netzwerkkarte.js"
    )
    app_css = (TEMPLATE_DIR / "netzwerkkarte.css").read_text(encoding="utf-8")
    for name, css in (("vis-network.css", vis_css), ("netzwerkkarte.css", app_css)):
        if "</style" in css.lower():
            raise ValueError(f"{name} kann nicht eingebettet werden")
    template = _template_env().get_template("netzwerkkarte.html.j2")
    return template.render(
        title=model.title,
        synthetic=model.synthetic,
        two_mode=model.data["modus"] == "zweimodal",
        csp_meta=Markup(csp_meta_for([vis_js, app_js])),
        vis_css=Markup(vis_css),
        app_css=Markup(app_css),
        vis_js=Markup(vis_js),
        app_js=Markup(app_js),
        data_json=Markup(json_for_script(model.data)),
        n_akteure=german_number(model.data["anzahl"]["akteure"], 0),
        n_netzwerke=german_number(model.data["anzahl"]["netzwerke"], 0),
    )


def build_map(
    akteure: pd.DataFrame,
    netzwerke: pd.DataFrame,
    mitgliedschaften: pd.DataFrame,
    kennzahlen_akteure: pd.DataFrame,
    *,
    title: str,
    size_by: str = "pagerank",
    color_by: str = "kategorie",
    seed: int = 42,
    history: Mapping[str, Mapping[str, float]] | None = None,
    synthetic: bool = False,
    mode: str = "zweimodal",
    layout: str = "netz",
    kennzahlen_netzwerke: pd.DataFrame | None = None,
    max_edges: int = 60000,
    landkreise: pd.DataFrame | None = None,
) -> str:
    """Return the interactive network map as one complete, self-contained HTML page.

    Tables as in docs/design.md (``processed/<wave>/``). Names shown are the publishable ones
    (``kennzahlen_akteure.akteur`` = ``anzeigename``). ``mode="zweimodal"`` draws actors (dots)
    and networks (diamonds); ``mode="akteure"`` draws actors only, linked when they share a
    network (at most ``max_edges`` strongest links). ``size_by`` / ``color_by`` / ``layout``
    set the initial state of the switches; ``history`` maps ``akteur_id`` to ``{wave: number
    of networks}`` for the tooltip's timeline; ``synthetic`` shows the demo-data banner;
    ``landkreise`` is the reference table of the districts (``ingest.reference``; default: the
    one shipped with the package), whose seats and names the geographic layout shows.
    """
    model = build_network(
        akteure,
        netzwerke,
        mitgliedschaften,
        kennzahlen_akteure,
        title=title,
        size_by=size_by,
        color_by=color_by,
        seed=seed,
        history=history,
        synthetic=synthetic,
        mode=mode,
        layout=layout,
        kennzahlen_netzwerke=kennzahlen_netzwerke,
        max_edges=max_edges,
        landkreise=landkreise,
    )
    return render_page(model)


def write_map(path, *args, **kwargs) -> Path:
    """:func:`build_map` and write the page to ``path`` (UTF-8, atomically). Returns the path."""
    from bildungsnetz.safety import atomic_write_text

    path = Path(path)
    atomic_write_text(path, build_map(*args, **kwargs))
    return path


def map_fragment(
    akteure: pd.DataFrame,
    netzwerke: pd.DataFrame,
    mitgliedschaften: pd.DataFrame,
    kennzahlen_akteure: pd.DataFrame,
    *,
    title: str,
    height: int = 720,
    caption: str | None = None,
    link: str | None = None,
    **kwargs,
) -> HtmlFragment:
    """The map for embedding in a notebook/report: a sandboxed ``<iframe srcdoc>``.

    The complete page (see :func:`build_map`, same keyword arguments) is put into ``srcdoc``
    (attribute-escaped), so it keeps its own styles and scripts, cannot touch the report
    (``sandbox="allow-scripts"``, no same-origin) and still needs no network. ``caption`` is
    shown below (escaped); ``link`` (e.g. ``"netzwerkkarte.html"``) adds "in eigenem Fenster
    öffnen". Use ``display(map_fragment(...))`` or make it the last expression of a cell.
    """
    page = build_map(
        akteure, netzwerke, mitgliedschaften, kennzahlen_akteure, title=title, **kwargs
    )
    return fragment_from_page(page, title=title, height=height, caption=caption, link=link)


def fragment_from_page(
    page: str, *, title: str, height: int = 720, caption: str | None = None, link: str | None = None
) -> HtmlFragment:
    """Wrap an already rendered map page (from :func:`build_map`) as an iframe fragment."""
    height = int(height)
    frame_title = html.escape("Interaktive Netzwerkkarte: " + title)
    parts = [
        '<figure class="bn-karte-einbettung">',
        f'<iframe class="bn-karte-frame" title="{frame_title}"'
        f' sandbox="allow-scripts" referrerpolicy="no-referrer"'
        f' style="width:100%;height:{height}px;border:1px solid #c8c8c8;border-radius:4px"'
        f' srcdoc="{html.escape(page, quote=True)}"></iframe>',
    ]
    cap = []
    if caption:
        cap.append(html.escape(caption))
    if link:
        cap.append(f'<a href="{html.escape(link, quote=True)}">Karte in eigenem Fenster öffnen</a>')
    if cap:
        parts.append("<figcaption>" + " ".join(cap) + "</figcaption>")
    parts.append("</figure>")
    return HtmlFragment("".join(parts), summary=f"Netzwerkkarte: {title}")
