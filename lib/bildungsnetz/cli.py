"""The ``bildungsnetz`` command: run, clean, analyse, demo.

Messages to the user are German. Input problems (BildungsnetzError) are printed without a
traceback and give exit status 1.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from .errors import BildungsnetzError


def _print_err(message: str) -> None:
    print(f"Fehler: {message}", file=sys.stderr)


def _cmd_clean(args) -> int:
    from .clean import accounting, clean_wave

    started = time.perf_counter()
    result = clean_wave(Path(args.data), args.wave)
    counts = accounting(result)
    print(f"Welle {result.wave} bereinigt ({result.form}) in "
          f"{time.perf_counter() - started:.1f} s: {len(result.akteure)} Akteure, "
          f"{len(result.netzwerke)} Netzwerke, {len(result.mitgliedschaften)} "
          "Mitgliedschaften.")
    for row in counts.itertuples(index=False):
        print(f"  {row.datei}: {row.gesamt} Zeilen = {row.behalten} behalten + "
              f"{row.zusammengeführt} zusammengeführt + {row.verworfen} verworfen")
    if len(result.review):
        print(f"  {len(result.review)} mögliche Dubletten zur Prüfung in "
              f"processed/{result.wave}/dubletten_pruefen.csv")
    return 0


def _cmd_analyse(args) -> int:
    from .analyse import analyse_wave

    started = time.perf_counter()
    analyse_wave(Path(args.data), args.wave)
    print(f"Welle {args.wave} analysiert in {time.perf_counter() - started:.1f} s; "
          f"Kennzahlen in {Path(args.data) / 'processed' / args.wave}.")
    return 0


def _cmd_demo(args) -> int:
    from .demo import write_demo

    if args.scale < 1:
        raise BildungsnetzError("--scale muss eine ganze Zahl ab 1 sein.")
    written = write_demo(Path(args.data), scale=args.scale)
    print(f"Synthetische Demodaten (Faktor {args.scale}) geschrieben: {len(written)} Dateien "
          f"unter {Path(args.data)}.")
    return 0


def _cmd_run(args) -> int:
    from .pipeline import run_waves

    return run_waves(Path(args.data), Path(args.reports), list(args.waves), force=args.force)


_ARGPARSE_DE = [
    (re.compile(r"the following arguments are required: (.*)"), r"Es fehlt die Angabe: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"Unbekannte Angabe(n): \1"),
    (re.compile(r"argument (\S+): invalid int value: (.*)"),
     r"\1 erwartet eine ganze Zahl, nicht \2"),
    (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
     r"Unbekannter Befehl \2 (möglich: \3)"),
    (re.compile(r"argument (\S+): expected one argument"), r"\1 braucht einen Wert"),
]


class _GermanParser(argparse.ArgumentParser):
    """argparse with German usage errors (the rest of the command speaks German too)."""

    def error(self, message: str):
        for pattern, replacement in _ARGPARSE_DE:
            if pattern.search(message):
                message = pattern.sub(replacement, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"Fehler: {message}\n")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "Aufruf:")

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", "Aufruf:")
        text = text.replace("positional arguments:", "Angaben:")
        return text.replace("options:", "Optionen:").replace(
            "show this help message and exit", "diese Hilfe zeigen")


def build_parser() -> argparse.ArgumentParser:
    parser = _GermanParser(
        prog="bildungsnetz",
        description="Netzwerkanalyse der Bildungsakteure: Bereinigung, Analyse und Berichte "
                    "je Befragungswelle.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="BEFEHL",
                                parser_class=_GermanParser)

    def data_option(p):
        p.add_argument("--data", default="data", metavar="ORDNER",
                       help="Datenordner mit raw/, processed/ und external/ (Standard: ./data)")

    p = sub.add_parser("run", help="alles für die genannten (oder alle) Wellen")
    p.add_argument("waves", nargs="*", metavar="WELLE")
    data_option(p)
    p.add_argument("--reports", default="reports", metavar="ORDNER",
                   help="Ausgabeordner der Berichte (Standard: ./reports)")
    p.add_argument("--force", action="store_true",
                   help="auch unveränderte Wellen neu berechnen")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("clean", help="eine Welle bereinigen (raw → processed)")
    p.add_argument("wave", metavar="WELLE")
    data_option(p)
    p.set_defaults(func=_cmd_clean)

    p = sub.add_parser("analyse", help="Kennzahlen einer bereinigten Welle berechnen")
    p.add_argument("wave", metavar="WELLE")
    data_option(p)
    p.set_defaults(func=_cmd_analyse)

    p = sub.add_parser("demo", help="synthetische Demowellen schreiben")
    data_option(p)
    p.add_argument("--scale", type=int, default=1, metavar="N",
                   help="N-mal größere Wellen (für Messungen)")
    p.set_defaults(func=_cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BildungsnetzError as exc:
        _print_err(str(exc))
        return 1
    except KeyboardInterrupt:
        _print_err("abgebrochen.")
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
