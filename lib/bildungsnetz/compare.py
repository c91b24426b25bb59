"""Development over waves: who joined, left or stayed, how districts grew, how ranks moved,
and which cooperation potentials of an earlier wave were realised later.

Identity across waves is the stable id of the cleaning step (``akteur_id``, ``netzwerk_id``):
an institution renamed through the alias table keeps its id and so counts as staying.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import BildungsnetzError

STATUS_ORDER = ["neu", "geblieben", "ausgeschieden"]


def load_wave(data_dir: Path, wave: str, names=("akteure", "netzwerke", "mitgliedschaften")
              ) -> dict[str, pd.DataFrame]:
    """Read processed tables of one wave (all columns as text, ids intact)."""
    folder = Path(data_dir) / "processed" / str(wave)
    tables = {}
    for name in names:
        path = folder / f"{name}.csv"
        if not path.exists():
            raise BildungsnetzError(
                f"Die Tabelle fehlt; zuerst „bildungsnetz run {wave}“ ausführen.", datei=path)
        tables[name] = pd.read_csv(path, dtype=str, keep_default_na=False)
    return tables


def entity_status(before: pd.Series, after: pd.Series) -> dict[str, set]:
    """Split ids into ``neu`` (only after), ``geblieben`` (both), ``ausgeschieden`` (only
    before)."""
    a, b = set(before), set(after)
    return {"neu": b - a, "geblieben": a & b, "ausgeschieden": a - b}


def status_table(before: pd.DataFrame, after: pd.DataFrame, id_col: str) -> pd.DataFrame:
    """One row per entity present in either wave, with its ``status`` and its facts (from the
    later wave where it exists, else from the earlier)."""
    status = entity_status(before[id_col], after[id_col])
    facts = pd.concat([after, before[~before[id_col].isin(after[id_col])]], ignore_index=True)
    facts = facts.drop_duplicates(id_col)
    label = {i: s for s, ids in status.items() for i in ids}
    facts["status"] = facts[id_col].map(label)
    facts["status"] = pd.Categorical(facts["status"], STATUS_ORDER, ordered=True)
    return facts.sort_values(["status", id_col]).reset_index(drop=True)


def status_counts(table: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts of neu/geblieben/ausgeschieden, overall or per value of ``by``."""
    if by is None:
        counts = table["status"].value_counts().reindex(STATUS_ORDER, fill_value=0)
        return counts.to_frame("anzahl").T.reset_index(drop=True)
    keyed = table.assign(**{by: table[by].replace("", "(unbekannt)")})
    counts = keyed.groupby([by, "status"], observed=False).size().unstack(fill_value=0)
    counts = counts.reindex(columns=STATUS_ORDER, fill_value=0)
    return counts.reset_index().sort_values(by).reset_index(drop=True)


def membership_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Memberships gained and lost between two waves (pairs of akteur_id, netzwerk_id)."""
    key = ["akteur_id", "netzwerk_id"]
    b = before[key].drop_duplicates()
    a = after[key].drop_duplicates()
    merged = b.merge(a, on=key, how="outer", indicator=True)
    return {"gewonnen": merged[merged["_merge"] == "right_only"][key].reset_index(drop=True),
            "verloren": merged[merged["_merge"] == "left_only"][key].reset_index(drop=True),
            "geblieben": merged[merged["_merge"] == "both"][key].reset_index(drop=True)}


def counts_per_wave(actors_by_wave: dict[str, pd.DataFrame], by: str) -> pd.DataFrame:
    """Number of actors per value of ``by`` (e.g. landkreis, raumtyp) in each wave: rows =
    values, columns = waves."""
    frames = []
    for wave, actors in actors_by_wave.items():
        values = actors[by].replace("", "(unbekannt)")
        frames.append(values.value_counts().rename(wave))
    table = pd.concat(frames, axis=1).fillna(0).astype(int)
    table.index.name = by
    return table.sort_index()


def growth(table: pd.DataFrame) -> pd.DataFrame:
    """Absolute and relative growth from the first to the last wave of a counts_per_wave
    table."""
    first, last = table.columns[0], table.columns[-1]
    out = table.copy()
    out["veraenderung"] = table[last] - table[first]
    out["veraenderung_prozent"] = (
        (table[last] - table[first]) / table[first].where(table[first] > 0) * 100).round(1)
    return out


def networks_per_actor(memberships_by_wave: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Number of networks of each actor in each wave: rows = akteur_id, columns = waves
    (0 where the actor is absent). Feeds the timeline in the map's tooltip."""
    frames = [m.groupby("akteur_id").size().rename(wave)
              for wave, m in memberships_by_wave.items()]
    table = pd.concat(frames, axis=1).fillna(0).astype(int)
    table.index.name = "akteur_id"
    return table.sort_index()


def history_dict(table: pd.DataFrame, present: dict[str, set] | None = None) -> dict:
    """``{akteur_id: {wave: networks}}`` from networks_per_actor; with ``present`` (wave →
    ids in that wave) absent actors get ``None`` instead of 0."""
    history = {}
    for actor_id, row in table.iterrows():
        history[actor_id] = {
            wave: (None if present is not None and actor_id not in present[wave]
                   else int(value)) for wave, value in row.items()}
    return history


def rank_table(measures_by_wave: dict[str, pd.DataFrame], measure: str = "pagerank",
               top: int = 15, id_col: str = "akteur_id", name_col: str = "akteur"
               ) -> pd.DataFrame:
    """Rank (1 = highest ``measure``) of every actor that is in the top ``top`` of any wave,
    in every wave (NaN where absent). Ties are broken by id so ranks are reproducible."""
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
    """Newcomers among the hubs (top ``top`` in the last wave, not in the first) and hubs that
    faded (top in the first wave, not in the last)."""
    waves = [c for c in ranks.columns if c != ranks.columns[0]]
    first, last = waves[0], waves[-1]
    in_first = ranks[first] <= top
    in_last = ranks[last] <= top
    name = ranks.columns[0]
    return {"neu_unter_den_zentralen": sorted(ranks[in_last & ~in_first][name]),
            "nicht_mehr_zentral": sorted(ranks[in_first & ~in_last][name])}


def realised_potentials(potentials: pd.DataFrame, later_memberships: pd.DataFrame,
                        later_actors: pd.DataFrame, *, a_col: str, b_col: str,
                        kind_col: str | None = None, network_kind: str | None = None
                        ) -> pd.DataFrame:
    """Mark each suggested cooperation of an earlier wave as realised or not in a later wave.

    An actor pair counts as realised when both actors are co-members of at least one network
    in the later wave; an actor→network suggestion when the actor is a member of that network.
    Suggestions whose actor no longer exists in the later wave are ``nicht prüfbar``.

    ``a_col``/``b_col`` name the actor id and the partner id (actor or network) columns;
    ``kind_col``/``network_kind`` say which rows are actor→network suggestions.
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
    """Share of checkable suggestions that were realised."""
    checkable = realised[realised["status_spaeter"] != "nicht prüfbar"]
    hits = int((checkable["status_spaeter"] == "umgesetzt").sum())
    total = int(len(checkable))
    return {"vorschlaege": int(len(realised)), "pruefbar": total, "umgesetzt": hits,
            "praezision": (hits / total) if total else float("nan")}


def history_for_wave(data_dir: Path, wave: str) -> dict:
    """``{akteur_id: {wave: networks}}`` over this and all earlier processed waves (for the
    timeline in the map's tooltip)."""
    from .clean import list_waves

    data_dir = Path(data_dir)
    waves = [w for w in list_waves(data_dir) if w <= str(wave)
             and (data_dir / "processed" / w / "mitgliedschaften.csv").exists()]
    members, present = {}, {}
    for w in waves:
        tables = load_wave(data_dir, w, names=("akteure", "mitgliedschaften"))
        members[w] = tables["mitgliedschaften"]
        present[w] = set(tables["akteure"]["akteur_id"])
    if not members:
        return {}
    return history_dict(networks_per_actor(members), present)
