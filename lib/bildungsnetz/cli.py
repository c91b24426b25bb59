"""The ``bildungsnetz`` command: run, clean, analyse, zuordnung, fragebogen, demo.

Messages to the user are German. Input problems (BildungsnetzError) are printed without a
traceback and give exit status 1.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from bildungsnetz.errors import BildungsnetzError

DEFAULT_TIMEOUT = 1800  # = pipeline.DEFAULT_TIMEOUT (not imported: keeps --help fast)


def _print_err(message: str) -> None:
    print(f"Fehler: {message}", file=sys.stderr)


@contextmanager
def _single_step(data_dir: Path, wave: str):
    """``processed/<wave>`` of a single step (clean, analyse) is replaced as a whole or not at
    all: the previous state is kept until the step has succeeded (see ``safety``)."""
    from bildungsnetz.config import processed_dir
    from bildungsnetz.safety import (
        ERROR_LOG,
        FolderTransaction,
        check_outputs,
        data_lock,
        validate_wave,
    )

    validate_wave(data_dir, wave)
    check_outputs(data_dir, wave)
    folder = processed_dir(data_dir, wave)
    transaction = FolderTransaction([folder], mode="copy")
    with data_lock(data_dir), transaction:
        if transaction.restored:
            print(
                f"  Reste eines abgebrochenen Laufs in {folder.parent} gefunden – vorheriger "
                "Stand wiederhergestellt."
            )
        yield folder
        stale_log = folder / ERROR_LOG  # from an earlier failed attempt
        if stale_log.is_file():
            stale_log.unlink()


def _seconds_text(started: float) -> str:
    """The time since ``started`` as the console shows it: „0,4 s“ (German decimal comma)."""
    from bildungsnetz.text import german_seconds

    return german_seconds(time.perf_counter() - started)


def _cmd_clean(args) -> int:
    from bildungsnetz.ingest.clean import accounting, clean_wave
    from bildungsnetz.ingest.staging import FILE_IGNORED, FILE_TABLE
    from bildungsnetz.text import german_count

    started = time.perf_counter()
    with _single_step(Path(args.data), args.wave):
        result = clean_wave(Path(args.data), args.wave)
    counts = accounting(result)
    print(
        f"Welle {result.wave} bereinigt ({result.form}) in {_seconds_text(started)}: "
        f"{german_count(len(result.akteure), 'Akteur', 'Akteure')}, "
        f"{german_count(len(result.netzwerke), 'Netzwerk', 'Netzwerke')}, "
        f"{german_count(len(result.mitgliedschaften), 'Mitgliedschaft', 'Mitgliedschaften')}."
    )
    for row in counts.itertuples(index=False):
        print(
            f"  {row.datei}: {row.gesamt} {'Zeile' if row.gesamt == 1 else 'Zeilen'} = "
            f"{row.behalten} behalten + {row.zusammengeführt} zusammengeführt + "
            f"{row.verworfen} verworfen"
        )
    files = result.log[result.log["tabelle"] == FILE_TABLE]
    for row in files[files["ergebnis"] == FILE_IGNORED].itertuples(index=False):
        print(f"  ignoriert: {row.datei}: {row.grund}")
    for row in files[files["hinweis"].str.contains("nicht sicher", regex=False)].itertuples(
        index=False
    ):
        print(f"  Achtung: {row.datei}: {row.hinweis}")
    if len(result.review):
        print(
            f"  {german_count(len(result.review), 'mögliche Dublette', 'mögliche Dubletten')} "
            f"zur Prüfung in processed/{result.wave}/dubletten_pruefen.csv"
        )
    if result.told_apart:
        pairs = (
            "weiteres ähnliches Namenspaar unterscheidet sich"
            if result.told_apart == 1
            else "weitere ähnliche Namenspaare unterscheiden sich"
        )
        verb = "wird" if result.told_apart == 1 else "werden"
        print(
            f"  {result.told_apart} {pairs} nur durch Ort, Nummer oder Himmelsrichtung und "
            f"{verb} nicht vorgeschlagen"
        )
    return 0


def _cmd_analyse(args) -> int:
    from bildungsnetz.pipeline import analyse_step

    started = time.perf_counter()
    with _single_step(Path(args.data), args.wave):
        analyse_step(Path(args.data), args.wave)
    print(
        f"Welle {args.wave} analysiert in {_seconds_text(started)}; "
        f"Kennzahlen in {Path(args.data) / 'processed' / args.wave}."
    )
    return 0


def _cmd_zuordnung(args) -> int:
    from bildungsnetz.ingest.mapping import write_draft

    target, draft = write_draft(Path(args.data), args.wave)
    print(f"Entwurf der Zuordnung geschrieben: {target}")
    for line in draft.summary:
        print(f"  {line}")
    print(
        "Bitte den Entwurf prüfen (Spalten „feld“, „wert“ und „antworten“) und dann "
        f"„bildungsnetz run {args.wave}“ ausführen."
    )
    return 0


def _cmd_fragebogen(args) -> int:
    from bildungsnetz.ingest.questionnaire import write_questionnaire

    lss, mapping, questionnaire = write_questionnaire(
        Path(args.data), args.wave, Path(args.out), force=args.force
    )
    questions = [q for q in questionnaire.questions() if q.role == "mitglied"]
    print(
        f"Fragebogen „{questionnaire.title}“ aus dem Netzwerkregister der Welle "
        f"{questionnaire.wave} geschrieben: {lss}"
    )
    print(
        f"  {len(questionnaire.networks)} Netzwerke in {len(questions)} Listen "
        "(nach Landkreis); Optionscode = netzwerk_id, bleibt über die Jahre gleich."
    )
    print(f"  Passende Zuordnung: {mapping}")
    print(
        "In LimeSurvey unter „Umfrage erstellen → Importieren“ einlesen. Nach der Befragung "
        "den Export (Fragecodes als Überschrift, Antwortcodes), diese .lss und die "
        "zuordnung.csv in raw/WELLE/ legen und „bildungsnetz run WELLE“ ausführen."
    )
    return 0


def _cmd_demo(args) -> int:
    from bildungsnetz.demo import write_demo

    if args.scale < 1:
        raise BildungsnetzError("--scale muss eine ganze Zahl ab 1 sein.")
    written = write_demo(Path(args.data), scale=args.scale)
    print(
        f"Synthetische Demodaten (Faktor {args.scale}) geschrieben: {len(written)} Dateien "
        f"unter {Path(args.data)}."
    )
    return 0


def _cmd_run(args) -> int:
    from bildungsnetz.pipeline import run_waves
    from bildungsnetz.report.parameters import parse_parameters

    parameters = parse_parameters(args.parameters)  # German error (exit 1) before any work
    return run_waves(
        Path(args.data),
        Path(args.reports),
        list(args.waves),
        force=args.force,
        timeout=args.timeout,
        parameters=parameters,
    )


def _seconds(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"erwartet Sekunden (eine Zahl ab 0), nicht „{text}“"
        ) from None
    if not 0 <= value <= 10**7:  # NaN, negative, or beyond what OS waits accept
        raise argparse.ArgumentTypeError(f"erwartet Sekunden (eine Zahl ab 0), nicht „{text}“")
    return value


_ARGPARSE_DE = [
    (re.compile(r"the following arguments are required: (.*)"), r"Es fehlt die Angabe: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"Unbekannte Angabe(n): \1"),
    (
        re.compile(r"argument (\S+): invalid int value: (.*)"),
        r"\1 erwartet eine ganze Zahl, nicht \2",
    ),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        r"Unbekannter Befehl \2 (möglich: \3)",
    ),
    (re.compile(r"argument (\S+): expected one argument"), r"\1 braucht einen Wert"),
    (re.compile(r"argument (\S+): expected 2 arguments"), r"\1 braucht einen Namen und einen Wert"),
    (re.compile(r"^argument (\S+): (.*)"), r"\1 \2"),  # e.g. --timeout (own message)
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
            "show this help message and exit", "diese Hilfe zeigen"
        )


def build_parser() -> argparse.ArgumentParser:
    parser = _GermanParser(
        prog="bildungsnetz",
        description="Netzwerkanalyse der Bildungsakteure: Bereinigung, Analyse und Berichte "
        "je Befragungswelle.",
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="BEFEHL", parser_class=_GermanParser
    )
    _add_run_parser(sub)
    _add_wave_parsers(sub)
    _add_fragebogen_parser(sub)
    _add_demo_parser(sub)
    return parser


def _data_option(p: argparse.ArgumentParser) -> None:
    """Add the common ``--data`` option to a subcommand parser."""
    p.add_argument(
        "--data",
        default="data",
        metavar="ORDNER",
        help="Datenordner mit raw/, processed/ und external/ (Standard: ./data)",
    )


def _add_run_parser(sub) -> None:
    """Add the ``run`` subcommand."""
    p = sub.add_parser("run", help="alles für die genannten (oder alle) Wellen")
    p.add_argument("waves", nargs="*", metavar="WELLE")
    _data_option(p)
    p.add_argument(
        "--reports",
        default="reports",
        metavar="ORDNER",
        help="Ausgabeordner der Berichte (Standard: ./reports)",
    )
    p.add_argument("--force", action="store_true", help="auch unveränderte Wellen neu berechnen")
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SEKUNDEN",
        help="Zeitlimit je Welle; eine Welle, die länger braucht, wird samt ihren "
        "Prozessen abgebrochen, die anderen laufen weiter (Standard: "
        f"{DEFAULT_TIMEOUT}; 0 = ohne Zeitlimit)",
    )
    p.add_argument(
        "-p",
        "--parameters",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "WERT"),
        help="Berichtsparameter setzen, mehrfach möglich (wie bei papermill), z. B. "
        "„-p rural_weight 2,0 -p size_by degree“: size_by, color_by, rural_weight, top_n, "
        "seed, language; erklärt in „papermill --help-notebook notebooks/bericht.ipynb“ und "
        "im Abschnitt „Methodik und Dateien“ des Berichts",
    )
    p.set_defaults(func=_cmd_run)


def _add_wave_parsers(sub) -> None:
    """Add the single-wave subcommands ``clean``, ``analyse`` and ``zuordnung``."""
    p = sub.add_parser("clean", help="eine Welle bereinigen (raw → processed)")
    p.add_argument("wave", metavar="WELLE")
    _data_option(p)
    p.set_defaults(func=_cmd_clean)

    p = sub.add_parser("analyse", help="Kennzahlen einer bereinigten Welle berechnen")
    p.add_argument("wave", metavar="WELLE")
    _data_option(p)
    p.set_defaults(func=_cmd_analyse)

    p = sub.add_parser(
        "zuordnung",
        help="Entwurf von raw/WELLE/zuordnung.csv für einen Umfrage-Export "
        "(aus Kopfzeile und .lss; überschreibt nie)",
    )
    p.add_argument("wave", metavar="WELLE")
    _data_option(p)
    p.set_defaults(func=_cmd_zuordnung)


def _add_fragebogen_parser(sub) -> None:
    """Add the ``fragebogen`` subcommand."""
    p = sub.add_parser(
        "fragebogen",
        help="LimeSurvey-Fragebogen (.lss) der nächsten Welle samt zuordnung.csv aus dem "
        "Netzwerkregister einer Welle",
    )
    p.add_argument(
        "wave",
        nargs="?",
        default=None,
        metavar="WELLE",
        help="Welle, deren bereinigtes Netzwerkregister verwendet wird (Standard: die neueste "
        "bereinigte)",
    )
    _data_option(p)
    p.add_argument(
        "--out",
        required=True,
        metavar="DATEI.lss",
        help="die zu schreibende Umfragestruktur; zuordnung.csv kommt in denselben Ordner "
        "(nicht unter raw/ oder processed/)",
    )
    p.add_argument("--force", action="store_true", help="vorhandene Dateien überschreiben")
    p.set_defaults(func=_cmd_fragebogen)


def _add_demo_parser(sub) -> None:
    """Add the ``demo`` subcommand."""
    p = sub.add_parser("demo", help="synthetische Demowellen schreiben")
    _data_option(p)
    p.add_argument(
        "--scale", type=int, default=1, metavar="N", help="N-mal größere Wellen (für Messungen)"
    )
    p.set_defaults(func=_cmd_demo)


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
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1
    except Exception as exc:  # never a traceback: one German line + a log file
        return _unexpected(args, exc)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _log_folders(args) -> list[Path]:
    """Where the traceback of an unexpected error goes: ``processed/<wave>/`` (clean,
    analyse) or the reports folder (run); the system's temporary folder otherwise."""
    from bildungsnetz.safety import wave_name_problem

    data = Path(getattr(args, "data", "data"))
    if args.command in ("clean", "analyse") and wave_name_problem(args.wave) is None:
        return [data / "processed" / args.wave, data / "processed"]
    if args.command == "run":
        return [Path(args.reports)]
    return []


def _unexpected(args, exc: Exception) -> int:
    from bildungsnetz.safety import describe_os_error, log_hint, one_line, write_error_log

    details = traceback.format_exc()
    try:
        log, note = write_error_log(_log_folders(args), f"bildungsnetz {args.command}\n\n{details}")
        hint = log_hint(log, note)
    except Exception:  # the log is a help, never a second error
        hint = ""
    german = describe_os_error(exc)
    if german:
        _print_err(_one_line(german) + hint)
    else:
        _print_err(
            f"Unerwarteter interner Fehler ({one_line(exc)}).{hint} Bitte mit dieser Datei melden."
        )
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
