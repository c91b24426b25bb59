"""Analysis: the numbers of a cleaned wave and of the comparison of waves.

Returns numbers, tables and the evidence of its findings; the words are the report's
(:mod:`bildungsnetz.report.sentences`). Depends on :mod:`bildungsnetz.ingest` and the base
modules.

=====================================  ==================================================
:mod:`~bildungsnetz.analysis.graphs`   the graphs of a wave (2-mode, projections,
                                       cooperations) and their node attributes
:mod:`~bildungsnetz.analysis.measures` network measures by family, with their sources
:mod:`~bildungsnetz.analysis.findings` duplicate structures, cooperation potential,
                                       hidden champions, community profiles
:mod:`~bildungsnetz.analysis.tables`   the analysis tables of a wave (``analyse_wave``)
:mod:`~bildungsnetz.analysis.cache`    the analysis computed once and kept for the report
:mod:`~bildungsnetz.analysis.compare`  development over waves
=====================================  ==================================================
"""
