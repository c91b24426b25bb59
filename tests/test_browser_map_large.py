"""A country-sized map (20,000 actors) in headless Chromium: it becomes interactive, draws a
bounded level of detail, says so in German, and the search still reaches a hidden actor.

The wave is generated here from a small model (no demo pipeline); the network layout is
replaced by a cheap spiral (the layout is not what this test is about, and FR on 22,000 nodes
would take most of its time). No timing is asserted: speed belongs in ``make bench``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bildungsnetz.report.netmap import detail
from test_browser import OfflinePage, _wait_for_map, browser  # noqa: F401 - browser: fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

N_ACTORS = 20_000
N_NETWORKS = 2_000


def large_wave(seed: int = 5) -> tuple[pd.DataFrame, ...]:
    """Actors in 1–4 networks with a heavy-tailed popularity, two districts, measures."""
    rng = np.random.default_rng(seed)
    actor_ids = [f"A{i:08x}" for i in range(N_ACTORS)]
    net_ids = [f"N{j:08x}" for j in range(N_NETWORKS)]
    cottbus = rng.random(N_ACTORS) < 0.5
    akteure = pd.DataFrame(
        {
            "akteur_id": actor_ids,
            "akteur": [f"Einrichtung {i}" for i in range(N_ACTORS)],
            "anzeigename": [f"Einrichtung {i}" for i in range(N_ACTORS)],
            "veroeffentlichen": "ja",
            "kategorie": np.where(rng.random(N_ACTORS) < 0.3, "Schule", "Bildungsträger"),
            "landkreis": np.where(cottbus, "Cottbus", "Görlitz"),
            "lat": np.where(cottbus, 51.76, 51.15) + rng.normal(0, 0.05, N_ACTORS),
            "lon": np.where(cottbus, 14.33, 14.99) + rng.normal(0, 0.05, N_ACTORS),
        }
    )
    netzwerke = pd.DataFrame(
        {
            "netzwerk_id": net_ids,
            "netzwerk": [f"Arbeitskreis {j}" for j in range(N_NETWORKS)],
            "themen": "Ausbildung",
        }
    )
    popularity = rng.pareto(1.2, N_NETWORKS) + 1
    popularity /= popularity.sum()
    actor_of = np.repeat(np.arange(N_ACTORS), rng.integers(1, 5, N_ACTORS))
    net_of = rng.choice(N_NETWORKS, size=len(actor_of), p=popularity)
    pairs = np.unique(np.column_stack([actor_of, net_of]), axis=0)
    mitgliedschaften = pd.DataFrame(
        {
            "akteur_id": np.array(actor_ids)[pairs[:, 0]],
            "netzwerk_id": np.array(net_ids)[pairs[:, 1]],
            "rolle": "Mitglied",
        }
    )
    degree = np.bincount(pairs[:, 0], minlength=N_ACTORS)
    kennzahlen = pd.DataFrame(
        {
            "akteur_id": actor_ids,
            "akteur": akteure["anzeigename"],
            "anzahl_netzwerke": degree,
            "pagerank": (degree + rng.random(N_ACTORS)) / (degree.sum() + N_ACTORS),
        }
    )
    return akteure, netzwerke, mitgliedschaften, kennzahlen


def _spiral(n, edges, seed):
    from bildungsnetz.report.netmap.layout import _sunflower

    return _sunflower(n, 20.0)


@pytest.fixture(scope="module")
def large_map(tmp_path_factory):
    from bildungsnetz.report import netmap
    from bildungsnetz.report.netmap import layout

    patch = pytest.MonkeyPatch()
    patch.setattr(layout, "network_layout", _spiral)
    try:
        path = tmp_path_factory.mktemp("grosse_karte") / "netzwerkkarte.html"
        netmap.write_map(path, *large_wave(), title="Große Karte", synthetic=True)
    finally:
        patch.undo()
    return path


def test_large_map_is_interactive_bounded_and_searchable(browser, large_map):  # noqa: F811
    seite = OfflinePage(browser, large_map, viewport=(1366, 800))
    page = seite.page
    try:
        _wait_for_map(page)
        bound = detail.TOP_ACTORS + detail.TOP_NETWORKS
        drawn = page.evaluate("() => netzwerkkarte.nodes.length")
        assert drawn <= bound
        assert page.evaluate("() => netzwerkkarte.daten.knoten.length") == N_ACTORS + N_NETWORKS
        hint = page.locator("#bn-detail")
        assert hint.is_visible()
        assert hint.inner_text() == (
            "Gezeigt: die 500 wichtigsten von 20.000 Akteuren und 1.000 von 2.000 "
            "Netzwerken; die Suche findet alle."
        )
        # a hidden actor: not drawn at the start
        x = page.evaluate(
            "() => { const k = netzwerkkarte.daten.knoten, g = netzwerkkarte.gezeichnet;"
            " for (let i = k.length - 1; i >= 0; i--) {"
            "   if (k[i].t === 'a' && !g[i] && k[i].netze.length > 1) { return i; } }"
            " return -1; }"
        )
        assert x >= 0
        actor = page.evaluate(f"() => netzwerkkarte.daten.knoten[{x}]")
        assert page.evaluate(f"() => netzwerkkarte.nodes.get('{actor['id']}')") is None
        # the suggestions list offers matching names as one types, a few at a time
        page.fill("#bn-suche", actor["name"][:-1])
        options = page.evaluate(
            "() => Array.from(document.querySelectorAll('#bn-namen option')).map(o => o.value)"
        )
        assert 0 < len(options) <= 30 and actor["name"] in options
        page.fill("#bn-suche", actor["name"])
        page.press("#bn-suche", "Enter")
        assert page.evaluate("() => netzwerkkarte.network.getSelectedNodes()") == [actor["id"]]
        node = page.evaluate(f"() => netzwerkkarte.nodes.get('{actor['id']}')")
        assert node is not None and not node["hidden"]
        nets = page.evaluate(
            f"() => netzwerkkarte.daten.knoten[{x}].netze.map("
            " j => netzwerkkarte.daten.netze[j].id)"
        )
        for net_id in nets:  # its networks are drawn, each linked to it
            assert page.evaluate(f"() => netzwerkkarte.nodes.get('{net_id}')") is not None
            assert (
                page.evaluate(
                    f"() => netzwerkkarte.edges.get({{filter: e => e.from === '{actor['id']}'"
                    f" && e.to === '{net_id}' && !e.hidden}}).length"
                )
                == 1
            )
        assert "hinzugefügt" in page.inner_text("#bn-suche-status")
        # counts in German format (the filter status)
        page.evaluate("() => netzwerkkarte.setzeFilter('landkreis', 'Cottbus')")
        assert "von 20.000 Akteuren" in page.inner_text("#bn-f-status")
        page.evaluate("() => netzwerkkarte.filterZuruecksetzen()")
        assert page.inner_text("#bn-info-inhalt h3") == actor["name"]
        assert page.evaluate("() => netzwerkkarte.nodes.length") <= bound + 1 + len(nets)
        seite.assert_clean()
    finally:
        seite.close()
