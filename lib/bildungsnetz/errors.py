"""The one exception type that reaches the user, with a German message."""

from __future__ import annotations


class BildungsnetzError(Exception):
    """A problem with the input that the user must fix.

    The message is German and names, where known, the file, the row (line number as a
    spreadsheet shows it, header = 1) and the column. The command line prints it without a
    traceback and exits with status 1.
    """

    def __init__(self, message: str, datei=None, zeile=None, spalte=None):
        self.message = message
        self.datei = str(datei) if datei is not None else None
        self.zeile = zeile
        self.spalte = spalte
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = []
        if self.datei:
            where.append(f"Datei {self.datei}")
        if self.zeile is not None:
            where.append(f"Zeile {self.zeile}")
        if self.spalte:
            where.append(f"Spalte „{self.spalte}“")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message
