"""Building the reports: the notebooks run, become HTML, and the companion files are written.

Output per wave in ``reports/<wave>/``: ``bericht.html``, ``bericht.ipynb`` (the executed
notebook, kept for audit), ``netzwerkkarte.html``, ``tabellen.xlsx``, ``netzwerk.graphml``,
``netzwerk.gexf``, the actor profiles ``akteure/<akteur_id>.html`` and the district pages
``landkreise/<slug>.html`` with their overview ``landkreise/index.html``
(:mod:`bildungsnetz.report.pages`). Across waves: ``reports/vergleich.html`` and
``reports/index.html``.
"""

from __future__ import annotations

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
from bildungsnetz.report.context import is_synthetic, load_context
from bildungsnetz.report.exports import (
    publishable_tables,
    write_tables_xlsx,
    write_wave_graph_files,
)
from bildungsnetz.report.htmlexport import notebook_to_html
from bildungsnetz.report.index import write_index
from bildungsnetz.report.netmap import write_map
from bildungsnetz.report.notebook import execute_notebook
from bildungsnetz.report.pages.render import write_pages
from bildungsnetz.text import german_number


def build_wave_report(
    data_dir: Path,
    reports_dir: Path,
    wave: str,
    *,
    progress=print,
    size_by: str = "pagerank",
    color_by: str = "kategorie",
    rural_weight: float = DEFAULT_RURAL_WEIGHT,
    seed: int = DEFAULT_SEED,
    language: str = "de",
) -> Path:
    """Write every report file of one (cleaned and analysed) wave; returns its folder.

    Inside ``bildungsnetz run`` the folder is the wave's report transaction
    (``safety.FolderTransaction``): everything here, the pages included, is replaced as a
    whole or not at all."""
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
            "size_by": size_by,
            "color_by": color_by,
            "rural_weight": rural_weight,
            "seed": seed,
            "language": language,
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
        f"in {german_number(pages.seconds, 1)} s"
    )
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
