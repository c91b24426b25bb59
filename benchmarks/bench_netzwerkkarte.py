"""Benchmark of the interactive network map: Python build time and time until usable.

    python benchmarks/bench_netzwerkkarte.py [--akteure 300 3000] [--ohne-browser]

For each size a synthetic wave (actors, networks ≈ actors/3, memberships with a heavy-tailed
network popularity, as in real data) is built; the script reports the seconds for
``netmap.build_map`` (layouts included), the page size, and – in headless Chromium, from disk,
offline – the milliseconds until the map has drawn (``performance.now()`` at the first
``afterDrawing``), the time of the label placement per redraw (median and maximum while
zooming in) and of a topic filter, a layout switch and a search.
Chromium: ``BILDUNGSNETZ_CHROMIUM`` or ``/usr/bin/chromium``. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bildungsnetz.report import netmap

PLACES = [
    ("03046", "Cottbus", "Cottbus", "Brandenburg", 51.7563, 14.3329),
    ("15907", "Lübben (Spreewald)", "Dahme-Spreewald", "Brandenburg", 51.9386, 13.8939),
    ("04916", "Herzberg (Elster)", "Elbe-Elster", "Brandenburg", 51.6870, 13.2330),
    ("01968", "Senftenberg", "Oberspreewald-Lausitz", "Brandenburg", 51.5252, 14.0016),
    ("03130", "Spremberg", "Spree-Neiße", "Brandenburg", 51.5716, 14.3795),
    ("02625", "Bautzen", "Bautzen", "Sachsen", 51.1814, 14.4238),
    ("02826", "Görlitz", "Görlitz", "Sachsen", 51.1526, 14.9872),
]
CATEGORIES = [
    "Bildungsträger",
    "Schule",
    "Unternehmen",
    "Verein/Verband",
    "Kommune",
    "Kammer",
    "Hochschule",
    "Agentur für Arbeit",
    "Jobcenter",
    "Landesbehörde",
]
TOPICS = [f"Thema {i}" for i in range(1, 19)]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def synthetic_wave(n_actors: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    n_networks = max(n_actors // 3, 5)

    def ident(prefix, text):
        return prefix + hashlib.sha1(text.encode()).hexdigest()[:8]

    actors = []
    for i in range(n_actors):
        place = PLACES[min(int(rng.exponential(2.0)), len(PLACES) - 1)]
        category = CATEGORIES[min(int(rng.exponential(2.5)), len(CATEGORIES) - 1)]
        name = f"{category} {place[1]} {i}"
        located = rng.random() < 0.95
        actors.append(
            {
                "akteur_id": ident("A", name),
                "akteur": name,
                "anzeigename": name,
                "veroeffentlichen": "ja",
                "kategorie": category,
                "plz": place[0],
                "ort": place[1],
                "landkreis": place[2],
                "bundesland": place[3],
                "lat": place[4] + rng.normal(0, 0.02) if located else np.nan,
                "lon": place[5] + rng.normal(0, 0.02) if located else np.nan,
            }
        )
    akteure = pd.DataFrame(actors)
    netzwerke = pd.DataFrame(
        [
            {
                "netzwerk_id": ident("N", f"Netzwerk {j}"),
                "netzwerk": f"Netzwerk {j}",
                "typ": "Arbeitskreis",
                "landkreis": PLACES[j % len(PLACES)][2],
                "themen": ";".join(sorted(set(rng.choice(TOPICS, size=3)))),
                "zielgruppen": "Jugendliche",
            }
            for j in range(n_networks)
        ]
    )
    popularity = rng.pareto(1.2, n_networks) + 1
    popularity /= popularity.sum()
    pairs = set()
    for i in range(n_actors):
        k = min(1 + int(rng.exponential(2.5)), 30)
        for j in rng.choice(n_networks, size=k, replace=False, p=popularity):
            pairs.add((akteure.akteur_id[i], netzwerke.netzwerk_id[j]))
    mitgliedschaften = pd.DataFrame(sorted(pairs), columns=["akteur_id", "netzwerk_id"])
    mitgliedschaften["rolle"] = "Mitglied"
    count = mitgliedschaften.groupby("akteur_id").size()
    kennzahlen = pd.DataFrame({"akteur_id": akteure.akteur_id, "akteur": akteure.anzeigename})
    kennzahlen["anzahl_netzwerke"] = kennzahlen.akteur_id.map(count).fillna(0).astype(int)
    kennzahlen["degree"] = kennzahlen.anzahl_netzwerke / n_networks
    kennzahlen["betweenness"] = rng.random(n_actors) ** 4
    kennzahlen["closeness"] = rng.random(n_actors)
    kennzahlen["pagerank"] = (kennzahlen.anzahl_netzwerke + 1) / (count.sum() + n_actors)
    return akteure, netzwerke, mitgliedschaften, kennzahlen


def measure_browser(path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("BILDUNGSNETZ_CHROMIUM", "/usr/bin/chromium")
    result = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 800})
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(("file:", "data:"))
                else route.abort()
            ),
        )
        page = context.new_page()
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function(
            "() => window.netzwerkkarte && window.netzwerkkarte.bereit", timeout=120000
        )
        result["wall_bis_bereit_s"] = round(time.perf_counter() - start, 2)
        result["bereit_ms"] = round(page.evaluate("() => netzwerkkarte.bereitNach"))
        # label placement (netzwerkkarte.js, beschriften) per redraw, zooming in 40 steps
        # from the start view (before the filter, layout and search below change the state)
        placement = page.evaluate(
            "() => { const k = netzwerkkarte, s0 = k.network.getScale();"
            " k.beschriftungMs.length = 0;"
            " for (let i = 0; i < 40; i++) { k.network.moveTo({scale: s0 * (1 + i / 5),"
            " animation: false}); k.network.redraw(); }"
            " const t = k.beschriftungMs.slice().sort((a, b) => a - b);"
            " return [t[Math.floor(t.length / 2)], t[t.length - 1]]; }"
        )
        result["beschriftung_median_ms"] = round(placement[0], 1)
        result["beschriftung_max_ms"] = round(placement[1], 1)
        timed = {
            "filter_thema_ms": "() => { const t = performance.now(); "
            "netzwerkkarte.setzeFilter('thema', "
            "netzwerkkarte.daten.filter.thema[0]);"
            " netzwerkkarte.network.redraw(); return performance.now() - t; }",
            "layout_geo_ms": "() => { const s = document.getElementById('bn-layout'); "
            "const t = performance.now(); s.value = 'geo'; "
            "s.dispatchEvent(new Event('change')); netzwerkkarte.network.redraw();"
            " return performance.now() - t; }",
            "suche_ms": "() => { const t = performance.now(); "
            "netzwerkkarte.suche(netzwerkkarte.daten.knoten[0].name); "
            "return performance.now() - t; }",
        }
        for key, script in timed.items():
            result[key] = round(page.evaluate(script))
        browser.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--akteure", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--ohne-browser", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    netmap.build_map(*synthetic_wave(30), title="Aufwärmen")  # imports, template cache
    print({"erster_aufruf_inkl_imports_s": round(time.perf_counter() - start, 2)}, flush=True)
    with tempfile.TemporaryDirectory() as folder:
        for n in args.akteure:
            tables = synthetic_wave(n)
            start = time.perf_counter()
            page = netmap.build_map(*tables, title=f"Benchmark {n}", synthetic=True)
            build = time.perf_counter() - start
            path = Path(folder) / f"karte_{n}.html"
            path.write_text(page, encoding="utf-8")
            line = {
                "akteure": n,
                "netzwerke": len(tables[1]),
                "mitgliedschaften": len(tables[2]),
                "build_map_s": round(build, 2),
                "html_mb": round(len(page.encode()) / 1e6, 1),
            }
            if not args.ohne_browser:
                line.update(measure_browser(path))
            print(line, flush=True)


if __name__ == "__main__":
    main()
