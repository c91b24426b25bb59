"""Free text naming further networks (field ``netzwerk_sonstige`` of a survey export).

The text is split at line breaks and ``;``, at commas only between known network names
(names such as "Werkstatt 1 Unternehmen, Wirtschaftsentwicklung, …" stay whole), and each item
is trimmed of stray punctuation. Items that cannot be a network's name (too long, or naming a
district, a municipality, a category or an actor of the wave) are not taken: they are noted on
the response's log line and listed in ``freitext_pruefen.csv`` with the closest known network.
Contact data in free text never reaches a file.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from bildungsnetz.ingest.review import fold
from bildungsnetz.ingest.staging import Rec
from bildungsnetz.ingest.state import CleaningState
from bildungsnetz.text import name_key, normalize_name, shorten

#: Longest free-text item taken as a network's name (longer than any network's name).
FREE_TEXT_MAX = 150
#: Items that say "none" (compared on their name key).
NO_ANSWER = {
    "keine",
    "keine weiteren",
    "keins",
    "nein",
    "-",
    "--",
    "k.a",
    "k. a",
    "ka",
    "keine angabe",
    "sonstige",
    "sonstiges",
    "weiß nicht",
    "weiss nicht",
    "n/a",
    "na",
    "/",
    "?",
    "x",
    "nichts",
    "entfällt",
    "entfaellt",
    "0",
}
_QUOTES = "\"'„“”‚‘’«»"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d /()-]{5,}\d(?!\w)")
_ITEM_SEPARATORS = re.compile(r"\s*(?:;|\n|\r|\u2028|\u2029)\s*")


def redact_contacts(text: str) -> str:
    """Free text with e-mail addresses and phone numbers replaced.

    Free text is shown in the cleaning log and the review file, which must not carry
    contact data.
    """
    return _PHONE.sub("[Telefonnummer entfernt]", _EMAIL.sub("[E-Mail entfernt]", text))


def trim_item(text: str) -> str:
    """A free-text item without stray punctuation and unbalanced quotes or brackets around it.

    ``Arbeitskreis "Fachkräfte für morgen",`` -> ``Arbeitskreis "Fachkräfte für morgen"``.
    """
    item = normalize_name(text)
    previous = None
    while item != previous:
        previous = item
        item = item.strip(" ,;:•*·–—-").strip()
        for opening, closing in (("(", ")"), ("[", "]")):
            if item.endswith(closing) and item.count(opening) < item.count(closing):
                item = item[:-1]
            if item.startswith(opening) and item.count(opening) > item.count(closing):
                item = item[1:]
        if item[:1] in _QUOTES and sum(item.count(q) for q in _QUOTES) % 2:
            item = item[1:]
        elif item[-1:] in _QUOTES and sum(item.count(q) for q in _QUOTES) % 2:
            item = item[:-1]
        if (
            len(item) > 1
            and item[0] in _QUOTES
            and item[-1] in _QUOTES
            and not any(q in item[1:-1] for q in _QUOTES)
        ):
            item = item[1:-1]
    return item


def split_free_text(state: CleaningState, records: list[Rec]) -> list[Rec]:
    """Membership records with each free-text record replaced by one per network it names.

    What is not taken as a network is noted on the response's log line and, when an analyst
    should look at it, listed in ``freitext_pruefen.csv`` (contact data redacted).
    """
    out = []
    for rec in records:
        if not rec.freitext:
            out.append(rec)
            continue
        items, dropped = free_text_items(state, rec.values.get("netzwerk", ""))
        entry = state.row_entries.get((rec.datei, rec.zeile))
        for part, reason, review in dropped:
            if entry is not None:
                shown = shorten(redact_contacts(part), 60)
                entry.hinweis.append(f"Freitext {rec.spalte}: „{shown}“ {reason}")
            if review:
                best = _closest_network(state, part)
                state.free_review.append(
                    {
                        "datei": rec.datei,
                        "zeile": rec.zeile,
                        "spalte": rec.spalte,
                        "text": shorten(redact_contacts(part), FREE_TEXT_MAX),
                        "grund": reason,
                        "aehnlichstes_netzwerk": best[0],
                        "aehnlichkeit": best[1],
                    }
                )
        for item in items:
            out.append(
                Rec(
                    {**rec.values, "netzwerk": item},
                    rec.datei,
                    rec.zeile,
                    rec.tabelle,
                    rec.ts,
                    rec.logged,
                    rec.spalte,
                    True,
                )
            )
    return out


def free_text_items(
    state: CleaningState, text: str
) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """The networks a free-text answer names, and the parts that are not taken.

    Rules: the text is split at line breaks and ``;``; a part is split at commas where
    the pieces (or runs of pieces joined by commas, for names that contain commas) are
    known networks; stray punctuation and unbalanced quotes around an item are removed.
    Not taken: "keine"/"-" and the like, parts longer than a network name can be
    (:data:`FREE_TEXT_MAX` characters), parts without letters, and parts that name a
    district, a municipality, an actor category or an institution of this wave. A part with
    a comma but no known network is taken whole and listed for review.

    Parameters
    ----------
    state : CleaningState
        Knows the networks, actors and reference data of the wave.
    text : str
        The free-text answer.

    Returns
    -------
    items : list of str
        The network names, in the order written.
    dropped : list of tuple
        ``(part, German reason, for_review)`` for each part not taken (or taken with doubt).
    """
    items, dropped = [], []
    for part in _ITEM_SEPARATORS.split(text or ""):
        part = trim_item(part)
        if not part:
            continue
        pieces = _segment_commas(state, part)
        if len(pieces) == 1 and "," in pieces[0] and state.find_network(pieces[0]) is None:
            item = trim_item(pieces[0])
            problem = _not_a_network(state, item)
            if problem:
                dropped.append((item, *problem))
            else:
                dropped.append(
                    (
                        item,
                        "enthält ein Komma – als ein Netzwerk übernommen; "
                        "bitte prüfen, ob es mehrere sind",
                        True,
                    )
                )
                items.append(item)
            continue
        for piece in pieces:
            item = trim_item(piece)
            problem = _not_a_network(state, item)
            if problem:
                dropped.append((item, *problem))
            else:
                items.append(item)
    return items, dropped


def _segment_commas(state: CleaningState, part: str) -> list[str]:
    """``A, B, C`` split into known networks where possible.

    At each position the longest run of comma pieces that is a known network is taken;
    unknown pieces stay as they are. Without any known piece the part stays whole.
    """
    pieces = [p.strip() for p in part.split(",")]
    if len(pieces) == 1:
        return pieces
    out, i, found = [], 0, False
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            candidate = ", ".join(pieces[i:j])
            if state.find_network(trim_item(candidate)) is not None:
                out.append(candidate)
                found = True
                i = j
                break
        else:
            out.append(pieces[i])
            i += 1
    if not found:
        return [part]
    return [p for p in out if p.strip(" .-–")]


def _not_a_network(state: CleaningState, item: str) -> tuple[str, bool] | None:
    """(German reason, for review) when a free-text item cannot be a network's name."""
    key = name_key(item)
    if not key or key in NO_ANSWER:
        return "keine Angabe – übergangen", False
    if not any(ch.isalpha() for ch in item):
        return "enthält keinen Namen – übergangen", False
    if len(item) > FREE_TEXT_MAX:
        return (
            f"ist mit {len(item)} Zeichen zu lang für einen Netzwerknamen – nicht übernommen",
            True,
        )
    if state.find_network(item) is not None:
        return None
    if state.ref.district(item):
        return "nennt einen Landkreis bzw. die Region, kein Netzwerk – nicht übernommen", True
    place, how = state.ref.place("", item)
    if place is not None and how == "ort":
        return "nennt einen Ort, kein Netzwerk – nicht übernommen", True
    if state.ref.vocab("kategorie", item):
        return "nennt eine Akteursart, kein Netzwerk – nicht übernommen", True
    if state.find_actor(item) is not None:
        return "nennt eine Institution, kein Netzwerk – nicht übernommen", True
    return None


def _closest_network(state: CleaningState, text: str) -> tuple[str, float | str]:
    """The known network most alike a free-text part, and the similarity.

    ``("", "")`` when none is alike, or the text is far too long to compare.
    """
    names = sorted({v["netzwerk"] for v in state.network_by_key.values()})
    if not names or len(text) > 4 * FREE_TEXT_MAX:
        return "", ""
    best = process.extractOne(
        fold(text), [fold(n) for n in names], scorer=fuzz.token_set_ratio, score_cutoff=70
    )
    if not best:
        return "", ""
    return names[best[2]], round(float(best[1]), 1)
