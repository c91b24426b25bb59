"""Likely duplicates for an analyst to review (``dubletten_pruefen.csv``).

Names that only fuzzy matching finds alike are never merged: each pair is proposed with its
similarity (0–100), a line ready for the alias table (``vorschlag``: the spelling with umlauts,
then the longer one, is proposed as canonical) and a line ready for
``external/keine_dubletten.csv`` (``keine_dublette``), where pairs checked and found distinct
are kept so they are not proposed again.

Names alike only because they share a long template are not proposed: when the words in
which two names differ are, on each side, a place (of the gazetteer or of an actor's address),
a number or a site word (Nord, Mitte, …) – „… Geschäftsstelle Görlitz“ and „… Geschäftsstelle
Bautzen“, „Oberschule Forst“ and „Oberschule Forst II“ – the names themselves tell the
institutions apart (:func:`told_apart`). Their count is kept
(``CleaningState.review_told_apart``).
"""

from __future__ import annotations

import csv
import io
import re

from rapidfuzz import fuzz, process

from bildungsnetz.ingest.state import CleaningState
from bildungsnetz.text import name_key, split_list

#: Smallest similarity (``fuzz.ratio`` of folded names) of two actors proposed as duplicates.
FUZZY_CUTOFF = 90.0
#: Smallest similarity (``fuzz.token_set_ratio``) of a new network to a known one.
NETWORK_CUTOFF = 85


def fold(name: str) -> str:
    """A name's key with umlauts and ß spelled out, for fuzzy comparison.

    ``Görlitz`` and ``Goerlitz`` fold alike.
    """
    text = name_key(name)
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return text


def words(name: str) -> list[str]:
    """The words of a name's :func:`fold`, in order (punctuation dropped)."""
    return re.findall(r"\w+", fold(name))


#: A number as part of a name: digits or a Roman numeral up to 39 (``II``, ``IV``, ``XII``).
_NUMERAL = re.compile(r"\d+|x{0,3}(?:ix|iv|v?i{0,3})")


def place_names(state: CleaningState) -> set[str]:
    """The places a name may mention, as their joined :func:`words`.

    The gazetteer's towns, municipalities and districts (with district variants), and the
    town and district of every actor of the wave; „Forst (Lausitz)“ also as „Forst“.
    """
    ref = state.ref
    values = [*ref.gemeinden["ort"], *ref.gemeinden.get("gemeinde", [])]
    values += list(ref.landkreise["landkreis"])
    for variants in ref.landkreise["varianten"]:
        values += split_list(variants)
    for actor in state.actor_by_key.values():
        values.extend((actor.get("ort") or "", actor.get("landkreis") or ""))
    out = set()
    for value in values:
        for text in (value, value.split("(")[0]):
            joined = " ".join(words(text))
            if joined:
                out.add(joined)
    return out


#: Words that number the sites of one institution like a numeral does (in :func:`fold` form).
SITE_WORDS = frozenset(
    "nord sued ost west mitte nordost nordwest suedost suedwest zentrum altstadt neustadt "
    "innenstadt".split()
)


def _marker(word: str) -> bool:
    """A number or a site word (``II``, ``3``, ``Nord``)."""
    return word in SITE_WORDS or _NUMERAL.fullmatch(word) is not None


def told_apart(a: str, b: str, places: set[str]) -> bool:
    """Whether two alike names differ only in places, numbers or site words.

    The words only one name has are taken on each side, in order; with the numbers and site
    words (:data:`SITE_WORDS`: Nord, Süd, Mitte, …) removed, each side must be empty or name a
    place, and at least one side must have a word. „IHK Geschäftsstelle Görlitz“/„… Bautzen“,
    „Oberschule Forst“/„Oberschule Forst II“ and „Jobcenter Standort Nord“/„… Standort Ost“
    are told apart; „Kita Sonnenschein“/„Kita Sonnenschein Cottbus“ is not (the second may
    just add the town), nor is a misspelt town („Cotbus“, no place).
    """
    wa, wb = words(a), words(b)
    in_a, in_b = set(wa), set(wb)
    only_a = [w for w in wa if w not in in_b]
    only_b = [w for w in wb if w not in in_a]
    if not only_a and not only_b:
        return False
    markers = [w for w in only_a + only_b if _marker(w)]
    rest_a = " ".join(w for w in only_a if not _marker(w))
    rest_b = " ".join(w for w in only_b if not _marker(w))
    if not rest_a and not rest_b:
        return True  # only numbers or site words differ
    if rest_a and rest_b:
        return rest_a in places and rest_b in places
    return bool(markers) and (rest_a or rest_b) in places


#: Rows of actor names compared with the others at once in :func:`review_actors`.
REVIEW_BLOCK = 1024


def review_actors(state: CleaningState) -> None:
    """Propose every pair of actors whose names are alike (all pairs, by id order).

    Pairs an analyst marked distinct and pairs :func:`told_apart` (counted in
    ``state.review_told_apart``) are left out.
    """
    actors = sorted(state.actor_by_key.values(), key=lambda a: a["akteur_id"])
    if len(actors) < 2:
        return
    folded = [fold(a["akteur"]) for a in actors]
    places = place_names(state)
    # blocks of rows against the later actors only: memory REVIEW_BLOCK × actors, not
    # actors squared; the pairs come in the same order (by i, then j)
    for start in range(0, len(actors), REVIEW_BLOCK):
        scores = process.cdist(
            folded[start : start + REVIEW_BLOCK],
            folded[start:],
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_CUTOFF,
            workers=1,
            dtype="uint8",
        )
        rows, cols = scores.nonzero()
        for r, c in zip(rows.tolist(), cols.tolist()):
            i, j = start + r, start + c
            if i >= j:
                continue
            a, b = actors[i]["akteur"], actors[j]["akteur"]
            if state.ref.known_distinct("akteur", a, b):
                continue
            if told_apart(a, b, places):
                state.review_told_apart += 1
            else:
                score = float(scores[r, c])
                state.review.append(_review_row("akteur", actors[i], actors[j], score))


def review_new_network(state: CleaningState, network: dict) -> None:
    """Propose the known networks most alike a network added from mapping or free text.

    Up to three are proposed; the network's log entry names each.
    """
    others = {
        k: v["netzwerk"]
        for k, v in state.network_by_key.items()
        if v["netzwerk_id"] != network["netzwerk_id"]
    }
    if not others:
        return
    keys = list(others)
    hits = process.extract(
        fold(network["netzwerk"]),
        [fold(others[k]) for k in keys],
        scorer=fuzz.token_set_ratio,
        score_cutoff=NETWORK_CUTOFF,
        limit=3,
    )
    for _, score, index in hits:
        other = state.network_by_key[keys[index]]
        if state.ref.known_distinct("netzwerk", network["netzwerk"], other["netzwerk"]):
            continue
        state.review.append(_review_row("netzwerk", network, other, score))
        network["_entry"].hinweis.append(
            f"ähnlich wie „{other['netzwerk']}“ ({score:.0f} %) – zur Prüfung in "
            "dubletten_pruefen.csv"
        )


def _review_row(art: str, a: dict, b: dict, score: float) -> dict:
    """A row of ``dubletten_pruefen.csv`` for two actors or two networks (``art``)."""
    id_column = f"{art}_id"
    first, second = sorted([a, b], key=lambda x: x[id_column])
    return {
        "art": art,
        "name_a": first[art],
        "name_b": second[art],
        "id_a": first[id_column],
        "id_b": second[id_column],
        "aehnlichkeit": round(score, 1),
        "vorschlag": _csv_line(
            [art, *_alias_direction(first[art], second[art]), "Dublette geprüft"]
        ),
        "keine_dublette": _csv_line([art, first[art], second[art], "geprüft"]),
    }


def _alias_direction(a: str, b: str) -> tuple[str, str]:
    """(variant, canonical) for a proposed alias line.

    The spelling with umlauts/ß, then the longer one, is proposed as canonical.
    """

    def weight(text: str):
        return (sum(text.count(c) for c in "äöüÄÖÜß"), len(text), text)

    return (a, b) if weight(b) > weight(a) else (b, a)


def _csv_line(values: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()
