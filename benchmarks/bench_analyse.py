"""Benchmark of the analysis step: ``analyse_wave`` with the igraph and networkx backends.

Generates synthetic *processed* tables (the cleaning step's output, see docs/design.md) of
Lausitz size (~290 actors, 100 networks) and of N× that size, times ``analyse_wave`` with
each backend and prints a table. Run:

    python benchmarks/bench_analyse.py                 # scales 1 and 10, both backends
    python benchmarks/bench_analyse.py --scales 1 10 --backends igraph networkx --repeat 1

The generator here is deliberately small and self-contained (the demo generator of
``bildungsnetz demo`` produces raw, messy waves; this one writes clean processed tables):
actors in 1–8 networks with a heavy-tailed count, network sizes heavy-tailed through
preferential choice, members mostly from the network's own district, more actors in the
cities, a few Saxony–Brandenburg bridges.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))

from bildungsnetz.analysis.tables import analyse_wave  # noqa: E402

DISTRICTS = {  # seat coordinates, state, share of actors, share urban
    "Cottbus": (51.7563, 14.3329, "Brandenburg", 0.24, 1.0),
    "Dahme-Spreewald": (51.9386, 13.8917, "Brandenburg", 0.12, 0.3),
    "Elbe-Elster": (51.6856, 13.2322, "Brandenburg", 0.10, 0.25),
    "Oberspreewald-Lausitz": (51.5253, 14.0017, "Brandenburg", 0.13, 0.35),
    "Spree-Neiße": (51.7358, 14.6344, "Brandenburg", 0.11, 0.25),
    "Bautzen": (51.1814, 14.4242, "Sachsen", 0.16, 0.35),
    "Görlitz": (51.1526, 14.9872, "Sachsen", 0.14, 0.35),
}
CATEGORIES = {  # share, level
    "Bildungsträger": (0.24, "Region"),
    "Schule": (0.15, "Kommune"),
    "Unternehmen": (0.14, "Kommune"),
    "Kommune": (0.09, "Kommune"),
    "Verein/Verband": (0.10, "Region"),
    "Landkreis": (0.04, "Kreis"),
    "Wirtschaftsförderung": (0.05, "Kreis"),
    "Agentur für Arbeit": (0.03, "Region"),
    "Jobcenter": (0.03, "Kreis"),
    "Kammer": (0.03, "Region"),
    "Hochschule": (0.03, "Region"),
    "Landesbehörde": (0.04, "Land"),
    "Bundesbehörde": (0.01, "Bund"),
    "Stiftung": (0.02, "Region"),
}
TOPICS = [
    "Berufsorientierung",
    "Ausbildung",
    "Weiterbildung",
    "Fachkräftegewinnung",
    "Strukturwandel",
    "Digitalisierung",
    "MINT",
    "Inklusion",
    "Integration",
    "Frühkindliche Bildung",
    "Übergang Schule–Beruf",
    "Studienorientierung",
    "Gründung",
    "Demokratiebildung",
    "Nachhaltigkeit",
    "Sorbisch/Wendisch",
    "Gesundheit",
    "Kultur",
]
TARGETS = [
    "Schüler*innen",
    "Auszubildende",
    "Studierende",
    "Eltern",
    "Lehrkräfte",
    "Unternehmen",
    "Arbeitsuchende",
    "Beschäftigte",
    "Geflüchtete",
    "Rückkehrende",
    "Kinder",
    "Jugendliche",
    "Frauen",
    "Menschen mit Behinderung",
    "Senior*innen",
    "Multiplikator*innen",
]


def _id(prefix: str, text: str) -> str:
    return prefix + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def generate(scale: int = 1, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Return synthetic processed tables: akteure, netzwerke, mitgliedschaften, kooperationen."""
    rng = np.random.default_rng(seed + scale)
    n_actors, n_nets = 290 * scale, 100 * scale
    names = list(DISTRICTS)
    shares = np.array([DISTRICTS[d][3] for d in names])
    cats = list(CATEGORIES)
    cat_p = np.array([CATEGORIES[c][0] for c in cats])
    cat_p = cat_p / cat_p.sum()
    actors = []
    for i in range(n_actors):
        d = names[rng.choice(len(names), p=shares)]
        lat0, lon0, state, _, urban = DISTRICTS[d]
        city = rng.random() < urban
        spread = 0.03 if city else 0.18
        cat = cats[rng.choice(len(cats), p=cat_p)]
        name = f"{cat} {i + 1}"
        publish = rng.random() < 0.85
        actors.append(
            {
                "akteur_id": _id("A", name),
                "akteur": name,
                "anzeigename": name if publish else f"{cat} (anonym) {i + 1}",
                "veroeffentlichen": "ja" if publish else "nein",
                "kategorie": cat,
                "ebene": CATEGORIES[cat][1],
                "plz": "",
                "ort": "",
                "landkreis": d,
                "bundesland": state,
                "raumtyp": "städtisch" if city else "ländlich",
                "lat": round(lat0 + rng.normal(0, spread), 5),
                "lon": round(lon0 + rng.normal(0, spread * 1.5), 5),
            }
        )
    akteure = pd.DataFrame(actors)
    nets = []
    for j in range(n_nets):
        region = rng.random() < 0.25
        d = "Lausitz" if region else names[rng.choice(len(names), p=shares)]
        name = f"Netzwerk {j + 1} {d}"
        nets.append(
            {
                "netzwerk_id": _id("N", name),
                "netzwerk": name,
                "typ": rng.choice(["Arbeitskreis", "Gremium", "Netzwerk", "AG"]),
                "landkreis": d,
                "bundesland": "" if region else DISTRICTS[d][2],
                "themen": ";".join(sorted(rng.choice(TOPICS, rng.integers(1, 5), replace=False))),
                "zielgruppen": ";".join(
                    sorted(rng.choice(TARGETS, rng.integers(1, 4), replace=False))
                ),
                "koordination_id": "",
            }
        )
    netzwerke = pd.DataFrame(nets)
    # heavy-tailed attractiveness, capped so that the largest network holds roughly a tenth
    # of the actors (as the biggest regional bodies do)
    popularity = np.minimum(rng.pareto(1.3, n_nets) + 0.2, 40.0)
    net_lk = netzwerke["landkreis"].to_numpy()
    rows = []
    for a in actors:
        k = int(min(8, 1 + rng.zipf(2.2) - 1 + (rng.random() < 0.4)))
        k = max(1, k)
        geo = np.where(net_lk == a["landkreis"], 3.0, np.where(net_lk == "Lausitz", 1.5, 0.25))
        w = popularity * geo
        chosen = rng.choice(n_nets, size=min(k, n_nets), replace=False, p=w / w.sum())
        for j in sorted(chosen):
            role = rng.choice(["Mitglied", "Gastgeber", "Leitung"], p=[0.85, 0.1, 0.05])
            rows.append(
                {"akteur_id": a["akteur_id"], "netzwerk_id": nets[j]["netzwerk_id"], "rolle": role}
            )
    mitglied = pd.DataFrame(rows).drop_duplicates(["akteur_id", "netzwerk_id"])
    ids = akteure["akteur_id"].to_numpy()
    koop = []
    for a in ids[: len(ids) // 2]:
        b = ids[rng.integers(len(ids))]
        if b != a:
            koop.append({"von_id": a, "an_id": b, "intensitaet": int(rng.integers(1, 4))})
    kooperationen = pd.DataFrame(koop).drop_duplicates(["von_id", "an_id"])
    return {
        "akteure": akteure.sort_values("akteur_id"),
        "netzwerke": netzwerke.sort_values("netzwerk_id"),
        "mitgliedschaften": mitglied.sort_values(["akteur_id", "netzwerk_id"]),
        "kooperationen": kooperationen.sort_values(["von_id", "an_id"]),
    }


def write_processed(data_dir: Path, wave: str, tables: dict[str, pd.DataFrame]) -> None:
    folder = data_dir / "processed" / wave
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_csv(folder / f"{name}.csv", index=False, encoding="utf-8", lineterminator="\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--backends", nargs="+", default=["igraph", "networkx"])
    ap.add_argument("--repeat", type=int, default=1, help="runs per cell (best is reported)")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        for scale in args.scales:
            wave = f"bench{scale}"
            tables = generate(scale)
            write_processed(data, wave, tables)
            size = (
                len(tables["akteure"]),
                len(tables["netzwerke"]),
                len(tables["mitgliedschaften"]),
            )
            row = {
                "scale": scale,
                "akteure": size[0],
                "netzwerke": size[1],
                "mitgliedschaften": size[2],
            }
            for backend in args.backends:
                best = float("inf")
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    res = analyse_wave(data, wave, backend=backend)
                    best = min(best, time.perf_counter() - t0)
                row[f"{backend} [s]"] = round(best, 2)
                row["partnerschaften"] = int(
                    res["kennzahlen_gesamt"]
                    .set_index("kennzahl")
                    .at["anzahl_partnerschaften", "wert"]
                )
                print(f"scale {scale:>3} {backend:<9} {best:8.2f} s", flush=True)
            results.append(row)
    print()
    print(pd.DataFrame(results).to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
