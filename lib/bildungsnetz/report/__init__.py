"""Report: what a reader sees. The report context, tables and figures for the notebooks,
German sentences, HTML export, the interactive map, Excel and Gephi files, the index page.
Depends on :mod:`bildungsnetz.analysis`, :mod:`bildungsnetz.ingest` and the base modules.
"""
