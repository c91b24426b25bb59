"""Benchmark of the pipeline (``make bench``): times and peak memory of each step on the demo
wave and on a 10x wave, with the igraph core and with networkx only, side by side.

The step "Seiten" times the actor profiles and district pages alone (``report.pages``; they
are also part of "report"): the time excludes loading the wave, the peak memory includes it.

Each step runs in a fresh Python process so that its peak memory (max RSS) is its own.
Usage: python benchmarks/bench.py [--scales 1 10] [--wave 2026] [--skip-networkx-large]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

STEP = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    step, data, wave, extra = sys.argv[1], Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    started = time.perf_counter()
    if step == "demo":
        from bildungsnetz.demo import write_demo
        write_demo(data, scale=int(extra))
    elif step == "clean":
        from bildungsnetz.ingest.clean import clean_wave
        clean_wave(data, wave)
    elif step == "analyse":
        if extra == "networkx":
            from bildungsnetz.analysis.tables import analyse_wave
            analyse_wave(data, wave, backend="networkx")
        else:  # what `bildungsnetz run` does: igraph core ("auto"), CSVs + report cache
            from bildungsnetz.pipeline import analyse_step
            analyse_step(data, wave, keep_for_report=True)
    elif step == "report":
        from bildungsnetz.report.build import build_wave_report
        build_wave_report(data, Path(extra), wave, progress=lambda *a: None)
    elif step == "pages":  # actor profiles and district pages alone (part of "report")
        from bildungsnetz.report.context import load_context
        from bildungsnetz.report.pages.render import write_pages
        ctx = load_context(data, wave)  # the report builder has it already: not timed
        started = time.perf_counter()
        write_pages(ctx, Path(extra) / wave)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"s": elapsed, "mb": peak}))
""")


def run_step(step: str, data: Path, wave: str, extra: str = "") -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", STEP, step, str(data), wave, extra], capture_output=True, text=True
    )
    if proc.returncode != 0:
        raise SystemExit(f"step {step} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sizes(data: Path, wave: str) -> str:
    folder = data / "processed" / wave
    count = lambda name: sum(1 for _ in open(folder / name, encoding="utf-8")) - 1  # noqa
    return (
        f"{count('akteure.csv')} actors, {count('netzwerke.csv')} networks, "
        f"{count('mitgliedschaften.csv')} memberships"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--wave", default="2026")
    parser.add_argument(
        "--skip-networkx-large",
        action="store_true",
        help="skip the networkx-only analysis for scales > 1",
    )
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bildungsnetz-bench-") as tmp:
        for scale in args.scales:
            data = Path(tmp) / f"x{scale}"
            reports = Path(tmp) / f"r{scale}"
            print(f"== scale {scale} ==", flush=True)
            results = {"demo": run_step("demo", data, args.wave, str(scale))}
            results["clean"] = run_step("clean", data, args.wave)
            print(f"   wave {args.wave}: {sizes(data, args.wave)}", flush=True)
            results["analyse (igraph)"] = run_step("analyse", data, args.wave, "auto")
            if scale == 1 or not args.skip_networkx_large:
                results["analyse (networkx only)"] = run_step(
                    "analyse", data, args.wave, "networkx"
                )
            results["report"] = run_step("report", data, args.wave, str(reports))
            results["Seiten"] = run_step("pages", data, args.wave, str(reports))
            for step, r in results.items():
                print(f"   {step:<26} {r['s']:8.1f} s   peak {r['mb']:7.0f} MB", flush=True)
                rows.append((scale, step, r["s"], r["mb"]))
            end_to_end = sum(results[s]["s"] for s in ("clean", "analyse (igraph)", "report"))
            print(f"   clean + analyse + report   {end_to_end:8.1f} s", flush=True)
            rows.append((scale, "clean + analyse + report", end_to_end, float("nan")))
    print("\nscale | step | seconds | peak MB")
    for scale, step, seconds, mb in rows:
        print(f"{scale:>5} | {step:<26} | {seconds:8.1f} | {mb:7.0f}")


if __name__ == "__main__":
    main()
