"""Ingest: one survey wave's raw files -> canonical tables with stable ids and a cleaning log.

Readers for CSV and XLSX (:mod:`~bildungsnetz.ingest.readers`), the reference data
(:mod:`~bildungsnetz.ingest.reference`), the survey-tool forms (:mod:`~bildungsnetz.ingest.lss`,
:mod:`~bildungsnetz.ingest.limesurvey`, :mod:`~bildungsnetz.ingest.mapping`) and the cleaning
itself (:mod:`~bildungsnetz.ingest.clean`). Depends only on the base modules.
"""
