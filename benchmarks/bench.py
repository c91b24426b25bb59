"""Benchmark of the pipeline (``make bench``): time and peak memory of each step of one demo
wave at 1×, 10×, 30× and 100× the Lausitz, printed as a Markdown table.

Steps (each in a fresh Python process, so that its peak memory is its own; the peak is the
larger of the process and its waited-for children, e.g. the notebook kernel of the report):

========================  ====================================================================
demo                      ``bildungsnetz demo --scale N`` (all waves; skipped with ``--demo``)
clean                     ``ingest.clean.clean_wave``
analyse                   ``pipeline.analyse_step`` as ``bildungsnetz run`` does it (CSVs and
                          the report cache)
potenziale (sparse)       ``analysis.findings.cooperation_potential`` alone (graphs built
                          outside the timing), the default sparse candidate search
potenziale (exhaustive)   the same with ``method="exhaustive"`` (dense n × n): only up to
                          ``--exhaustive-max`` actors, above it does not fit in memory
report                    ``report.build.build_wave_report``: notebook, HTML, map, tables,
                          Gephi files, pages (everything ``run`` does after the analysis)
Rückblicktest (Bericht)   the sentence of section 9 on the previous wave's suggestions
                          (``report.narrative.potentials_backtest_sentence``: the back-test
                          previous wave → this one); the previous wave is cleaned first
                          (``clean Vorwelle``, not part of the run). In ``run`` it is part of
                          "report", here timed on its own: the bench analyses only one wave
Seiten                    the actor profiles and district pages alone (part of "report";
                          loading the wave is not timed, its memory is in the peak)
Rangintervalle            ``analysis.measures.rank_intervals`` alone (part of "analyse"; the
                          full wave's values included, graphs built outside the timing)
Gemeinschaftsstabilität   ``analysis.measures.community_stability`` alone (part of "analyse";
                          the reference partition computed outside the timing)
Karte (Layout)            ``report.netmap.layout.compute_layouts`` alone
Karte                     ``report.netmap.build_map`` (layouts included) and the page's size
Karte im Browser          headless Chromium, from disk, offline: milliseconds until the map has
                          drawn (``netzwerkkarte.bereitNach``); with Playwright and Chromium
========================  ====================================================================

Below each scale, "= run einer Welle" adds up clean, analyse, report and the back-test
sentence: what ``bildungsnetz run`` does for one wave with a previous wave (the peak is the
largest of them).

Usage::

    python benchmarks/bench.py                       # 1 10 30 100 (takes long)
    python benchmarks/bench.py --scales 1 10 --no-browser
    python benchmarks/bench.py --scales 100 --demo 100=/tmp/scale100/data

A step is added by one entry in ``STEPS`` (its code) and, if it is not run at every scale, a
condition in :func:`steps_for`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

#: The code of each step, run as ``python -c PRELUDE + code data wave extra``; it sets
#: ``started`` (default: before the step) and may put numbers into ``result``.
PRELUDE = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    data, wave, extra = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    result = {}
    started = time.perf_counter()
""")

STEPS = {
    "demo": """
from bildungsnetz.demo import write_demo
write_demo(data, scale=int(extra))
""",
    "clean": """
from bildungsnetz.ingest.clean import clean_wave
clean_wave(data, wave)
""",
    "analyse": """
from bildungsnetz.pipeline import analyse_step
analyse_step(data, wave, keep_for_report=True)
""",
    "potenziale": """
from bildungsnetz.analysis.findings import cooperation_potential
from bildungsnetz.analysis.graphs import build_graphs
from bildungsnetz.analysis.tables import read_processed
graphs = build_graphs(read_processed(data, wave))
started = time.perf_counter()
found = cooperation_potential(
    graphs["zweimodal"], graphs["akteure"], cooperation=graphs["kooperationen"], method=extra
)
result["zeilen"] = len(found)
""",
    "ranks": """
from bildungsnetz.analysis.graphs import actor_nodes, build_graphs
from bildungsnetz.analysis.measures import rank_intervals
from bildungsnetz.analysis.tables import read_processed
graphs = build_graphs(read_processed(data, wave))
B, P = graphs["zweimodal"], graphs["akteure"]
started = time.perf_counter()
result["zeilen"] = len(rank_intervals(B, actor_nodes(B), P=P))
""",
    "stability": """
from bildungsnetz.analysis.graphs import build_graphs
from bildungsnetz.analysis.measures import community_stability, louvain_communities
from bildungsnetz.analysis.tables import read_processed
P = build_graphs(read_processed(data, wave))["akteure"]
membership = louvain_communities(P)
started = time.perf_counter()
result["laeufe"] = community_stability(P, membership).runs
""",
    "report": """
from bildungsnetz.report.build import build_wave_report
build_wave_report(data, Path(extra), wave, progress=lambda *a: None)
""",
    "backtest": """
from bildungsnetz.analysis import backtest
from bildungsnetz.report.comparison_findings import backtest_sentence
candidates = {(extra, wave): backtest.backtest_waves(data, extra, wave, networks=False)}
table = backtest.backtest(candidates, scorers=("gewichtet", "ressourcen"))
result["satz"] = backtest_sentence(table) is not None
result["paare"] = int(table["kandidaten"].max())
""",
    "pages": """
from bildungsnetz.report.context import load_context
from bildungsnetz.report.pages.render import write_pages
ctx = load_context(data, wave)
started = time.perf_counter()
write_pages(ctx, Path(extra) / wave)
""",
    "layout": """
from bildungsnetz.report.context import load_context
from bildungsnetz.report.netmap import layout, model
ctx = load_context(data, wave)
calls = []
inner = layout.compute_layouts
def timed(*args, **kwargs):
    t = time.perf_counter()
    out = inner(*args, **kwargs)
    calls.append(time.perf_counter() - t)
    return out
model.compute_layouts = timed
started = time.perf_counter()
model.build_network(**ctx.map_arguments())
started = time.perf_counter() - sum(calls)
""",
    "map": """
from bildungsnetz.report.context import load_context
from bildungsnetz.report.netmap import write_map
ctx = load_context(data, wave)
started = time.perf_counter()
path = write_map(Path(extra) / "bench-netzwerkkarte.html", **ctx.map_arguments())
result["html_mb"] = path.stat().st_size / 1e6
""",
    "browser": """
import os
from playwright.sync_api import sync_playwright
args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
with sync_playwright() as pw:
    browser = pw.chromium.launch(
        executable_path=os.environ.get("BILDUNGSNETZ_CHROMIUM", "/usr/bin/chromium"), args=args
    )
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
                  else r.abort())
    page = context.new_page()
    page.goto((Path(extra) / "bench-netzwerkkarte.html").resolve().as_uri())
    page.wait_for_function("() => window.netzwerkkarte && netzwerkkarte.bereit", timeout=300000)
    result["bereit_ms"] = page.evaluate("() => netzwerkkarte.bereitNach")
    result["knoten"] = page.evaluate("() => netzwerkkarte.nodes.length")
    browser.close()
""",
}
EPILOGUE = textwrap.dedent("""
    result["s"] = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["mb"] = max(own, children) / 1024
    print(json.dumps(result))
""")


def run_step(step: str, data: Path, wave: str, extra: str = "") -> dict:
    """Run one step in a fresh process; its seconds, peak MB and extra numbers."""
    code = PRELUDE + textwrap.dedent(STEPS[step]) + EPILOGUE
    proc = subprocess.run(
        [sys.executable, "-c", code, str(data), wave, extra], capture_output=True, text=True
    )
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        return {"fehler": tail[0][:120]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sizes(data: Path, wave: str) -> dict[str, int]:
    """Actors, networks and memberships of the cleaned wave."""
    folder = data / "processed" / wave

    def rows(name: str) -> int:
        with open(folder / name, encoding="utf-8") as handle:
            return sum(1 for _ in handle) - 1

    return {
        "akteure": rows("akteure.csv"),
        "netzwerke": rows("netzwerke.csv"),
        "mitgliedschaften": rows("mitgliedschaften.csv"),
    }


def previous_wave(data: Path, wave: str) -> str | None:
    """The wave before ``wave`` among the raw wave folders (name order), or None."""
    from bildungsnetz.ingest.files import list_waves

    earlier = [w for w in list_waves(data) if w < wave]
    return earlier[-1] if earlier else None


def steps_for(scale: int, actors: int, args) -> list[tuple[str, str, str]]:
    """(label, step, extra) of the steps after cleaning, at this scale."""
    reports = str(args.reports / f"r{scale}")
    steps = [
        ("analyse", "analyse", ""),
        ("potenziale (sparse)", "potenziale", "sparse"),
    ]
    steps += [  # the resampling of issue 14 alone (part of "analyse")
        ("Rangintervalle", "ranks", ""),
        ("Gemeinschaftsstabilität", "stability", ""),
    ]
    if actors <= args.exhaustive_max:
        steps.append(("potenziale (exhaustive)", "potenziale", "exhaustive"))
    else:  # n × n does not fit: say so in the table
        steps.append(("potenziale (exhaustive)", "skip", f"über {args.exhaustive_max} Akteure"))
    steps += [
        ("report", "report", reports),
        ("Seiten", "pages", reports),
        ("Karte (Layout)", "layout", reports),
        ("Karte", "map", reports),
    ]
    if not args.no_browser:
        steps.append(("Karte im Browser", "browser", reports))
    return steps


def bench_scale(scale: int, args) -> list[tuple[int, str, dict]]:
    """All steps of one scale; rows ``(scale, label, result)``."""
    rows = []
    data = args.reports / f"x{scale}"
    if scale in args.demo:  # a copy: the steps write processed/ and never touch the original
        for part in ("raw", "external"):
            if (args.demo[scale] / part).is_dir():
                shutil.copytree(args.demo[scale] / part, data / part, dirs_exist_ok=True)
    else:
        rows.append((scale, "demo (alle Wellen)", run_step("demo", data, args.wave, str(scale))))
    rows.append((scale, "clean", run_step("clean", data, args.wave)))
    if "fehler" in rows[-1][2]:  # nothing to analyse at this scale
        return rows
    before = previous_wave(data, args.wave)
    counts = sizes(data, args.wave)
    print(f"== {scale}×: {counts}", file=sys.stderr, flush=True)
    for label, step, extra in steps_for(scale, counts["akteure"], args):
        if step == "skip":
            rows.append((scale, label, {"fehler": f"übersprungen ({extra})"}))
            continue
        if step in ("report", "pages", "layout", "map", "browser"):
            Path(extra).mkdir(parents=True, exist_ok=True)
        rows.append((scale, label, run_step(step, data, args.wave, extra)))
        print(f"   {label}: {rows[-1][2]}", file=sys.stderr, flush=True)
    if before is not None:  # the report's back-test needs the previous wave cleaned
        rows.append((scale, "clean Vorwelle", run_step("clean", data, before)))
        if "fehler" not in rows[-1][2]:
            rows.append((scale, BACKTEST_LABEL, run_step("backtest", data, args.wave, before)))
    chain = [r for _, label, r in rows if label in CHAIN and "s" in r]
    needed = len(CHAIN) if before is not None else len(CHAIN) - 1
    if len(chain) == needed:  # what `bildungsnetz run` does for one wave
        rows.append(
            (
                scale,
                "= run einer Welle",
                {"s": sum(r["s"] for r in chain), "mb": max(r["mb"] for r in chain)},
            )
        )
    rows.insert(0, (scale, "Größe", counts))
    return rows


#: The label of the back-test step (part of the report of a wave with a previous wave).
BACKTEST_LABEL = "Rückblicktest (Bericht)"
#: The steps that make up ``bildungsnetz run`` of one wave (summed in the table).
CHAIN = ("clean", "analyse", "report", BACKTEST_LABEL)


def markdown(rows: list[tuple[int, str, dict]]) -> str:
    """The result table (Markdown)."""
    lines = ["| Maßstab | Schritt | Sekunden | Spitze MB | Weiteres |", "|---|---|---|---|---|"]
    for scale, label, r in rows:
        if label == "Größe":
            extra = ", ".join(f"{k} {v}" for k, v in r.items())
            lines.append(f"| {scale}× | Größe | | | {extra} |")
            continue
        if "fehler" in r:
            lines.append(f"| {scale}× | {label} | – | – | {r['fehler']} |")
            continue
        more = ", ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}"
            for k, v in r.items()
            if k not in ("s", "mb")
        )
        lines.append(f"| {scale}× | {label} | {r['s']:.1f} | {r['mb']:.0f} | {more} |")
    return "\n".join(lines)


def parse_args(argv=None):
    """The command line (see the module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 30, 100])
    parser.add_argument("--wave", default="2026")
    parser.add_argument(
        "--demo",
        nargs="*",
        default=[],
        metavar="N=ORDNER",
        help="an existing demo data folder for scale N (its raw/ is copied; skips the demo)",
    )
    parser.add_argument("--exhaustive-max", type=int, default=10000, metavar="AKTEURE")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    args.demo = {int(k): Path(v) for k, v in (item.split("=", 1) for item in args.demo)}
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bildungsnetz-bench-") as tmp:
        args.reports = (args.keep or Path(tmp)).resolve()
        args.reports.mkdir(parents=True, exist_ok=True)
        rows = [row for scale in args.scales for row in bench_scale(scale, args)]
    print(markdown(rows))
    print(f"\n{os.cpu_count()} Kerne, gesamt {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
