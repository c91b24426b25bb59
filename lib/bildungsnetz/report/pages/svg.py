"""The small static picture of an actor's own network, as inline SVG written directly.

The actor sits in the middle, its networks on an inner ring (diamonds numbered as in the
page's list; thick lines for Leitung and Gastgeber), its partners with the most shared
networks on an outer ring, each next to the networks it shares. No matplotlib: a string per
page takes well under a millisecond, so thousands of pages stay fast. The only text from the
survey is the actor's name in ``<title>`` and ``aria-label``, escaped.
"""

from __future__ import annotations

import html
import math

from bildungsnetz.config import ROLE_RANK
from bildungsnetz.report.htmlsafe import OKABE_ITO

WIDTH, HEIGHT = 360, 300
CENTRE = (WIDTH / 2, HEIGHT / 2)
NETWORK_RING = 78.0
PARTNER_RING = 128.0
COLOURS = {
    "ego": OKABE_ITO["blau"],
    "netz": OKABE_ITO["orange"],
    "partner": OKABE_ITO["blaugruen"],
    "pseudonym": "#8c8c8c",
    "linie": "#b4b4b4",
    "eigene": "#4d4d4d",
}


def _xy(angle: float, radius: float) -> tuple[float, float]:
    return CENTRE[0] + radius * math.cos(angle), CENTRE[1] + radius * math.sin(angle)


def _circular_mean(angles: list[float]) -> float:
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles))


def partner_angles(wanted: list[float]) -> list[float]:
    """Angles of the partners on their ring: in the order of the angles they want (next to
    their networks), evenly spaced so that no two dots overlap, turned so that on average each
    stays as close as possible to where it wants to be."""
    n = len(wanted)
    if n == 0:
        return []
    order = sorted(range(n), key=lambda i: wanted[i] % (2 * math.pi))
    step = 2 * math.pi / n
    turn = _circular_mean([wanted[i] - rank * step for rank, i in enumerate(order)])
    out = [0.0] * n
    for rank, i in enumerate(order):
        out[i] = turn + rank * step
    return out


def ego_svg(picture: dict) -> str:
    """The SVG of one actor's picture (see ``model._picture``: ``name``, ``netze`` as
    ``(number, role)``, ``partner`` as ``{"named": bool, "netze": [numbers]}``)."""
    name = html.escape(str(picture.get("name", "")), quote=True)
    networks = list(picture.get("netze", []))
    partners = list(picture.get("partner", []))
    angle_of = {
        number: -math.pi / 2 + 2 * math.pi * i / max(len(networks), 1)
        for i, (number, _role) in enumerate(networks)
    }
    spots = {number: _xy(angle, NETWORK_RING) for number, angle in angle_of.items()}
    wanted = [_circular_mean([angle_of[n] for n in p["netze"]]) for p in partners]
    angles = partner_angles(wanted)
    lines: list[str] = []
    dots: list[str] = []
    for p, angle in zip(partners, angles):
        x, y = _xy(angle, PARTNER_RING)
        for number in p["netze"]:
            nx, ny = spots[number]
            lines.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{nx:.1f}" y2="{ny:.1f}"/>')
        colour = COLOURS["partner"] if p.get("named") else COLOURS["pseudonym"]
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    own: list[str] = []
    diamonds: list[str] = []
    cx, cy = CENTRE
    for number, role in networks:
        x, y = spots[number]
        width = 2.6 if ROLE_RANK.get(role, 0) > ROLE_RANK["Mitglied"] else 1.2
        own.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke-width="{width}"/>'
        )
        diamonds.append(
            f'<g transform="translate({x:.1f} {y:.1f})"><rect x="-9" y="-9" width="18" '
            f'height="18" transform="rotate(45)" fill="{COLOURS["netz"]}" stroke="#3a3a3a"/>'
            f'<text y="3.5">{int(number)}</text></g>'
        )
    return (
        f'<svg class="ego" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="Eigenes Netz von {name}">'
        f"<title>Eigenes Netz von {name}</title>"
        f'<g stroke="{COLOURS["linie"]}" stroke-width="0.7">{"".join(lines)}</g>'
        f'<g stroke="{COLOURS["eigene"]}">{"".join(own)}</g>'
        f"<g>{''.join(dots)}</g>"
        f'<g font-size="10" font-family="sans-serif" text-anchor="middle" fill="#000">'
        f"{''.join(diamonds)}</g>"
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="13" fill="{COLOURS["ego"]}" stroke="#1a1a1a"/>'
        "</svg>"
    )
