"""bildungsnetz: reproducible network analysis of a regional education landscape.

The library behind the report notebooks, in layers whose imports point one way:

- :mod:`bildungsnetz.ingest`: raw survey waves -> canonical tables and a cleaning log;
- :mod:`bildungsnetz.analysis`: graphs, measures, findings, the wave comparison's numbers;
- :mod:`bildungsnetz.report`: what a reader sees (tables, figures, sentences, HTML, map);
- :mod:`bildungsnetz.pipeline` and :mod:`bildungsnetz.cli`: the batch run and the command;

on top of the base modules :mod:`~bildungsnetz.config`, :mod:`~bildungsnetz.safety`,
:mod:`~bildungsnetz.text` and :mod:`~bildungsnetz.errors`. See docs/design.md.
"""

__version__ = "0.2.0"
