"""Building the reports: the notebooks run, become HTML, and the companion files are written.

Output per wave in ``reports/<wave>/``: ``bericht.html``, ``bericht.ipynb`` (the executed
notebook, kept for audit), ``netzwerkkarte.html``, ``tabellen.xlsx``, ``netzwerk.graphml``,
``netzwerk.gexf``, the actor profiles ``akteure/<akteur_id>.html`` and the district pages
``landkreise/<slug>.html`` with their overview ``landkreise/index.html``
(:mod:`bildungsnetz.report.pages`). Across waves: ``reports/vergleich.html`` and
``reports/index.html``.

In JupyterLab, the report notebook's map and file links point into ``<reports_dir>/<wave>/``
(relative to the notebook's folder, :func:`wave_link_base`); its map cell writes the map page
there (:func:`notebook_map`), and :func:`publish` writes every file ``bildungsnetz run`` writes,
with the notebook's current parameters.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from bildungsnetz.analysis.compare import wave_is_complete
from bildungsnetz.config import (
    COMPARISON_NOTEBOOK,
    DEFAULT_RURAL_WEIGHT,
    DEFAULT_SEED,
    WAVE_NOTEBOOK,
    notebook_path,
)
from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.report.context import WaveContext, is_synthetic, load_context
from bildungsnetz.report.exports import (
    publishable_tables,
    write_tables_xlsx,
    write_wave_graph_files,
)
from bildungsnetz.report.htmlexport import notebook_to_html
from bildungsnetz.report.htmlsafe import HtmlFragment
from bildungsnetz.report.index import write_index
from bildungsnetz.report.netmap import write_map
from bildungsnetz.report.notebook import execute_notebook
from bildungsnetz.report.pages.render import write_pages
from bildungsnetz.report.parameters import check_parameters
from bildungsnetz.text import german_seconds

#: The stamp ``bildungsnetz run`` leaves in a wave's report folder when it built the folder
#: (``pipeline.FINGERPRINT_FILE``); a file written into the folder from elsewhere (JupyterLab)
#: removes it, so that the next run rebuilds the wave instead of skipping it.
STAMP_FILE = ".fingerprint"

#: The companion files of a wave report, with what they hold (German; the methods section
#: links them).
REPORT_FILES = {
    "netzwerkkarte.html": "die Karte als ganze Seite",
    "tabellen.xlsx": "alle Tabellen für Excel",
    "netzwerk.graphml": "das Netz für Gephi (GraphML)",
    "netzwerk.gexf": "das Netz für Gephi (GEXF)",
}

#: Set while :func:`publish` runs: a publish from inside a publish (the notebook it executes)
#: is refused instead of recursing.
PUBLISHING_ENV = "BILDUNGSNETZ_PUBLISHING"


def build_wave_report(
    data_dir: Path,
    reports_dir: Path,
    wave: str,
    *,
    progress=print,
    size_by: str = "pagerank",
    color_by: str = "kategorie",
    rural_weight: float = DEFAULT_RURAL_WEIGHT,
    top_n: int = 15,
    seed: int = DEFAULT_SEED,
    language: str = "de",
) -> Path:
    """Write every report file of one (cleaned and analysed) wave; returns its folder.

    The keyword parameters are the report parameters
    (:data:`bildungsnetz.report.parameters.PARAMETERS`, checked there); the notebook gets
    them with ``interactive=False`` and ``publish_on_run=False``, so its links point beside
    ``bericht.html`` and it never publishes itself.

    Inside ``bildungsnetz run`` the folder is the wave's report transaction
    (``safety.FolderTransaction``): everything here, the pages included, is replaced as a
    whole or not at all."""
    parameters = check_parameters(
        {
            "size_by": size_by,
            "color_by": color_by,
            "rural_weight": rural_weight,
            "top_n": top_n,
            "seed": seed,
            "language": language,
        }
    )
    size_by, color_by = parameters["size_by"], parameters["color_by"]
    rural_weight, seed = parameters["rural_weight"], parameters["seed"]
    data_dir, reports_dir = Path(data_dir).resolve(), Path(reports_dir).resolve()
    out = reports_dir / str(wave)
    out.mkdir(parents=True, exist_ok=True)
    executed = execute_notebook(
        WAVE_NOTEBOOK,
        out / WAVE_NOTEBOOK,
        {
            "wave": str(wave),
            "data_dir": str(data_dir),
            "reports_dir": str(reports_dir),
            **parameters,
            "interactive": False,
            "publish_on_run": False,
        },
    )
    ctx = load_context(data_dir, wave, rural_weight=rural_weight, seed=seed)
    progress(f"  [{wave}] HTML-Bericht …")
    notebook_to_html(
        executed,
        out / "bericht.html",
        title=f"Netzwerkanalyse Bildung Lausitz – Welle {wave}",
        synthetic=ctx.synthetic,
    )
    progress(f"  [{wave}] Netzwerkkarte, Tabellen, Graphdateien …")
    write_map(
        out / "netzwerkkarte.html",
        **ctx.map_arguments(),
        size_by=size_by,
        color_by=color_by,
        seed=seed,
    )
    write_tables_xlsx(
        publishable_tables(ctx),
        out / "tabellen.xlsx",
        note="Synthetische Demodaten" if ctx.synthetic else None,
    )
    write_wave_graph_files(ctx, out / "netzwerk.graphml", out / "netzwerk.gexf")
    pages = write_pages(ctx, out)
    progress(
        f"  [{wave}] {pages.actors} Akteursprofile, {pages.districts} Landkreisseiten "
        f"in {german_seconds(pages.seconds)}"
    )
    return out


def wave_link_base(reports_dir, wave: str, interactive: bool) -> str:
    """Where the report notebook's links to the wave's files point, with a trailing ``/``.

    In the report (``interactive=False``) the files lie beside ``bericht.html``: ``""``. In
    JupyterLab a link in a notebook output is resolved against the notebook's folder, which is
    also the kernel's working directory: the path from there to ``<reports_dir>/<wave>/``
    (e.g. ``../reports/2026/`` for ``notebooks/bericht.ipynb`` and ``reports_dir="../reports"``).
    """
    if not interactive:
        return ""
    folder = Path(reports_dir).resolve() / str(wave)
    try:
        relative = os.path.relpath(folder, Path.cwd())
    except ValueError:  # another drive (Windows): no relative path exists
        return folder.as_uri() + "/"
    return Path(relative).as_posix().rstrip("/") + "/"


def _invalidate_stamp(folder: Path) -> None:
    """A file of the wave's report folder was written outside ``bildungsnetz run``: remove
    the run's stamp, so that the next run rebuilds the folder instead of skipping it."""
    (folder / STAMP_FILE).unlink(missing_ok=True)


def notebook_map(
    ctx: WaveContext,
    reports_dir,
    *,
    size_by: str = "pagerank",
    color_by: str = "kategorie",
    seed: int = DEFAULT_SEED,
    interactive: bool = False,
    caption: str = "",
) -> HtmlFragment:
    """The map cell of the report notebook: the embedded map and its link
    „Karte in eigenem Fenster öffnen“.

    In the report the link points to ``netzwerkkarte.html`` beside ``bericht.html`` (written
    by :func:`build_wave_report`). In JupyterLab (``interactive=True``) the map page with the
    current parameters is written to ``<reports_dir>/<wave>/netzwerkkarte.html`` (atomically;
    the run's stamp is removed, so the next ``bildungsnetz run`` rebuilds the wave) and the
    link points there, relative to the notebook (:func:`wave_link_base`).
    """
    from bildungsnetz.report.figures import EMBED_MAP_MAX_ACTORS, report_map
    from bildungsnetz.report.netmap.render import build_map, fragment_from_page
    from bildungsnetz.safety import atomic_write_text

    link = wave_link_base(reports_dir, ctx.wave, interactive) + "netzwerkkarte.html"
    arguments = {**ctx.map_arguments(), "size_by": size_by, "color_by": color_by, "seed": seed}
    if not interactive:
        return report_map(
            ctx, size_by=size_by, color_by=color_by, seed=seed, link=link, caption=caption
        )
    folder = Path(reports_dir).resolve() / ctx.wave
    folder.mkdir(parents=True, exist_ok=True)
    page = build_map(**arguments)
    atomic_write_text(folder / "netzwerkkarte.html", page)
    _invalidate_stamp(folder)
    if len(ctx.actors) > EMBED_MAP_MAX_ACTORS:
        return report_map(
            ctx, size_by=size_by, color_by=color_by, seed=seed, link=link, caption=caption
        )
    return fragment_from_page(page, title=arguments["title"], caption=caption, link=link)


def notebook_files(ctx: WaveContext, reports_dir) -> Path:
    """In JupyterLab: write the wave's tables and Gephi files (``tabellen.xlsx``,
    ``netzwerk.graphml``, ``netzwerk.gexf``) of the notebook's current context into
    ``<reports_dir>/<wave>/`` (atomically), so that the methods section's links open what the
    notebook shows; the run's stamp is removed (the next ``bildungsnetz run`` rebuilds the
    wave). Returns the folder."""
    folder = Path(reports_dir).resolve() / ctx.wave
    folder.mkdir(parents=True, exist_ok=True)
    write_tables_xlsx(
        publishable_tables(ctx),
        folder / "tabellen.xlsx",
        note="Synthetische Demodaten" if ctx.synthetic else None,
    )
    write_wave_graph_files(ctx, folder / "netzwerk.graphml", folder / "netzwerk.gexf")
    _invalidate_stamp(folder)
    return folder


def files_fragment(
    wave: str, reports_dir, *, interactive: bool = False, ctx: WaveContext | None = None
) -> HtmlFragment:
    """The list of the report's companion files for the methods section, each a link
    (:data:`REPORT_FILES`; files other than the map with ``download``: JupyterLab then leaves
    the click to the browser, which saves the file instead of trying to show it).

    In JupyterLab (``interactive=True``) the links point into ``<reports_dir>/<wave>/``
    (:func:`wave_link_base`); with ``ctx`` the tables and Gephi files of the current
    parameters are written there first (:func:`notebook_files`; the map cell wrote the map).
    A file that is still missing is named with how to write it (:func:`publish`)."""
    if interactive and ctx is not None:
        notebook_files(ctx, reports_dir)
    base = wave_link_base(reports_dir, wave, interactive)
    folder = Path(reports_dir).resolve() / str(wave)
    items = []
    for name, what in REPORT_FILES.items():
        href = html.escape(base + name, quote=True)
        download = "" if name.endswith(".html") else " download"
        item = f'<a href="{href}"{download}>{html.escape(name)}</a> – {html.escape(what)}'
        if interactive and not (folder / name).is_file():
            item += " (noch nicht geschrieben: die letzte Zelle, publish(…), schreibt sie)"
        items.append(f"<li>{item}</li>")
    return HtmlFragment(
        '<p>Zum Bericht gehören:</p><ul class="bericht-dateien">' + "".join(items) + "</ul>",
        summary="Dateien des Berichts",
    )


def publish(
    wave: str,
    data_dir,
    reports_dir,
    *,
    progress=print,
    **parameters,
) -> Path:
    """Publish the report of a wave with the given report parameters: every file
    ``bildungsnetz run`` writes for it (:func:`build_wave_report`: ``bericht.html``, the map,
    ``tabellen.xlsx``, Gephi files, profile and district pages), in ``<reports_dir>/<wave>/``.

    This is the last cell of ``bericht.ipynb`` in JupyterLab: the analyst's variant (say
    ``rural_weight=2.0``) becomes a publishable report in one step. The report notebook is run
    anew with these parameters in a fresh kernel (the same way as ``bildungsnetz run`` does,
    so the published report never depends on the order in which cells were run). The folder
    is replaced as a whole or not at all (``safety.FolderTransaction``): if anything fails,
    the previous files stay. The wave must be cleaned; the analysis is computed (or taken
    from the cache) with these parameters. The run's stamp is not written, so the next
    ``bildungsnetz run`` rebuilds the wave with its own parameters.

    Raises :class:`~bildungsnetz.errors.BildungsnetzError` for a wrong parameter (German),
    when called while a publish is running (the executed notebook does not publish again) and
    while another command works on the data folder (``safety.data_lock``).
    """
    from bildungsnetz.safety import FolderTransaction, check_outputs, data_lock, validate_wave

    if os.environ.get(PUBLISHING_ENV):
        raise BildungsnetzError(
            "publish() wird bereits ausgeführt; das dabei ausgeführte Notebook "
            "veröffentlicht nicht noch einmal."
        )
    checked = check_parameters(parameters)
    data_dir, reports_dir = Path(data_dir).resolve(), Path(reports_dir).resolve()
    wave = str(wave)
    validate_wave(data_dir, wave)
    check_outputs(data_dir, wave, reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    before = os.environ.get(PUBLISHING_ENV)
    os.environ[PUBLISHING_ENV] = "1"
    try:
        with data_lock(data_dir), FolderTransaction([reports_dir / wave], mode="move"):
            out = build_wave_report(data_dir, reports_dir, wave, progress=progress, **checked)
    finally:
        if before is None:
            os.environ.pop(PUBLISHING_ENV, None)
        else:
            os.environ[PUBLISHING_ENV] = before
    _invalidate_stamp(out)
    progress(f"Bericht der Welle {wave} veröffentlicht: {out / 'bericht.html'}")
    return out


def _comparison_page(
    data_dir: Path, reports_dir: Path, waves: list[str], failed: list[str], done: list[str]
) -> Path:
    """Run ``vergleich.ipynb`` and convert it to ``vergleich.html``."""
    executed = execute_notebook(
        COMPARISON_NOTEBOOK,
        reports_dir / COMPARISON_NOTEBOOK,
        {
            "waves": ",".join(waves),
            "failed": ",".join(w for w in failed if w in waves),
            "data_dir": str(data_dir),
            "reports_dir": str(reports_dir),
        },
    )
    return notebook_to_html(
        executed,
        reports_dir / "vergleich.html",
        title="Netzwerkanalyse Bildung Lausitz – Entwicklung über die Wellen",
        synthetic=any(is_synthetic(data_dir, w) for w in done),
    )


def build_overview(
    data_dir: Path, reports_dir: Path, waves: list[str], *, failed=(), progress=print
) -> Path:
    """Write ``vergleich.html`` and ``index.html``.

    The comparison covers the waves with complete results (``compare.wave_is_complete``) that
    did not fail in this run; it names the waves it leaves out and says plainly when fewer
    than two remain. If the comparison notebook fails, ``index.html`` is still written
    (without the link) before the error is raised.
    """
    data_dir, reports_dir = Path(data_dir).resolve(), Path(reports_dir).resolve()
    reports_dir.mkdir(parents=True, exist_ok=True)
    waves = [str(w) for w in waves]
    failed = [str(w) for w in failed]
    done = [w for w in waves if w not in failed and wave_is_complete(data_dir, w)]
    comparison, error = None, None
    if notebook_path(COMPARISON_NOTEBOOK) is not None and waves:
        progress(f"  [Vergleich] {', '.join(done) or 'keine vollständig ausgewertete Welle'} …")
        try:
            comparison = _comparison_page(data_dir, reports_dir, waves, failed, done)
        except BildungsnetzError as exc:
            error = exc
    index = write_index(
        data_dir, reports_dir, waves, failed=failed, comparison=comparison is not None
    )
    progress(f"  Übersicht: {index}")
    if error is not None:
        raise error
    return index
