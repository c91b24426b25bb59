"""The README's section on large waves states the thresholds of the code."""

from __future__ import annotations

import re

from bildungsnetz import parallel, pipeline
from bildungsnetz.analysis import backtest
from bildungsnetz.analysis.findings import DUPLICATE_MAX_Q
from bildungsnetz.analysis.measures import communities, groups, ranks
from bildungsnetz.report import narrative
from bildungsnetz.report.netmap import detail
from bildungsnetz.text import german_number
from conftest import REPO


def _section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(f"### {title}\n")
    end = text.index("\n## ", start)
    return re.sub(r"\s+", " ", text[start:end])


def test_large_wave_section_names_the_thresholds_of_the_code():
    text = _section("Große Wellen")
    n = lambda value: german_number(value, 0)  # noqa: E731
    assert (
        f"Ab {n(detail.ALL_ACTORS)} Akteuren werden die {n(detail.TOP_ACTORS)} wichtigsten" in text
    )
    assert f"bis zu {n(detail.TOP_NETWORKS)} Netzwerke gezeichnet" in text
    assert f"ab {n(parallel.PARALLEL_MIN_ACTORS)} Akteuren in einem zweiten Prozess" in text
    assert (
        f"{communities.STABILITY_MAX_RUNS} Wiederholungen bei einer Region, bei großen Wellen "
        f"weniger, mindestens {communities.STABILITY_MIN_RUNS}"
    ) in text
    mantissa = german_number(ranks.TOTAL_WORK / 1e8, 1)
    assert f"höchstens {mantissa}·10⁸ Rechenschritte" in text
    assert f"Über {backtest.MAX_CANDIDATES // 1_000_000} Millionen möglichen Paaren" in text
    assert f"Standard 30 Minuten = {german_number(pipeline.DEFAULT_TIMEOUT, 0)} s" in text


def test_uncertainty_section_names_the_rules_of_the_code():
    text = _section("Wie sicher sind die Ergebnisse?")
    assert ranks.DROP_FRACTION == 0.25 and "ohne ein zufällig gewähltes Viertel" in text
    assert f"in {round(ranks.LEVEL * 10)} von 10 Wiederholungen" in text
    assert f"q ≤ {german_number(DUPLICATE_MAX_Q, 2)}" in text
    assert f"p-Wert aus {groups.EI_PERMUTATIONS} zufälligen Neuverteilungen" in text
    bands = [low for low, _ in narrative.STABILITY_WORDS if low]
    words = [word for low, word in narrative.STABILITY_WORDS if low]
    said = ", ".join(f"ab {low} % {word}" for low, word in zip(bands, words))
    assert said in text
