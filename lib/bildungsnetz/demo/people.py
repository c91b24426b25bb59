"""Contact data: a person, an e-mail address and a phone number per actor, all fictitious.

E-mail domains are ``example.org``/``example.com`` (reserved for examples); phone numbers use
the real area code of the actor's town but a subscriber number starting with 0, which is
never assigned.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bildungsnetz.demo.names import FIRST_F, FIRST_M, SURNAMES
from bildungsnetz.demo.rng import Rng
from bildungsnetz.demo.vocab import K_HS

if TYPE_CHECKING:
    from bildungsnetz.demo.world import Actor

# telephone area codes of the towns and districts of the region
TOWN_AREA = {
    "Cottbus": "355",
    "Görlitz": "3581",
    "Bautzen": "3591",
    "Hoyerswerda": "3571",
    "Senftenberg": "3573",
    "Forst (Lausitz)": "3562",
    "Spremberg": "3563",
    "Lübben (Spreewald)": "3546",
    "Königs Wusterhausen": "3375",
    "Finsterwalde": "3531",
    "Weißwasser/O.L.": "3576",
    "Zittau": "3583",
    "Guben": "3561",
    "Lübbenau/Spreewald": "3542",
    "Kamenz": "3578",
    "Herzberg (Elster)": "3535",
    "Luckau": "3544",
    "Elsterwerda": "3533",
    "Lauchhammer": "3574",
    "Großräschen": "35753",
    "Niesky": "3588",
    "Löbau": "3585",
    "Wildau": "3375",
    "Radeberg": "3528",
    "Schwarzheide": "35752",
    "Schönefeld": "30",
    "Bad Liebenwerda": "35341",
    "Bischofswerda": "3594",
    "Calau": "3541",
    "Vetschau/Spreewald": "35433",
    "Zeuthen": "33762",
    "Ebersbach-Neugersdorf": "3586",
}
DISTRICT_AREA = {
    "Cottbus": "355",
    "Dahme-Spreewald": "3546",
    "Elbe-Elster": "3535",
    "Oberspreewald-Lausitz": "3573",
    "Spree-Neiße": "3562",
    "Bautzen": "3591",
    "Görlitz": "3581",
}
SEAT_AREA = {"Potsdam": "331", "Dresden": "351", "Berlin": "30"}  # seats outside the region


def ascii_local(text: str) -> str:
    """A name as the local part of an e-mail address (umlauts spelt out, ASCII only)."""
    for src, dst in (
        ("ä", "ae"),
        ("ö", "oe"),
        ("ü", "ue"),
        ("ß", "ss"),
        ("Ä", "Ae"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("é", "e"),
    ):
        text = text.replace(src, dst)
    return re.sub(r"[^A-Za-z0-9.-]", "", text)


def person(rng: Rng, kategorie: str) -> tuple[str, str]:
    """A contact person (with academic title now and then) and an e-mail address."""
    female = rng.chance(0.55)
    first = rng.choice(FIRST_F if female else FIRST_M)
    last = rng.choice(SURNAMES)
    title = ""
    if kategorie == K_HS:
        title = rng.choice(["Prof. Dr. ", "Dr. ", "", ""])
    elif rng.chance(0.08):
        title = "Dr. "
    name = f"{title}{first} {last}"
    domain = "example.org" if rng.chance(0.6) else "example.com"
    local = f"{ascii_local(first)[0]}.{ascii_local(last)}".lower()
    if rng.chance(0.25):
        local = f"{ascii_local(first)}.{ascii_local(last)}".lower()
    if rng.chance(0.07):
        local = rng.choice(["info", "kontakt", "netzwerk", "bildung"])
    return name, f"{local}@{domain}"


def phone(rng: Rng, actor: Actor) -> str:
    """A phone number with the area code of the actor's town, in one of four spellings."""
    town = actor.place.gemeinde if actor.place else actor.ort_out
    area = (
        TOWN_AREA.get(town)
        or DISTRICT_AREA.get(actor.landkreis)
        or SEAT_AREA.get(actor.ort_out, "355")
    )
    # subscriber numbers starting with 0 are never assigned: clearly fictitious
    number = "0" + "".join(str(rng.below(10)) for _ in range(5 if len(area) <= 3 else 4))
    style = rng.below(5)
    if style == 0:
        return f"0{area} {number}"
    if style == 1:
        return f"0{area}/{number}"
    if style == 2:
        return f"0{area}-{number}"
    return f"+49 {area} {number}"
