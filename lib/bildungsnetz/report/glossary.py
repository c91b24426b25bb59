"""The glossary: every term of the reports explained in one or two plain German sentences.

One dictionary (:data:`GLOSSARY`: term → explanation) for the wave report's „Glossar“, and for
any other page that needs to explain a term (the map, the comparison page): use
:func:`explain` for one term, :func:`glossary_items` for the sorted list, :func:`glossary_html`
for the HTML definition list. A term names what a measure means for the reader first; the
technical name and its source stand in brackets.
"""

from __future__ import annotations

import html

from bildungsnetz.report.htmlsafe import HtmlFragment

#: Term → explanation (German; one or two sentences each). Kept in alphabetical order here
#: for the reader of this file; :func:`glossary_items` sorts anyway.
GLOSSARY: dict[str, str] = {
    "Akteur": (
        "Eine Institution, die in der Befragung geantwortet hat oder genannt wurde – etwa eine "
        "Schule, eine Kammer, ein Bildungsträger, ein Unternehmen oder eine Behörde."
    ),
    "Beteiligung über Landkreise bzw. Länder (Beteiligungskoeffizient)": (
        "Zeigt, wie gleichmäßig sich die Partner eines Akteurs auf die Landkreise (bzw. auf "
        "Brandenburg und Sachsen) verteilen: 0 heißt, alle Partner kommen aus einem Gebiet; je "
        "höher der Wert, desto mehr verbindet der Akteur über Grenzen hinweg (Guimerà & Amaral "
        "2005)."
    ),
    "Brücke zwischen den Ländern": (
        "Ein Akteur, der sowohl in Netzwerken mit Sitz in Brandenburg als auch in Netzwerken "
        "mit Sitz in Sachsen mitwirkt. Netzwerke für die ganze Lausitz zählen dabei nicht."
    ),
    "Dichte": (
        "Der Anteil der möglichen Verbindungen, die tatsächlich bestehen: hier der Anteil aller "
        "Paare von Akteuren, die mindestens ein Netzwerk teilen."
    ),
    "Doppelstruktur": (
        "Zwei Netzwerke, die sich einen großen Teil ihrer Mitglieder teilen, zu denselben "
        "Themen für dieselben Zielgruppen arbeiten und im selben Gebiet tätig sind. Ob eine "
        "Zusammenlegung sinnvoll ist, entscheiden die Beteiligten."
    ),
    "Einfluss über Partner (PageRank)": (
        "Bewertet einen Akteur danach, wie gut seine Partner ihrerseits vernetzt sind: Wer mit "
        "einflussreichen Akteuren in denselben Netzwerken sitzt, gewinnt an Gewicht, auch ohne "
        "selbst überall Mitglied zu sein (Brin & Page 1998)."
    ),
    "Einfluss über gut vernetzte Partner (Eigenvektor-Zentralität)": (
        "Ähnlich wie der Einfluss über Partner (PageRank): Ein Akteur zählt umso mehr, je "
        "stärker seine Partner selbst vernetzt sind (Bonacich 1972)."
    ),
    "Eingebundenheit (Constraint)": (
        "Zeigt, wie sehr die Partner eines Akteurs auch untereinander verbunden sind. Ein "
        "niedriger Wert heißt: Der Akteur verbindet Partner, die sonst wenig miteinander zu tun "
        "haben, und überbrückt so Lücken im Netz (Burt 1992)."
    ),
    "Gatekeeper": (
        "Ein Akteur mit hoher Vermittlerrolle (siehe dort): Er liegt oft zwischen anderen und "
        "kann Informationen weitergeben oder zurückhalten."
    ),
    "Gemeinsame Partner (Ressourcenallokation)": (
        "Zählt die gemeinsamen Partner zweier Akteure; jeder gemeinsame Partner zählt umso "
        "mehr, je weniger Kontakte er selbst hat – ein Partner mit 10 Kontakten zählt ein "
        "Zehntel, einer mit 100 ein Hundertstel (Zhou, Lü & Zhang 2009)."
    ),
    "Gemeinschaft": (
        "Eine Gruppe von Akteuren, die untereinander deutlich mehr Netzwerke teilen als mit dem "
        "Rest (Louvain-Verfahren, Blondel u. a. 2008, mit festem Startwert, daher bei jedem "
        "Lauf gleich)."
    ),
    "Handlungsempfehlung": (
        "Ein konkreter nächster Schritt, der nach einer festen Regel aus den Befunden folgt – "
        "etwa zwei Netzwerke mit vielen gemeinsamen Mitgliedern an einen Tisch zu bringen. "
        "Jede Empfehlung nennt ihre Belege; entscheiden müssen die Beteiligten."
    ),
    "Hidden Champion (verborgenes Schwergewicht)": (
        "Ein Akteur, der deutlich wichtiger ist, als Zahl und Größe seiner Netzwerke erwarten "
        "lassen – etwa weil viele zentrale Akteure ihn als Partner nennen. Der Abschnitt "
        "„Verborgener Einfluss“ nennt für jeden den Grund."
    ),
    "Knotenpunkt (Hub)": (
        "Ein Akteur, der in besonders vielen Netzwerken mitwirkt und dadurch viele Partner hat; "
        "über ihn erreicht man schnell große Teile der Region."
    ),
    "Kooperationspotenzial": (
        "Ein Vorschlag für eine neue Zusammenarbeit: zwei Akteure, die noch kein Netzwerk "
        "teilen, aber zu denselben Themen für dieselben Zielgruppen arbeiten, nah beieinander "
        "liegen und gemeinsame Partner haben – oder ein Netzwerk, in das ein Akteur passen würde."
    ),
    "Kurze Wege (Closeness)": (
        "Misst, wie schnell ein Akteur über gemeinsame Netzwerke alle anderen erreicht: 1 heißt, "
        "alle sind direkt erreichbar; je kleiner der Wert, desto länger die Wege (zweimodal nach "
        "Borgatti & Everett 1997)."
    ),
    "Mischungsmatrix": (
        "Eine Tabelle, die zählt, wie viele Paare von Akteuren mit gemeinsamem Netzwerk es "
        "zwischen je zwei Gruppen gibt – etwa zwischen zwei Landkreisen."
    ),
    "Modularität": (
        "Misst, wie klar sich das Netz in getrennte Gemeinschaften teilt; Werte über 0,3 zeigen "
        "eine deutliche Gruppenbildung, Werte nahe 0 ein durchmischtes Netz (Newman 2006)."
    ),
    "Netzwerk": (
        "Ein Zusammenschluss, in dem mehrere Akteure mitwirken: ein Netzwerk, Arbeitskreis, "
        "Gremium oder Runder Tisch."
    ),
    "Netzwerkanteil (Degree)": (
        "Der Anteil aller Netzwerke, in denen ein Akteur mitwirkt: 0,1 heißt, er ist in jedem "
        "zehnten Netzwerk dabei (zweimodal nach Borgatti & Everett 1997)."
    ),
    "Partner": (
        "Die verschiedenen Institutionen, mit denen ein Akteur mindestens ein Netzwerk teilt."
    ),
    "Pseudonym": (
        "Ein neutraler Name wie „Schule 3“ für eine Institution, die einer Veröffentlichung "
        "nicht zugestimmt hat; sie zählt in allen Kennzahlen mit."
    ),
    "Rang mit Intervall (Fallweglassen)": (
        "Ein Rang wie „3 (2–6)“: Platz 3 in dieser Befragung; in Klammern, zwischen welchen "
        "Rängen der Platz in 9 von 10 Fällen läge, wenn ein anderes Viertel der Akteure nicht "
        "teilgenommen hätte. Dafür wird die Auswertung oft ohne ein zufällig gewähltes Viertel "
        "der Akteure wiederholt (Epskamp, Borsboom & Fried 2018; Costenbader & Valente 2003)."
    ),
    "Raumtyp": (
        "Ob der Sitz eines Akteurs städtisch (Gemeinde ab 15.000 Einwohnern) oder ländlich ist, "
        "nach dem Gemeindeverzeichnis."
    ),
    "Stabilität einer Gemeinschaft": (
        "Wie oft die Akteure einer Gemeinschaft zusammenbleiben, wenn die Suche nach "
        "Gemeinschaften mit anderen Startwerten wiederholt wird: ab 85 % sehr stabil, ab 75 % "
        "stabil, ab 60 % locker, darunter instabil (nach Hennig 2007)."
    ),
    "Stärke eines Vorschlags (Punktzahl)": (
        "Wie gut zwei Akteure – oder ein Akteur und ein Netzwerk – zusammenpassen: je höher, "
        "desto mehr gemeinsame Themen, Zielgruppen und Partner und desto kürzer der Weg. "
        "Vorschläge mit Akteuren im ländlichen Raum werden stärker gewichtet."
    ),
    "Überschneidung der Mitglieder (Jaccard-Index)": (
        "Der Anteil der Mitglieder, die zwei Netzwerke gemeinsam haben, an allen Mitgliedern "
        "beider zusammen: 0 heißt kein gemeinsames Mitglied, 1 heißt genau dieselben Mitglieder."
    ),
    "Verbindungen zwischen Gruppen (E-I-Index)": (
        "Vergleicht Verbindungen zwischen Gruppen, etwa zwischen Landkreisen, mit Verbindungen "
        "innerhalb der Gruppen: −1 heißt nur innerhalb, +1 nur zwischen den Gruppen "
        "(Krackhardt & Stern 1988)."
    ),
    "Vermittlerrolle (Betweenness)": (
        "Wie oft ein Akteur auf dem kürzesten Weg zwischen zwei anderen liegt. Wer hier hoch "
        "steht, kann Informationen weitergeben oder zurückhalten (zweimodal nach Borgatti & "
        "Everett 1997)."
    ),
    "Vielfalt (Blau-Index)": (
        "Misst, wie gemischt die Mitglieder eines Netzwerks sind: 0, wenn alle derselben "
        "Akteursart angehören; je näher an 1, desto gleichmäßiger sind viele Arten vertreten "
        "(Blau 1977)."
    ),
    "Weißer Fleck": (
        "Ein Thema, zu dem in einem Landkreis kein Netzwerk arbeitet, in dem Akteure aus diesem "
        "Landkreis mitwirken."
    ),
    "Zentralisierung": (
        "Misst, wie sehr sich die Verbindungen auf wenige Akteure konzentrieren: 0 heißt, alle "
        "sind gleich stark vernetzt; 1 heißt, alles läuft über einen einzigen Akteur."
    ),
    "Zufällig kaum erklärbar (p-Wert, q-Wert)": (
        "Der p-Wert gibt an, wie oft ein mindestens so deutliches Ergebnis entstünde, wenn "
        "Mitglieder oder Gruppen rein zufällig verteilt wären; unter 0,05 erklärt der Zufall es "
        "kaum. Der q-Wert korrigiert den p-Wert dafür, dass viele Netzwerkpaare zugleich "
        "geprüft werden (Benjamini & Hochberg 1995)."
    ),
    "Zweimodales Netz": (
        "Das Netz aus zwei Arten von Punkten, Akteuren und Netzwerken: Jeder Akteur ist mit den "
        "Netzwerken verbunden, in denen er mitwirkt."
    ),
}

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})


def sort_key(term: str) -> str:
    """German dictionary order: case-insensitive, umlauts as their base letter (Ü under U)."""
    return term.casefold().translate(_FOLD)


def glossary_items(glossary: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """The (term, explanation) pairs in German alphabetical order."""
    entries = GLOSSARY if glossary is None else glossary
    return sorted(entries.items(), key=lambda kv: sort_key(kv[0]))


def explain(term: str) -> str:
    """The explanation of ``term`` (exact term, or the part before the brackets, e.g.
    ``"Vermittlerrolle"`` or the technical name in the brackets, e.g. ``"Betweenness"``)."""
    if term in GLOSSARY:
        return GLOSSARY[term]
    wanted = sort_key(term.strip())
    for key, text in GLOSSARY.items():
        plain, _, bracket = key.partition(" (")
        if wanted in (sort_key(plain), sort_key(bracket.rstrip(")"))):
            return text
    raise KeyError(term)


def glossary_html(glossary: dict[str, str] | None = None) -> str:
    """The glossary as an escaped HTML definition list (``<dl class="glossar">``)."""
    rows = "".join(
        f"<dt>{html.escape(term)}</dt><dd>{html.escape(text)}</dd>"
        for term, text in glossary_items(glossary)
    )
    return f'<dl class="glossar">{rows}</dl>'


def glossary_fragment() -> HtmlFragment:
    """The glossary for a notebook cell (``display(glossary_fragment())``)."""
    return HtmlFragment(glossary_html(), summary="Glossar")
