"""What the cleaning steps of one wave share, and how a raw name is resolved to an entity.

The state holds the entities found so far, the log and the review lists.

Names are matched on their key (:func:`bildungsnetz.text.name_key`) after the alias table;
rows whose names have the same key are one entity. The steps (``actors``, ``networks``,
``memberships``, ``freetext``, ``review``) are plain functions of a :class:`CleaningState`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bildungsnetz.errors import BildungsnetzError
from bildungsnetz.ingest.readers import removed_from
from bildungsnetz.ingest.reference import Reference
from bildungsnetz.ingest.staging import REJECTED, LogEntry, Rec, StagedWave, row_entry
from bildungsnetz.text import name_key, normalize_name

#: Per kind of entity (``art``, also its name column): how messages name it and its table.
_KINDS = {"akteur": ("Akteur", "akteure"), "netzwerk": ("Netzwerk", "netzwerke")}


class NamedRow(NamedTuple):
    """A raw row with the name it gives and the canonical name that follows from it."""

    rec: Rec
    name: str
    canonical: str
    via_alias: bool  # whether the alias table gave the canonical name


@dataclass
class CleaningState:
    """What the cleaning steps of one wave share.

    Attributes
    ----------
    staged : StagedWave
        The raw records of the wave.
    ref : Reference
        The reference data.
    log : list of LogEntry
        The cleaning log so far (starting with the lines written while reading).
    actor_by_key, network_by_key : dict
        The entities found so far, by the key of their canonical name: dicts with the columns
        of ``akteure.csv``/``netzwerke.csv`` (a network also keeps ``koordination`` and its
        log entry under ``_entry``; ``themen`` and ``zielgruppen`` are lists).
    review : list of dict
        Rows of ``dubletten_pruefen.csv``.
    review_told_apart : int
        Pairs of alike actor names not proposed because they differ only in places or
        numbers (:func:`~bildungsnetz.ingest.review.told_apart`).
    free_review : list of dict
        Rows of ``freitext_pruefen.csv``.
    row_entries : dict
        ``(datei, zeile)`` -> the log entry of an actor's raw row (free-text notes of a
        survey response go there).
    """

    staged: StagedWave
    ref: Reference
    log: list[LogEntry] = field(init=False)
    actor_by_key: dict[str, dict] = field(default_factory=dict)
    network_by_key: dict[str, dict] = field(default_factory=dict)
    review: list[dict] = field(default_factory=list)
    review_told_apart: int = 0
    free_review: list[dict] = field(default_factory=list)
    row_entries: dict[tuple, LogEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Start the log with the lines written while reading."""
        self.log = list(self.staged.log)

    def find_actor(self, name: str) -> dict | None:
        """The actor a name means (after the alias table), or None."""
        canonical, _ = self.ref.canonical_name("akteur", name)
        return self.actor_by_key.get(name_key(canonical))

    def find_network(self, name: str) -> dict | None:
        """The network a name means (after the alias table), or None."""
        canonical, _ = self.ref.canonical_name("netzwerk", name)
        return self.network_by_key.get(name_key(canonical))

    def group_by_name(self, records: list[Rec], art: str, whose: str) -> dict[str, list[NamedRow]]:
        """Raw rows grouped by the key of their canonical name, in the order first seen.

        Rows without a name are rejected (logged) with a reason naming ``whose`` name is
        missing (``der Institution``, ``des Netzwerks``).
        """
        groups: dict[str, list[NamedRow]] = {}
        for rec in records:
            name = normalize_name(rec.values.get(art))
            if not name:
                self.log.append(
                    row_entry(rec, "", REJECTED, grund=_empty_name_reason(rec, art, whose))
                )
                continue
            canonical, via_alias = self.ref.canonical_name(art, name)
            groups.setdefault(name_key(canonical), []).append(
                NamedRow(rec, name, canonical, via_alias)
            )
        return groups

    def unknown_name(self, art: str, rec: Rec, column: str, name: str) -> BildungsnetzError:
        """The German error for a row naming an actor or network that no table has.

        It proposes the closest known name and points out a rejected (unreadable) row that
        contains the name.
        """
        what, table = _KINDS[art]
        pool = self.actor_by_key if art == "akteur" else self.network_by_key
        hint = ""
        best = process.extractOne(
            name, [v[art] for v in pool.values()], scorer=fuzz.WRatio, score_cutoff=70
        )
        if best:
            hint = f" Meinten Sie „{best[0]}“?"
        key = name_key(name)
        lost = next(
            ((d, z) for d, z, text in self.staged.unreadable_rows if key and key in name_key(text)),
            None,
        )
        if lost:
            hint += (
                f" Hinweis: Zeile {lost[1]} von {lost[0]} enthält diesen Namen, wurde "
                "aber verworfen, weil sie nicht lesbar war (siehe bereinigung.csv)."
            )
        return BildungsnetzError(
            f"{what} „{name}“ steht in keiner Tabelle (nicht in „{table}“ und nicht in der "
            f"Aliastabelle).{hint} Bitte Namen korrigieren oder in "
            "external/aliase.csv eintragen.",
            datei=rec.datei,
            zeile=rec.zeile,
            spalte=column,
        )


def display_name(rows: list[NamedRow]) -> str:
    """The name an entity is shown and identified by.

    The alias table's canonical name when a row went through it, else the best spelling of
    the rows' names.
    """
    aliased = next((row.canonical for row in rows if row.via_alias), None)
    return aliased or best_spelling([row.canonical for row in rows])


def best_spelling(spellings: list[str]) -> str:
    """The display spelling of a group of same-key names.

    The most frequent one, preferring mixed case ("Oberschule Herzberg" over "oberschule
    herzberg"), then the first seen.
    """

    def score(index: int):
        text = spellings[index]
        mixed = text != text.lower() and text != text.upper()
        return (spellings.count(text), mixed, -index)

    return spellings[max(range(len(spellings)), key=score)]


def _empty_name_reason(rec: Rec, column: str, whose: str) -> str:
    if removed_from(rec.hinweise, column):
        return f"Name {whose} besteht nur aus unsichtbaren oder Steuerzeichen (Spalte „{column}“)"
    return f"Name {whose} fehlt (Spalte „{column}“ leer)"
