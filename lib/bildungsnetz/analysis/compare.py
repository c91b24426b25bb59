"""Development over waves: who joined, left or stayed, how ranks moved, which suggestions came true.

Who joined, left or stayed, how districts grew, how ranks moved, and which cooperation
potentials of an earlier wave were realised later. Identity across waves is the stable id of
the cleaning step (``akteur_id``, ``netzwerk_id``): an institution renamed through the alias
table keeps its id and so counts as staying.

Only waves with complete results are compared (:func:`wave_problem`); :class:`WaveSeries`
holds them, and the ``*_over_waves`` functions give the tables of the comparison report.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from bildungsnetz.analysis.findings import top_per_kind
from bildungsnetz.analysis.keyfigures import RURAL, URBAN
from bildungsnetz.analysis.keyfigures import urban_shares as wave_urban_shares
from bildungsnetz.config import processed_dir
from bildungsnetz.ingest.processed import load_tables

__all__ = [
    "STATUS_ORDER",
    "GESAMT_SHOWN",
    "FAILED_REASON",
    "load_wave",
    "entity_status",
    "status_table",
    "status_counts",
    "membership_changes",
    "counts_per_wave",
    "growth",
    "networks_per_actor",
    "history_dict",
    "rank_table",
    "hub_changes",
    "realised_potentials",
    "precision",
    "history_for_wave",
    "wave_problem",
    "wave_is_complete",
    "WaveSeries",
    "figures_over_waves",
    "changes_over_waves",
    "first_last_status",
    "potentials_realised_over_waves",
    "growth_by",
    "ranks_over_waves",
    "URBAN",
    "RURAL",
    "percent_change",
    "size_over_waves",
    "summary_over_waves",
    "urban_shares",
    "previous_complete_wave",
    "top_ranked",
    "top_newcomers",
    "pair_baseline",
    "membership_baseline",
    "suggestions_against_chance",
]

#: The status of an actor or network between two waves, in display order.
STATUS_ORDER = ["neu", "geblieben", "ausgeschieden"]
#: Label of a missing group value in counts.
UNKNOWN = "(unbekannt)"


def load_wave(
    data_dir: Path,
    wave: str,
    names: Sequence[str] = ("akteure", "netzwerke", "mitgliedschaften"),
    optional: Sequence[str] = (),
) -> dict[str, pd.DataFrame | None]:
    """Processed tables of one wave (see :func:`bildungsnetz.ingest.processed.load_tables`).

    Parameters
    ----------
    data_dir : path
        The data folder.
    wave : str
        Wave name.
    names : sequence of str
        Tables that must be there.
    optional : sequence of str, optional
        Tables that may be missing (None then).

    Returns
    -------
    dict
        Table name → DataFrame with every column as text, or None.
    """
    return load_tables(data_dir, wave, names, optional)


def _load_required(data_dir: Path, wave: str, names: Sequence[str]) -> dict[str, pd.DataFrame]:
    """Tables of one wave that must all be there (a missing one is an error)."""
    tables = load_tables(data_dir, wave, names)
    return {name: frame for name, frame in tables.items() if frame is not None}


def entity_status(before: Iterable, after: Iterable) -> dict[str, set]:
    """Split ids into ``neu`` (only after), ``geblieben`` (both), ``ausgeschieden`` (only before).

    Examples
    --------
    >>> entity_status(["A1", "A2"], ["A2", "A3"])
    {'neu': {'A3'}, 'geblieben': {'A2'}, 'ausgeschieden': {'A1'}}
    """
    a, b = set(before), set(after)
    return {"neu": b - a, "geblieben": a & b, "ausgeschieden": a - b}


def status_table(before: pd.DataFrame, after: pd.DataFrame, id_col: str) -> pd.DataFrame:
    """One row per entity present in either wave, with its ``status`` and its facts.

    The facts come from the later wave where the entity exists, else from the earlier.

    Parameters
    ----------
    before, after : pandas.DataFrame
        The table (e.g. ``akteure``) of the earlier and the later wave.
    id_col : str
        The id column.

    Returns
    -------
    pandas.DataFrame
        The rows of both, ``status`` (categorical, :data:`STATUS_ORDER`) added, sorted by
        status and id.
    """
    status = entity_status(before[id_col], after[id_col])
    facts = pd.concat([after, before[~before[id_col].isin(after[id_col])]], ignore_index=True)
    facts = facts.drop_duplicates(id_col)
    label = {i: s for s, ids in status.items() for i in ids}
    facts["status"] = facts[id_col].map(label)
    facts["status"] = pd.Categorical(facts["status"], STATUS_ORDER, ordered=True)
    return facts.sort_values(["status", id_col]).reset_index(drop=True)


def status_counts(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts of neu/geblieben/ausgeschieden, overall or per value of ``by``.

    Parameters
    ----------
    table : pandas.DataFrame
        A :func:`status_table`.
    by : str, optional
        Column to group by (missing values count as ``"(unbekannt)"``).

    Returns
    -------
    pandas.DataFrame
        One row (overall) or one row per value of ``by``, a column per status.
    """
    if by is None:
        counts = table["status"].value_counts().reindex(STATUS_ORDER, fill_value=0)
        return counts.to_frame("anzahl").T.reset_index(drop=True)
    keyed = table.assign(**{by: table[by].replace("", UNKNOWN)})
    counts = keyed.groupby([by, "status"], observed=False).size().unstack(fill_value=0)
    counts = counts.reindex(columns=STATUS_ORDER, fill_value=0)
    counts.columns.name = None
    return counts.reset_index().sort_values(by).reset_index(drop=True)


def membership_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Memberships gained, lost and kept between two waves.

    Parameters
    ----------
    before, after : pandas.DataFrame
        The ``mitgliedschaften`` of the earlier and the later wave.

    Returns
    -------
    dict
        ``"gewonnen"``, ``"verloren"``, ``"geblieben"``: DataFrames of ``akteur_id``,
        ``netzwerk_id`` pairs.
    """
    key = ["akteur_id", "netzwerk_id"]
    b = before[key].drop_duplicates()
    a = after[key].drop_duplicates()
    merged = b.merge(a, on=key, how="outer", indicator=True)
    return {
        "gewonnen": merged[merged["_merge"] == "right_only"][key].reset_index(drop=True),
        "verloren": merged[merged["_merge"] == "left_only"][key].reset_index(drop=True),
        "geblieben": merged[merged["_merge"] == "both"][key].reset_index(drop=True),
    }


def counts_per_wave(actors_by_wave: Mapping[str, pd.DataFrame], by: str) -> pd.DataFrame:
    """Number of actors per value of ``by`` (e.g. landkreis, raumtyp) in each wave.

    Parameters
    ----------
    actors_by_wave : mapping
        Wave → ``akteure`` table.
    by : str
        Column to count by (missing values count as ``"(unbekannt)"``).

    Returns
    -------
    pandas.DataFrame
        Rows = values (sorted), columns = waves.
    """
    frames = []
    for wave, actors in actors_by_wave.items():
        values = actors[by].replace("", UNKNOWN)
        frames.append(values.value_counts().rename(wave))
    table = pd.concat(frames, axis=1).fillna(0).astype(int)
    table.index.name = by
    return table.sort_index()


def growth(table: pd.DataFrame) -> pd.DataFrame:
    """Absolute and relative growth from the first to the last wave of a :func:`counts_per_wave`.

    Returns
    -------
    pandas.DataFrame
        ``table`` with ``veraenderung`` and ``veraenderung_prozent`` (one decimal; NaN where
        the first wave had none).
    """
    first, last = table.columns[0], table.columns[-1]
    out = table.copy()
    out["veraenderung"] = table[last] - table[first]
    out["veraenderung_prozent"] = (
        (table[last] - table[first]) / table[first].where(table[first] > 0) * 100
    ).round(1)
    return out


def networks_per_actor(memberships_by_wave: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Number of networks of each actor in each wave (feeds the timeline of the map).

    Returns
    -------
    pandas.DataFrame
        Rows = ``akteur_id`` (sorted), columns = waves; 0 where the actor is absent.
    """
    frames = [m.groupby("akteur_id").size().rename(wave) for wave, m in memberships_by_wave.items()]
    table = pd.concat(frames, axis=1).fillna(0).astype(int)
    table.index.name = "akteur_id"
    return table.sort_index()


def history_dict(table: pd.DataFrame, present: Mapping[str, set] | None = None) -> dict[str, dict]:
    """``{akteur_id: {wave: networks}}`` from a :func:`networks_per_actor` table.

    With ``present`` (wave → ids in that wave) absent actors get ``None`` instead of 0.
    """
    history = {}
    for actor_id, row in table.iterrows():
        history[actor_id] = {
            wave: (None if present is not None and actor_id not in present[wave] else int(value))
            for wave, value in row.items()
        }
    return history


def rank_table(
    measures_by_wave: Mapping[str, pd.DataFrame],
    measure: str = "pagerank",
    top: int = 15,
    id_col: str = "akteur_id",
    name_col: str = "akteur",
) -> pd.DataFrame:
    """Rank of every actor that is in the top ``top`` of any wave, in every wave.

    Rank 1 = highest ``measure``; ties are broken by id so ranks are reproducible.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``id_col``: ``name_col`` and one rank column per wave (NaN where
        absent), sorted by the rank in the last wave.
    """
    ranks, names = {}, {}
    for wave, frame in measures_by_wave.items():
        ordered = frame.assign(_m=pd.to_numeric(frame[measure], errors="coerce"))
        ordered = ordered.sort_values(["_m", id_col], ascending=[False, True])
        ranks[wave] = pd.Series(range(1, len(ordered) + 1), index=ordered[id_col].values)
        names.update(dict(zip(ordered[id_col], ordered[name_col])))
    table = pd.DataFrame(ranks)
    keep = (table <= top).any(axis=1)
    table = table[keep]
    table.insert(0, name_col, [names[i] for i in table.index])
    table.index.name = id_col
    last = list(measures_by_wave)[-1]
    return table.sort_values([last, name_col], na_position="last")


def hub_changes(ranks: pd.DataFrame, top: int = 15) -> dict[str, list[str]]:
    """Newcomers among the hubs and hubs that faded, between the first and the last wave.

    Returns
    -------
    dict
        ``"neu_unter_den_zentralen"``: names in the top ``top`` of the last wave, not of
        the first; ``"nicht_mehr_zentral"``: the other way round.
    """
    waves = [c for c in ranks.columns if c != ranks.columns[0]]
    first, last = waves[0], waves[-1]
    in_first = ranks[first] <= top
    in_last = ranks[last] <= top
    name = ranks.columns[0]
    return {
        "neu_unter_den_zentralen": sorted(ranks[in_last & ~in_first][name]),
        "nicht_mehr_zentral": sorted(ranks[in_first & ~in_last][name]),
    }


def realised_potentials(
    potentials: pd.DataFrame,
    later_memberships: pd.DataFrame,
    later_actors: pd.DataFrame,
    *,
    a_col: str,
    b_col: str,
    kind_col: str | None = None,
    network_kind: str | None = None,
) -> pd.DataFrame:
    """Mark each suggested cooperation of an earlier wave as realised or not in a later wave.

    An actor pair counts as realised when both actors are co-members of at least one network
    in the later wave; an actor→network suggestion when the actor is a member of that
    network. Suggestions whose actor no longer exists in the later wave are
    ``nicht prüfbar``.

    Parameters
    ----------
    potentials : pandas.DataFrame
        The suggestions of the earlier wave.
    later_memberships, later_actors : pandas.DataFrame
        ``mitgliedschaften`` and ``akteure`` of the later wave.
    a_col, b_col : str
        The actor id and the partner id (actor or network) columns.
    kind_col, network_kind : str, optional
        Which rows are actor→network suggestions (``row[kind_col] == network_kind``).

    Returns
    -------
    pandas.DataFrame
        ``potentials`` with ``status_spaeter`` (``umgesetzt``/``offen``/``nicht prüfbar``)
        and ``gemeinsame_netzwerke_spaeter`` (``;``-joined).
    """
    members = later_memberships[["akteur_id", "netzwerk_id"]]
    networks_of = members.groupby("akteur_id")["netzwerk_id"].apply(set).to_dict()
    present = set(later_actors["akteur_id"])
    status, shared = [], []
    for row in potentials.to_dict("records"):
        a, b = row[a_col], row[b_col]
        to_network = kind_col is not None and row.get(kind_col) == network_kind
        if a not in present or (not to_network and b not in present):
            status.append("nicht prüfbar")
            shared.append("")
            continue
        if to_network:
            ok = b in networks_of.get(a, set())
            common = {b} if ok else set()
        else:
            common = networks_of.get(a, set()) & networks_of.get(b, set())
            ok = bool(common)
        status.append("umgesetzt" if ok else "offen")
        shared.append(";".join(sorted(common)))
    out = potentials.copy()
    out["status_spaeter"] = status
    out["gemeinsame_netzwerke_spaeter"] = shared
    return out


def precision(realised: pd.DataFrame) -> dict[str, float | int]:
    """Share of checkable suggestions that were realised.

    Returns
    -------
    dict
        ``vorschlaege``, ``pruefbar``, ``umgesetzt`` (counts) and ``praezision``
        (NaN when nothing was checkable).
    """
    checkable = realised[realised["status_spaeter"] != "nicht prüfbar"]
    hits = int((checkable["status_spaeter"] == "umgesetzt").sum())
    total = int(len(checkable))
    return {
        "vorschlaege": int(len(realised)),
        "pruefbar": total,
        "umgesetzt": hits,
        "praezision": (hits / total) if total else float("nan"),
    }


def history_for_wave(data_dir: Path, wave: str) -> dict[str, dict]:
    """``{akteur_id: {wave: networks}}`` over this and all earlier processed waves.

    For the timeline in the map's tooltip. Earlier waves without complete results
    (:func:`wave_is_complete`) are left out, so that a broken folder cannot break the map.
    """
    from bildungsnetz.ingest.files import list_waves

    data_dir = Path(data_dir)
    waves = [
        w
        for w in list_waves(data_dir)
        if w <= str(wave)
        and (processed_dir(data_dir, w) / "mitgliedschaften.csv").exists()
        and (w == str(wave) or wave_is_complete(data_dir, w))
    ]
    members, present = {}, {}
    for w in waves:
        tables = _load_required(data_dir, w, ("akteure", "mitgliedschaften"))
        members[w] = tables["mitgliedschaften"]
        present[w] = set(tables["akteure"]["akteur_id"])
    if not members:
        return {}
    return history_dict(networks_per_actor(members), present)


# --------------------------------------------------------------------------------------------
# a series of waves, as the comparison report shows it

#: Whole-network figures compared over waves: ``kennzahl`` → column label of the report.
GESAMT_SHOWN = {
    "anzahl_akteure": "Akteure",
    "anzahl_netzwerke": "Netzwerke",
    "anzahl_mitgliedschaften": "Mitgliedschaften",
    "dichte_akteure": "Dichte (Akteure)",
    "zentralisierung_akteure": "Zentralisierung",
    "modularitaet": "Modularität",
    "ei_landkreis": "E-I Landkreise",
    "ei_bundesland": "E-I Länder",
    "ei_ebene": "E-I Ebenen",
    "ei_raumtyp": "E-I Stadt/Land",
    "befragt_anteil": "Anteil selbst geantwortet",
}


def _required_tables() -> dict[str, list[str]]:
    """Every processed table a compared wave must have, with the columns that must be in it.

    The wave report's map of the newest wave needs the cleaning log and review list too.
    """
    from bildungsnetz.analysis.findings import DUPLICATE_COLUMNS, POTENTIAL_COLUMNS
    from bildungsnetz.analysis.tables import ACTOR_COLUMNS, NETWORK_COLUMNS, SUMMARY_COLUMNS
    from bildungsnetz.ingest.clean import (
        AKTEURE_COLUMNS,
        LOG_COLUMNS,
        MITGLIEDSCHAFTEN_COLUMNS,
        NETZWERKE_COLUMNS,
        REVIEW_COLUMNS,
    )

    return {
        "akteure": AKTEURE_COLUMNS,
        "netzwerke": NETZWERKE_COLUMNS,
        "mitgliedschaften": MITGLIEDSCHAFTEN_COLUMNS,
        "bereinigung": LOG_COLUMNS,
        "dubletten_pruefen": REVIEW_COLUMNS,
        "kennzahlen_akteure": ACTOR_COLUMNS,
        "kennzahlen_netzwerke": NETWORK_COLUMNS,
        "kennzahlen_gesamt": SUMMARY_COLUMNS,
        "potenziale": POTENTIAL_COLUMNS,
        "doppelstrukturen": DUPLICATE_COLUMNS,
        "gemeinschaften": ["community", "anzahl_akteure"],
        "mischungsmatrizen": ["attribut", "gruppe_a", "gruppe_b", "anzahl"],
    }


def wave_problem(data_dir: Path, wave: str) -> str | None:
    """Why a wave has no complete results (a German clause that fits after „weil“), or None.

    Complete means: every cleaned table and every analysis table of the wave
    (:func:`_required_tables`) is there, readable as UTF-8 CSV and has its columns, and the
    measures belong to the cleaned tables (same actor and network ids – otherwise they are
    left over from an earlier run).
    """
    folder = processed_dir(data_dir, wave)
    if not folder.is_dir():
        return "sie noch nicht ausgewertet ist"
    tables = {}
    for name, columns in _required_tables().items():
        path = folder / f"{name}.csv"
        if not path.is_file():
            return f"die Datei {name}.csv fehlt"
        try:
            tables[name] = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except Exception:  # empty, not UTF-8, not CSV: all mean "not usable"
            return f"die Datei {name}.csv nicht lesbar ist"
        missing = [c for c in columns if c not in tables[name].columns]
        if missing:
            return f"in der Datei {name}.csv die Spalte „{missing[0]}“ fehlt"
    for measures, cleaned, id_col in (
        ("kennzahlen_akteure", "akteure", "akteur_id"),
        ("kennzahlen_netzwerke", "netzwerke", "netzwerk_id"),
    ):
        if set(tables[measures][id_col]) != set(tables[cleaned][id_col]):
            return (
                f"die Kennzahlen in {measures}.csv nicht zu den bereinigten Tabellen "
                "passen (veraltete oder abgebrochene Auswertung)"
            )
    return None


def wave_is_complete(data_dir: Path, wave: str) -> bool:
    """Whether the wave has complete, readable results (see :func:`wave_problem`).

    Only such waves are compared.
    """
    return wave_problem(data_dir, wave) is None


#: Why a wave that failed in this run is not compared (a clause that fits after „weil“).
FAILED_REASON = "sie bei der letzten Ausführung fehlgeschlagen ist"


class WaveSeries:
    """Processed tables and analysis results of several waves, oldest first.

    Only waves with complete results (:func:`wave_is_complete`) and not named in ``failed``
    are compared (``waves``); the others are in ``skipped`` (wave → German reason, a clause
    that fits after „weil“).

    Parameters
    ----------
    data_dir : path
        The data folder.
    waves : list of str
        The waves to consider.
    failed : iterable of str, optional
        Waves that failed in this run.
    """

    def __init__(self, data_dir: Path, waves: Iterable[str], *, failed: Iterable[str] = ()):
        self.data_dir = Path(data_dir)
        failed_waves = {str(w) for w in failed}
        self.skipped: dict[str, str] = {}
        usable = []
        for wave in sorted(str(w) for w in waves):
            problem = FAILED_REASON if wave in failed_waves else wave_problem(self.data_dir, wave)
            if problem:
                self.skipped[wave] = problem
            else:
                usable.append(wave)
        self.waves = usable
        self.tables = {
            w: _load_required(
                self.data_dir,
                w,
                (
                    "akteure",
                    "netzwerke",
                    "mitgliedschaften",
                    "kennzahlen_akteure",
                    "kennzahlen_gesamt",
                    "potenziale",
                ),
            )
            for w in self.waves
        }
        #: Results computed once per build and shared by the page and its workbook
        #: (e.g. the back-test), by name.
        self.results: dict[str, object] = {}

    @property
    def enough(self) -> bool:
        """At least two waves to compare."""
        return len(self.waves) >= 2

    def pairs(self) -> list[tuple[str, str]]:
        """Consecutive compared waves: ``[(w1, w2), (w2, w3), ...]``."""
        return list(zip(self.waves, self.waves[1:]))

    def table(self, wave: str, name: str) -> pd.DataFrame:
        """Table ``name`` (e.g. ``"akteure"``) of a compared wave."""
        return self.tables[wave][name]


def figures_over_waves(series: WaveSeries) -> pd.DataFrame:
    """Whole-network figures per wave (:data:`GESAMT_SHOWN`).

    Returns
    -------
    pandas.DataFrame
        One row per wave (``Welle``), a column per figure under its report label; counts
        as integers, undefined figures NaN.
    """
    rows = []
    for wave in series.waves:
        values = series.table(wave, "kennzahlen_gesamt").set_index("kennzahl")["wert"]
        row: dict[str, str | float] = {"Welle": wave}
        for key, label in GESAMT_SHOWN.items():
            if key in values.index:
                # an undefined figure (e.g. the E-I index of a single group) is stored empty
                number = float(pd.to_numeric(pd.Series([values[key]]), errors="coerce").iloc[0])
                row[label] = (
                    int(number) if key.startswith("anzahl") and math.isfinite(number) else number
                )
        rows.append(row)
    return pd.DataFrame(rows)


def changes_over_waves(series: WaveSeries, kind: str = "akteure") -> pd.DataFrame:
    """For each pair of consecutive waves: how many actors (or networks) joined, stayed, left.

    With ``kind="mitgliedschaften"``: memberships gained (``neu``), kept, lost
    (``beendet``).
    """
    rows = []
    for before, after in series.pairs():
        if kind == "mitgliedschaften":
            ch = membership_changes(series.table(before, kind), series.table(after, kind))
            rows.append(
                {
                    "von": before,
                    "bis": after,
                    "neu": len(ch["gewonnen"]),
                    "geblieben": len(ch["geblieben"]),
                    "beendet": len(ch["verloren"]),
                }
            )
            continue
        id_col = "akteur_id" if kind == "akteure" else "netzwerk_id"
        status = entity_status(
            series.table(before, kind)[id_col], series.table(after, kind)[id_col]
        )
        rows.append({"von": before, "bis": after, **{k: len(v) for k, v in status.items()}})
    return pd.DataFrame(rows)


def first_last_status(series: WaveSeries, kind: str = "akteure") -> pd.DataFrame:
    """Status of every actor (or network) between the first and the last wave.

    Actors are named by their publishable ``anzeigename`` (column ``akteur``).
    """
    id_col = "akteur_id" if kind == "akteure" else "netzwerk_id"
    first, last = series.waves[0], series.waves[-1]
    table = status_table(series.table(first, kind), series.table(last, kind), id_col)
    if kind == "akteure":
        table = table.drop(columns=["akteur"]).rename(columns={"anzeigename": "akteur"})
    return table


def potentials_realised_over_waves(
    series: WaveSeries, top: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Check each wave's cooperation potentials against the next wave.

    Parameters
    ----------
    series : WaveSeries
        The compared waves.
    top : int, optional
        Check only the ``top`` best suggestions of each kind.

    Returns
    -------
    summary : pandas.DataFrame
        One row per pair of waves and kind (``alle`` and each ``art``): suggestions,
        checkable, realised, precision (:func:`precision`).
    details : pandas.DataFrame
        The realised suggestions, with ``von``/``bis``.
    """
    summary, details = [], []
    for before, after in series.pairs():
        pot = series.table(before, "potenziale")
        if top is not None:
            pot = top_per_kind(pot, top)
        marked = realised_potentials(
            pot,
            series.table(after, "mitgliedschaften"),
            series.table(after, "akteure"),
            a_col="id_a",
            b_col="id_b",
            kind_col="art",
            network_kind="akteur_netzwerk",
        )
        for kind, part in [("alle", marked)] + list(marked.groupby("art")):
            p = precision(part)
            summary.append({"von": before, "bis": after, "art": kind, **p})
        hits = marked[marked["status_spaeter"] == "umgesetzt"].assign(von=before, bis=after)
        details.append(hits)
    detail = (
        pd.concat(details, ignore_index=True) if details else pd.DataFrame(columns=["von", "bis"])
    )
    return pd.DataFrame(summary), detail


def growth_by(series: WaveSeries, by: str) -> pd.DataFrame:
    """Actors per value of ``by`` in each wave with the change first → last (:func:`growth`)."""
    table = counts_per_wave({w: series.table(w, "akteure") for w in series.waves}, by)
    return growth(table).reset_index()


def ranks_over_waves(series: WaveSeries, measure: str = "pagerank", top: int = 10) -> pd.DataFrame:
    """Ranks of the leading actors by ``measure`` in every compared wave (:func:`rank_table`)."""
    return rank_table(
        {w: series.table(w, "kennzahlen_akteure") for w in series.waves}, measure=measure, top=top
    )


# --------------------------------------------------------------------------------------------
# the numbers behind the key findings of the comparison page


def percent_change(before: float, after: float) -> float:
    """Relative change from ``before`` to ``after`` in percent.

    NaN when ``before`` is 0 or either value is undefined.

    Examples
    --------
    >>> percent_change(200, 250)
    25.0
    >>> math.isnan(percent_change(0, 3))
    True
    """
    try:
        b, a = float(before), float(after)
    except (TypeError, ValueError):
        return float("nan")
    if not (math.isfinite(b) and math.isfinite(a)) or b == 0:
        return float("nan")
    return (a - b) / b * 100.0


def size_over_waves(series: WaveSeries) -> pd.DataFrame:
    """Number of actors, networks and memberships in each compared wave.

    Rule: rows of the cleaned tables ``akteure`` and ``netzwerke`` and distinct
    (actor, network) pairs of ``mitgliedschaften`` – the same counts as ``anzahl_*`` in
    ``kennzahlen_gesamt``, but computed from the cleaned tables so that they are there even
    when a summary figure is not.

    Returns
    -------
    pandas.DataFrame
        Indexed by wave (oldest first): ``akteure``, ``netzwerke``, ``mitgliedschaften``
        (int).
    """
    rows = []
    for wave in series.waves:
        members = series.table(wave, "mitgliedschaften")
        rows.append(
            {
                "welle": wave,
                "akteure": int(series.table(wave, "akteure")["akteur_id"].nunique()),
                "netzwerke": int(series.table(wave, "netzwerke")["netzwerk_id"].nunique()),
                "mitgliedschaften": int(
                    len(members[["akteur_id", "netzwerk_id"]].drop_duplicates())
                ),
            }
        )
    frame = pd.DataFrame(rows, columns=["welle", "akteure", "netzwerke", "mitgliedschaften"])
    return frame.set_index("welle")


def summary_over_waves(series: WaveSeries, keys: Sequence[str]) -> pd.DataFrame:
    """Whole-network figures ``keys`` (names of ``kennzahlen_gesamt.kennzahl``) per wave.

    Returns
    -------
    pandas.DataFrame
        Indexed by wave (oldest first), one float column per key; NaN where a wave does not
        have the figure or it is undefined (stored empty).
    """
    rows = {}
    for wave in series.waves:
        table = series.table(wave, "kennzahlen_gesamt")
        values = dict(zip(table["kennzahl"], pd.to_numeric(table["wert"], errors="coerce")))
        rows[wave] = {key: float(values.get(key, float("nan"))) for key in keys}
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(keys), dtype=float)
    frame.index.name = "welle"
    return frame


def urban_shares(series: WaveSeries) -> pd.DataFrame:
    """How urban the actors and the memberships are in each wave.

    Rule (:func:`bildungsnetz.analysis.keyfigures.urban_shares`, applied to each wave): an
    actor is urban when its ``raumtyp`` is ``städtisch``, rural when it is ``ländlich``; actors
    without a known type are left out of both numerator and denominator. A membership takes the
    type of its actor. Shares are fractions (0–1) of the actors (memberships) with a known
    type; NaN when no actor (membership) has one – e.g. a wave without places or without the
    ``raumtyp`` column.

    Returns
    -------
    pandas.DataFrame
        Indexed by wave: ``akteure_bekannt``, ``akteure_staedtisch``,
        ``anteil_akteure_staedtisch``, ``mitgliedschaften_bekannt``,
        ``mitgliedschaften_staedtisch``, ``anteil_mitgliedschaften_staedtisch``.
    """
    rows = []
    for wave in series.waves:
        shares = wave_urban_shares(
            series.table(wave, "akteure"), series.table(wave, "mitgliedschaften")
        )
        rows.append(
            {
                "welle": wave,
                "akteure_bekannt": shares.n_actors,
                "akteure_staedtisch": shares.n_urban_actors,
                "anteil_akteure_staedtisch": shares.actors,
                "mitgliedschaften_bekannt": shares.n_memberships,
                "mitgliedschaften_staedtisch": shares.n_urban_memberships,
                "anteil_mitgliedschaften_staedtisch": shares.memberships,
            }
        )
    return pd.DataFrame(rows).set_index("welle") if rows else pd.DataFrame()


def top_ranked(measures: pd.DataFrame, measure: str = "pagerank", top: int = 10) -> pd.DataFrame:
    """The ``top`` actors of one wave by ``measure``, best first.

    Rule: the same order as :func:`rank_table` (highest value first, ties broken by id);
    actors whose ``measure`` is undefined (NaN) are not ranked.

    Returns
    -------
    pandas.DataFrame
        ``akteur_id``, ``akteur`` (the publishable name of ``kennzahlen_akteure``),
        ``wert`` (float) and ``rang`` (1 = highest).
    """
    if measure not in measures.columns or not len(measures):
        return pd.DataFrame(columns=["akteur_id", "akteur", "wert", "rang"])
    values = pd.to_numeric(measures[measure], errors="coerce")
    frame = pd.DataFrame(
        {
            "akteur_id": measures["akteur_id"].astype(str),
            "akteur": measures["akteur"].astype(str),
            "wert": values.astype(float),
        }
    )
    frame = frame[np.isfinite(frame["wert"])]
    frame = frame.sort_values(["wert", "akteur_id"], ascending=[False, True]).head(top)
    frame["rang"] = range(1, len(frame) + 1)
    return frame.reset_index(drop=True)


def top_newcomers(
    before_measures: pd.DataFrame,
    after_measures: pd.DataFrame,
    measure: str = "pagerank",
    top: int = 10,
) -> pd.DataFrame:
    """The top ``top`` actors of the later wave, each with where it stood in the earlier one.

    Rule: ranks as in :func:`top_ranked`. ``status`` of each actor of the later top list:

    * ``neu_im_netz`` – the actor is not in the earlier wave at all (its id is missing there);
    * ``aufgestiegen`` – present earlier but not among the earlier top ``top``;
    * ``geblieben`` – among the top ``top`` of both waves.

    Newcomers among the top actors are the rows with status ``neu_im_netz`` or
    ``aufgestiegen``.

    Returns
    -------
    pandas.DataFrame
        :func:`top_ranked` of the later wave plus ``rang_vorher`` (rank in the full earlier
        ordering, NaN if absent or unranked) and ``status``.
    """
    after = top_ranked(after_measures, measure, top)
    full_before = top_ranked(before_measures, measure, max(len(before_measures), 1))
    rank_before = dict(zip(full_before["akteur_id"], full_before["rang"]))
    present_before = set(before_measures["akteur_id"].astype(str))
    status = []
    for actor in after["akteur_id"]:
        if actor not in present_before:
            status.append("neu_im_netz")
        elif rank_before.get(actor, top + 1) > top:
            status.append("aufgestiegen")
        else:
            status.append("geblieben")
    after["rang_vorher"] = [float(rank_before.get(a, float("nan"))) for a in after["akteur_id"]]
    after["status"] = status
    return after


def _incidence(members: pd.DataFrame, actors: Sequence[str]) -> sparse.csr_array:
    """Sparse 0/1 matrix actors × networks (networks: those with a member among ``actors``)."""
    index = {a: i for i, a in enumerate(actors)}
    pairs = members[["akteur_id", "netzwerk_id"]].drop_duplicates()
    pairs = pairs[pairs["akteur_id"].isin(index)]
    networks = sorted(set(pairs["netzwerk_id"]))
    column = {n: j for j, n in enumerate(networks)}
    rows = pairs["akteur_id"].map(index).to_numpy(dtype=np.int64)
    cols = pairs["netzwerk_id"].map(column).to_numpy(dtype=np.int64)
    return sparse.coo_array(
        (np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(actors), len(networks))
    ).tocsr()


def _upper_pattern(block: sparse.csr_array, start: int) -> np.ndarray:
    """Linear keys ``i * n + j`` of the stored entries with ``j > i`` of rows ``start:``."""
    block = block.tocoo()
    rows = block.row.astype(np.int64) + start
    cols = block.col.astype(np.int64)
    keep = cols > rows
    return rows[keep] * block.shape[1] + cols[keep]


def pair_baseline(
    before_members: pd.DataFrame,
    after_members: pd.DataFrame,
    before_actors: Iterable[str],
    after_actors: Iterable[str],
    *,
    block_size: int = 1024,
) -> dict[str, float | int]:
    """Chance that a random actor pair without a shared network comes together a wave later.

    Rule (exact, no sampling): take the actors present in both waves (ids in both
    ``akteure`` tables), and among all unordered pairs of them the pairs that share no
    network in the earlier wave (``paare_ohne_netzwerk``). ``neu_verbunden`` is the number of
    these pairs that share at least one network in the later wave; the baseline
    ``zufallsrate = neu_verbunden / paare_ohne_netzwerk`` is the probability that a pair
    picked at random from them is realised – the yardstick for the share of realised
    actor–actor suggestions, which are drawn from the same pairs (suggestions are pairs of
    actors without a shared network; they count as realised when both actors share a network
    in the later wave).

    Counted blockwise with a sparse product of the actor × network incidence, so memory
    grows with the pairs sharing a network within ``block_size`` rows, never with the
    actors squared.

    Returns
    -------
    dict
        ``akteure`` (present in both waves), ``paare`` (all pairs of them),
        ``paare_ohne_netzwerk``, ``neu_verbunden`` (int) and ``zufallsrate`` (float, NaN when
        there is no unconnected pair).

    Examples
    --------
    >>> m1 = pd.DataFrame({"akteur_id": ["A", "B"], "netzwerk_id": ["N1", "N1"]})
    >>> m2 = pd.DataFrame({"akteur_id": ["A", "B", "C"], "netzwerk_id": ["N1", "N1", "N1"]})
    >>> pair_baseline(m1, m2, ["A", "B", "C"], ["A", "B", "C"])["zufallsrate"]
    1.0
    """
    common = sorted(set(map(str, before_actors)) & set(map(str, after_actors)))
    n = len(common)
    pairs = n * (n - 1) // 2
    first = _incidence(before_members, common)
    second = _incidence(after_members, common)
    connected_before = new = 0
    first_t, second_t = first.T.tocsr(), second.T.tocsr()
    for start in range(0, n, block_size):
        stop = min(start + block_size, n)
        # only pairs (i, j) with j > i: each unordered pair once, no self-pairs
        shared_before = _upper_pattern(first[start:stop] @ first_t, start)
        shared_after = _upper_pattern(second[start:stop] @ second_t, start)
        connected_before += len(shared_before)
        new += int(np.count_nonzero(~np.isin(shared_after, shared_before)))
    unconnected = pairs - connected_before
    return {
        "akteure": n,
        "paare": pairs,
        "paare_ohne_netzwerk": unconnected,
        "neu_verbunden": new,
        "zufallsrate": new / unconnected if unconnected else float("nan"),
    }


def membership_baseline(
    before_members: pd.DataFrame,
    after_members: pd.DataFrame,
    before_actors: Iterable[str],
    after_actors: Iterable[str],
    before_networks: Iterable[str],
) -> dict[str, float | int]:
    """Chance that a random actor joins a random network of the earlier wave a wave later.

    Rule (exact): actors present in both waves × networks of the earlier wave, without the
    memberships of the earlier wave (``paare_ohne_mitgliedschaft``); ``neu_beigetreten`` is
    the number of these (actor, network) pairs that are memberships in the later wave;
    ``zufallsrate`` their share – the yardstick for actor→network suggestions, which are drawn
    from the same pairs (a suggestion is checkable when its actor is still there).

    Returns
    -------
    dict
        ``akteure``, ``netzwerke``, ``paare_ohne_mitgliedschaft``, ``neu_beigetreten`` (int)
        and ``zufallsrate`` (NaN when there is no such pair).
    """
    common = set(map(str, before_actors)) & set(map(str, after_actors))
    networks = set(map(str, before_networks))
    key = ["akteur_id", "netzwerk_id"]

    def inside(members: pd.DataFrame) -> set[tuple[str, str]]:
        pairs = members[key].drop_duplicates()
        pairs = pairs[pairs["akteur_id"].isin(common) & pairs["netzwerk_id"].isin(networks)]
        return set(zip(pairs["akteur_id"], pairs["netzwerk_id"]))

    earlier = inside(before_members)
    later = inside(after_members)
    open_pairs = len(common) * len(networks) - len(earlier)
    joined = len(later - earlier)
    return {
        "akteure": len(common),
        "netzwerke": len(networks),
        "paare_ohne_mitgliedschaft": open_pairs,
        "neu_beigetreten": joined,
        "zufallsrate": joined / open_pairs if open_pairs else float("nan"),
    }


def suggestions_against_chance(series: WaveSeries, top: int | None = None) -> pd.DataFrame:
    """Share of each wave's suggestions realised in the next wave, against the random baseline.

    For each pair of consecutive compared waves and each kind of suggestion (``art``:
    ``akteur_akteur``, ``akteur_netzwerk``): the realised share of the checkable suggestions
    (:func:`potentials_realised_over_waves`), the chance that a pair picked at random from
    the same kind of pairs is realised (:func:`pair_baseline`,
    :func:`membership_baseline`) and ``faktor = praezision / zufallsrate`` (how many times
    as often as random pairs; NaN when the baseline is 0 or undefined or nothing was
    checkable).

    Parameters
    ----------
    series : WaveSeries
        The compared waves.
    top : int, optional
        Check only the ``top`` best suggestions of each kind.

    Returns
    -------
    pandas.DataFrame
        ``von``, ``bis``, ``art``, ``vorschlaege``, ``pruefbar``, ``umgesetzt``,
        ``praezision``, ``zufall_paare``, ``zufall_umgesetzt``, ``zufallsrate``, ``faktor``.
    """
    columns = [
        "von",
        "bis",
        "art",
        "vorschlaege",
        "pruefbar",
        "umgesetzt",
        "praezision",
        "zufall_paare",
        "zufall_umgesetzt",
        "zufallsrate",
        "faktor",
    ]
    summary, _ = potentials_realised_over_waves(series, top=top)
    rows = []
    for before, after in series.pairs():
        args = (
            series.table(before, "mitgliedschaften"),
            series.table(after, "mitgliedschaften"),
            series.table(before, "akteure")["akteur_id"],
            series.table(after, "akteure")["akteur_id"],
        )
        pairs = pair_baseline(*args)
        joins = membership_baseline(*args, series.table(before, "netzwerke")["netzwerk_id"])
        chance = {
            "akteur_akteur": (
                pairs["paare_ohne_netzwerk"],
                pairs["neu_verbunden"],
                pairs["zufallsrate"],
            ),
            "akteur_netzwerk": (
                joins["paare_ohne_mitgliedschaft"],
                joins["neu_beigetreten"],
                joins["zufallsrate"],
            ),
        }
        for kind, (universe, hits, rate) in chance.items():
            found = (
                summary[(summary["von"] == before) & (summary["art"] == kind)]
                if len(summary)
                else summary
            )
            if len(found):
                row = found.iloc[0]
                suggested = int(row["vorschlaege"])
                checkable = int(row["pruefbar"])
                realised = int(row["umgesetzt"])
                share = float(row["praezision"])
            else:
                suggested = checkable = realised = 0
                share = float("nan")
            factor = (
                share / float(rate)
                if checkable and math.isfinite(float(rate)) and float(rate) > 0
                else float("nan")
            )
            rows.append(
                {
                    "von": before,
                    "bis": after,
                    "art": kind,
                    "vorschlaege": suggested,
                    "pruefbar": checkable,
                    "umgesetzt": realised,
                    "praezision": share,
                    "zufall_paare": int(universe),
                    "zufall_umgesetzt": int(hits),
                    "zufallsrate": float(rate),
                    "faktor": factor,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def previous_complete_wave(data_dir: Path, wave: str) -> str | None:
    """The wave a report compares itself with: the latest earlier one with complete results.

    Earlier means before ``wave`` in name order (as in :func:`history_for_wave`); complete as
    in :func:`wave_is_complete` (incomplete or broken earlier waves are skipped).

    Returns
    -------
    str or None
        The wave name, or None when there is no such wave.
    """
    from bildungsnetz.ingest.files import list_waves

    data_dir = Path(data_dir)
    earlier = [w for w in list_waves(data_dir) if w < str(wave)]
    for candidate in sorted(earlier, reverse=True):
        if wave_is_complete(data_dir, candidate):
            return candidate
    return None
