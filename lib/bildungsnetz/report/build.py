"""Building the reports: papermill runs the notebooks, nbconvert turns them into HTML, and the
companion files (map page, Excel tables, Gephi graphs, index page) are written beside them.

Output per wave in ``reports/<wave>/``: ``bericht.html``, ``bericht.ipynb`` (the executed
notebook, kept for audit), ``netzwerkkarte.html``, ``tabellen.xlsx``, ``netzwerk.graphml``,
``netzwerk.gexf``. Across waves: ``reports/vergleich.html`` and ``reports/index.html``.
"""

from __future__ import annotations

import html
import logging
import os
from datetime import date
from pathlib import Path

import pandas as pd

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.analysis.findings import top_per_kind
from bildungsnetz.config import notebook_dir

WAVE_NOTEBOOK = "bericht.ipynb"
COMPARISON_NOTEBOOK = "vergleich.ipynb"
WAVE_FILES = ("bericht.html", "netzwerkkarte.html", "tabellen.xlsx", "netzwerk.graphml",
              "netzwerk.gexf")

logging.getLogger("papermill").setLevel(logging.WARNING)
logging.getLogger("traitlets").setLevel(logging.ERROR)


def _notebook(name: str) -> Path:
    folder = notebook_dir()
    if folder is None or not (folder / name).exists():
        raise BildungsnetzError(
            f"Das Notebook {name} wurde nicht gefunden. bildungsnetz muss aus dem "
            "Projektordner installiert sein (pip install -e .).")
    return folder / name


def execute_notebook(name: str, output: Path, parameters: dict) -> Path:
    """Run a notebook from ``notebooks/`` with papermill; the executed copy goes to
    ``output``. A failing cell becomes a German error naming the notebook."""
    import papermill as pm

    from bildungsnetz.safety import guard_write, temp_sibling

    source = _notebook(name)
    output = Path(output)
    guard_write(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    # papermill writes the notebook cell by cell: into a temporary file, replaced at the end
    # (also when a cell failed, so that the message below points to the executed notebook)
    partial = temp_sibling(output, "tmp.ipynb")     # papermill wants the .ipynb ending
    try:
        pm.execute_notebook(str(source), str(partial), parameters=parameters,
                            kernel_name="python3", progress_bar=False, cwd=str(source.parent),
                            log_output=False,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"])
        os.replace(partial, output)
    except pm.PapermillExecutionError as exc:
        if partial.exists():
            os.replace(partial, output)
        raise BildungsnetzError(
            f"Das Notebook {name} ist in Zelle {exc.exec_count} abgebrochen: {exc.ename}: "
            f"{exc.evalue}. Das ausgeführte Notebook liegt zur Prüfung unter {output}.") from None
    finally:
        if partial.exists():
            partial.unlink()
    return output


XLSX_MAX_POTENTIALS = 2000


def publishable_tables(ctx) -> dict[str, pd.DataFrame]:
    """The tables for ``tabellen.xlsx``: results and cleaned tables with publishable names
    only (no contact data, pseudonyms for actors without consent)."""
    names = dict(zip(ctx.akteure["akteur_id"], ctx.akteure["anzeigename"]))
    nets = dict(zip(ctx.netzwerke["netzwerk_id"], ctx.netzwerke["netzwerk"]))
    akteure = ctx.akteure.drop(columns=["akteur"]).rename(columns={"anzeigename": "akteur"})
    members = ctx.mitgliedschaften.assign(akteur=ctx.mitgliedschaften["akteur_id"].map(names),
                                          netzwerk=ctx.mitgliedschaften["netzwerk_id"].map(nets))
    netzwerke = ctx.netzwerke.assign(koordination=ctx.netzwerke["koordination_id"].map(names)
                                     .fillna(""))
    tables = {
        "Kennzahlen Akteure": ctx.results["kennzahlen_akteure"],
        "Kennzahlen Netzwerke": ctx.results["kennzahlen_netzwerke"],
        "Kennzahlen gesamt": ctx.results["kennzahlen_gesamt"],
        "Potenziale": top_per_kind(ctx.results["potenziale"], XLSX_MAX_POTENTIALS),
        "Doppelstrukturen": ctx.results["doppelstrukturen"],
        "Gemeinschaften": ctx.results["gemeinschaften"],
        "Mischungsmatrizen": ctx.results["mischungsmatrizen"],
        "Akteure": akteure,
        "Netzwerke": netzwerke,
        "Mitgliedschaften": members[["akteur_id", "akteur", "netzwerk_id", "netzwerk", "rolle"]],
    }
    if ctx.kooperationen is not None:
        coop = ctx.kooperationen.assign(von=ctx.kooperationen["von_id"].map(names),
                                        an=ctx.kooperationen["an_id"].map(names))
        tables["Kooperationen"] = coop[["von_id", "von", "an_id", "an", "intensitaet"]]
    from bildungsnetz.report.views import quality_table
    tables["Bereinigung"] = quality_table(ctx)
    return tables


def build_wave_report(data_dir: Path, reports_dir: Path, wave: str, *, progress=print,
                      size_by: str = "pagerank", color_by: str = "kategorie",
                      rural_weight: float = 1.5, seed: int = 2025,
                      language: str = "de") -> Path:
    """Write every report file of one (cleaned and analysed) wave."""
    from bildungsnetz.report.htmlexport import notebook_to_html, write_graph_files, write_tables_xlsx
    from bildungsnetz.report.netmap import write_map
    from bildungsnetz.report.context import load_context

    data_dir, reports_dir = Path(data_dir).resolve(), Path(reports_dir).resolve()
    out = reports_dir / str(wave)
    out.mkdir(parents=True, exist_ok=True)
    executed = execute_notebook(WAVE_NOTEBOOK, out / WAVE_NOTEBOOK, {
        "wave": str(wave), "data_dir": str(data_dir), "reports_dir": str(reports_dir),
        "size_by": size_by, "color_by": color_by, "rural_weight": rural_weight,
        "seed": seed, "language": language})
    ctx = load_context(data_dir, wave, rural_weight=rural_weight, seed=seed)
    title = f"Netzwerkanalyse Bildung Lausitz – Welle {wave}"
    progress(f"  [{wave}] HTML-Bericht …")
    notebook_to_html(executed, out / "bericht.html", title=title, synthetic=ctx.synthetic)
    progress(f"  [{wave}] Netzwerkkarte, Tabellen, Graphdateien …")
    write_map(out / "netzwerkkarte.html", ctx.akteure, ctx.netzwerke, ctx.mitgliedschaften,
              ctx.actors, title=f"Netzwerkkarte {wave}", size_by=size_by, color_by=color_by,
              seed=seed, synthetic=ctx.synthetic, kennzahlen_netzwerke=ctx.networks,
              history=ctx.extra.get("history"))
    write_tables_xlsx(publishable_tables(ctx), out / "tabellen.xlsx",
                      note="Synthetische Demodaten" if ctx.synthetic else None)
    from bildungsnetz.analysis.graphs import WaveTables, two_mode_graph

    graph = two_mode_graph(WaveTables(ctx.akteure, ctx.netzwerke, ctx.mitgliedschaften,
                                      ctx.kooperationen))
    hidden = set(ctx.akteure.loc[ctx.akteure["veroeffentlichen"] != "ja", "akteur_id"])
    # Gephi shows the same publishable names as map and report ("Bildungsträger 17").
    write_graph_files(graph, out / "netzwerk.graphml", out / "netzwerk.gexf",
                      pseudonymous_ids=hidden,
                      labels=dict(zip(ctx.akteure["akteur_id"], ctx.akteure["anzeigename"])))
    return out


def build_overview(data_dir: Path, reports_dir: Path, waves: list[str], *, failed=(),
                   progress=print) -> Path:
    """Write ``vergleich.html`` and ``index.html``.

    The comparison covers the waves with complete results (``compare.wave_is_complete``) that
    did not fail in this run; it names the waves it leaves out and says plainly when fewer
    than two remain. If the comparison notebook fails, ``index.html`` is still written
    (without the link) before the error is raised.
    """
    from bildungsnetz.analysis.compare import wave_is_complete

    data_dir, reports_dir = Path(data_dir).resolve(), Path(reports_dir).resolve()
    reports_dir.mkdir(parents=True, exist_ok=True)
    waves = [str(w) for w in waves]
    failed = [str(w) for w in failed]
    done = [w for w in waves if w not in failed and wave_is_complete(data_dir, w)]
    comparison, error = None, None
    if _notebook_exists(COMPARISON_NOTEBOOK) and waves:
        progress(f"  [Vergleich] {', '.join(done) or 'keine vollständig ausgewertete Welle'} …")
        from bildungsnetz.report.htmlexport import notebook_to_html
        from bildungsnetz.report.context import is_synthetic

        try:
            executed = execute_notebook(
                COMPARISON_NOTEBOOK, reports_dir / COMPARISON_NOTEBOOK,
                {"waves": ",".join(waves), "failed": ",".join(w for w in failed if w in waves),
                 "data_dir": str(data_dir), "reports_dir": str(reports_dir)})
            comparison = notebook_to_html(
                executed, reports_dir / "vergleich.html",
                title="Netzwerkanalyse Bildung Lausitz – Entwicklung über die Wellen",
                synthetic=any(is_synthetic(data_dir, w) for w in done))
        except BildungsnetzError as exc:
            error = exc
    index = write_index(data_dir, reports_dir, waves, failed=failed,
                        comparison=comparison is not None)
    progress(f"  Übersicht: {index}")
    if error is not None:
        raise error
    return index


def _notebook_exists(name: str) -> bool:
    folder = notebook_dir()
    return folder is not None and (folder / name).exists()


_INDEX_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{padding:.4rem .6rem;border-bottom:1px solid #ddd;
text-align:left}.hinweis{background:#fff4d6;border-left:4px solid #E69F00;padding:.5rem 1rem}
.fehler{color:#a00}
"""


def write_index(data_dir: Path, reports_dir: Path, waves: list[str], *, failed=(),
                comparison: bool = False) -> Path:
    """``reports/index.html``: links to every report file (a static page, no scripts)."""
    from bildungsnetz.report.htmlsafe import csp_policy
    from bildungsnetz.report.context import is_synthetic

    rows = []
    for wave in waves:
        folder = reports_dir / wave
        cells = [f"<td><strong>{html.escape(wave)}</strong></td>"]
        links = []
        labels = {"bericht.html": "Bericht", "netzwerkkarte.html": "Netzwerkkarte",
                  "tabellen.xlsx": "Tabellen (Excel)", "netzwerk.graphml": "GraphML",
                  "netzwerk.gexf": "GEXF (Gephi)"}
        for name in WAVE_FILES:
            if (folder / name).exists():
                links.append(f'<a href="{html.escape(wave)}/{name}">{labels[name]}</a>')
        if wave in failed:
            kept = (" Gezeigt wird der Stand der letzten erfolgreichen Ausführung: "
                    + " · ".join(links)) if links else ""
            cells.append('<td colspan="2"><span class="fehler">Bei der letzten Ausführung '
                         f"fehlgeschlagen – siehe Meldung des Laufs.</span>{kept}</td>")
        else:
            cells.append(f"<td>{' · '.join(links) or 'noch nicht erstellt'}</td>")
            cells.append("<td>synthetische Demodaten</td>" if is_synthetic(data_dir, wave)
                         else "<td></td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    synthetic = any(is_synthetic(data_dir, w) for w in waves)
    compare = ('<p><a href="vergleich.html">Entwicklung über die Wellen (Vergleich)</a></p>'
               if comparison else "<p>Ein Vergleich über die Wellen entsteht, sobald mindestens "
               "zwei Wellen ausgewertet sind.</p>")
    banner = ('<p class="hinweis">Die mitgelieferten Wellen sind synthetische Demodaten.</p>'
              if synthetic else "")
    page = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp_policy(), quote=True)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Netzwerkanalyse Bildung Lausitz – Übersicht</title><style>{_INDEX_CSS}</style></head>
<body><h1>Netzwerkanalyse Bildung Lausitz</h1>{banner}
<h2>Berichte je Befragungswelle</h2>
<table><thead><tr><th>Welle</th><th>Dateien</th><th></th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<h2>Entwicklung</h2>{compare}
<p><small>Erstellt mit bildungsnetz am {date.today().strftime('%d.%m.%Y')}.</small></p>
</body></html>
"""
    from bildungsnetz.safety import atomic_write_text

    return atomic_write_text(reports_dir / "index.html", page)
