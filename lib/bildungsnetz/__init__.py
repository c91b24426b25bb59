"""bildungsnetz: reproducible network analysis of a regional education landscape.

The library behind the notebooks: cleaning (raw survey waves -> canonical tables),
graphs and measures, findings, reports. See docs/design.md for the data contracts.
"""

__version__ = "0.1.0"
