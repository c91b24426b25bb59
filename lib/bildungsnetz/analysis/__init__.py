"""Analysis: graphs and measures of a cleaned wave, findings, the analysis tables and the
numbers of the wave comparison. Returns numbers and tables; the words are the report's.
Depends on :mod:`bildungsnetz.ingest` and the base modules.
"""
