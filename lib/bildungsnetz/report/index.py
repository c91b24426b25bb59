"""``reports/index.html``: the overview page with links to every report file."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from bildungsnetz.report.context import is_synthetic
from bildungsnetz.report.htmlsafe import csp_policy
from bildungsnetz.report.pages.links import DISTRICT_INDEX
from bildungsnetz.safety import atomic_write_text

#: The files of a wave's report folder that the index links to, with their German labels.
WAVE_FILES = {
    "bericht.html": "Bericht",
    "netzwerkkarte.html": "Netzwerkkarte",
    DISTRICT_INDEX: "Landkreise und Akteursprofile",
    "tabellen.xlsx": "Tabellen (Excel)",
    "netzwerk.graphml": "GraphML",
    "netzwerk.gexf": "GEXF (Gephi)",
}

_INDEX_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%}td,th{padding:.4rem .6rem;border-bottom:1px solid #ddd;
text-align:left}.hinweis{background:#fff4d6;border-left:4px solid #E69F00;padding:.5rem 1rem}
.fehler{color:#a00}
"""


def _wave_row(data_dir: Path, reports_dir: Path, wave: str, failed: bool) -> str:
    """One table row: the wave, links to its files, the demo-data note (or the failure)."""
    folder = reports_dir / wave
    cells = [f"<td><strong>{html.escape(wave)}</strong></td>"]
    links = [
        f'<a href="{html.escape(wave)}/{name}">{label}</a>'
        for name, label in WAVE_FILES.items()
        if (folder / name).exists()
    ]
    if failed:
        kept = (
            (" Gezeigt wird der Stand der letzten erfolgreichen Ausführung: " + " · ".join(links))
            if links
            else ""
        )
        cells.append(
            '<td colspan="2"><span class="fehler">Bei der letzten Ausführung '
            f"fehlgeschlagen – siehe Meldung des Laufs.</span>{kept}</td>"
        )
    else:
        cells.append(f"<td>{' · '.join(links) or 'noch nicht erstellt'}</td>")
        cells.append(
            "<td>synthetische Demodaten</td>" if is_synthetic(data_dir, wave) else "<td></td>"
        )
    return f"<tr>{''.join(cells)}</tr>"


def write_index(
    data_dir: Path, reports_dir: Path, waves: list[str], *, failed=(), comparison: bool = False
) -> Path:
    """``reports/index.html``: links to every report file (a static page, no scripts)."""
    rows = [_wave_row(data_dir, reports_dir, wave, wave in failed) for wave in waves]
    synthetic = any(is_synthetic(data_dir, w) for w in waves)
    compare = (
        '<p><a href="vergleich.html">Entwicklung über die Wellen (Vergleich)</a></p>'
        if comparison
        else "<p>Ein Vergleich über die Wellen entsteht, sobald mindestens "
        "zwei Wellen ausgewertet sind.</p>"
    )
    banner = (
        '<p class="hinweis">Die mitgelieferten Wellen sind synthetische Demodaten.</p>'
        if synthetic
        else ""
    )
    page = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp_policy(), quote=True)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Netzwerkanalyse Bildung Lausitz – Übersicht</title><style>{_INDEX_CSS}</style></head>
<body><h1>Netzwerkanalyse Bildung Lausitz</h1>{banner}
<h2>Berichte je Befragungswelle</h2>
<table><thead><tr><th>Welle</th><th>Dateien</th><th></th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Entwicklung</h2>{compare}
<p><small>Erstellt mit bildungsnetz am {date.today().strftime("%d.%m.%Y")}.</small></p>
</body></html>
"""
    return atomic_write_text(reports_dir / "index.html", page)
