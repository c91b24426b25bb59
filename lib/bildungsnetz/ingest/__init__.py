"""Ingest: one survey wave's raw files -> canonical tables with stable ids and a cleaning log.

Entry point: :func:`~bildungsnetz.ingest.clean.clean_wave`. Depends only on the base modules.

Reading a wave folder into staged records
    :mod:`~bildungsnetz.ingest.files` (what each file of a wave folder is),
    :mod:`~bildungsnetz.ingest.template` (the tidy template),
    :mod:`~bildungsnetz.ingest.limesurvey` (a survey export with its mapping),
    :mod:`~bildungsnetz.ingest.mapping` (``zuordnung.csv``: its format and the drafted
    mapping), :mod:`~bildungsnetz.ingest.lss` (LimeSurvey structure files),
    :mod:`~bildungsnetz.ingest.staging` (staged records and the cleaning log's vocabulary),
    :mod:`~bildungsnetz.ingest.readers` (strict CSV/XLSX reading),
    :mod:`~bildungsnetz.ingest.reference` (gazetteer, vocabularies, alias table).
Cleaning steps on one :class:`~bildungsnetz.ingest.state.CleaningState`
    :mod:`~bildungsnetz.ingest.actors`, :mod:`~bildungsnetz.ingest.networks`,
    :mod:`~bildungsnetz.ingest.memberships`, :mod:`~bildungsnetz.ingest.freetext`,
    :mod:`~bildungsnetz.ingest.review` (duplicate proposals).
Processed tables
    :mod:`~bildungsnetz.ingest.processed` reads and writes ``processed/<wave>/``.

The import order is fixed by an import-linter contract in ``pyproject.toml``.
"""
