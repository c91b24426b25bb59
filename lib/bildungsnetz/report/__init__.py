"""Report: what a reader sees. Depends on :mod:`bildungsnetz.analysis`, :mod:`bildungsnetz.ingest`
and the base modules.

For the notebooks (one function per item shown):

* :mod:`~bildungsnetz.report.context` – the wave, loaded once (:func:`load_context`);
* :mod:`~bildungsnetz.report.tables`, :mod:`~bildungsnetz.report.figures`,
  :mod:`~bildungsnetz.report.narrative` – the wave report's tables, figures (and the embedded
  map) and sentences; :mod:`~bildungsnetz.report.comparison` – the same for the comparison;
* :mod:`~bildungsnetz.report.gaps` – the sentence shown instead of what has no data;
* :mod:`~bildungsnetz.report.sentences` – the words of the analysis (explanations of the
  findings, as published in tables and report);
* :mod:`~bildungsnetz.report.display` – showing them: escaped, captioned, German numbers
  (with :mod:`~bildungsnetz.report.numbers`).

Building the files:

* :mod:`~bildungsnetz.report.build` – everything of one wave, and the overview;
* :mod:`~bildungsnetz.report.notebook` – running a notebook with papermill;
* :mod:`~bildungsnetz.report.htmlexport` – executed notebook → self-contained HTML report;
* :mod:`~bildungsnetz.report.netmap` – the interactive map (model → layout → render);
* :mod:`~bildungsnetz.report.exports` – Excel workbook and Gephi files;
* :mod:`~bildungsnetz.report.index` – ``index.html``;
* :mod:`~bildungsnetz.report.htmlsafe` – escaping, CSP, palettes shared by all pages.
"""
