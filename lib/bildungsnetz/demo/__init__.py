"""Synthetic demo survey waves (docs/product.md, "Demo data"): ``write_demo(data_dir, scale)``.

Writes three waves of a made-up but realistic education landscape of the Lausitz to
``data_dir/raw/<wave>/``, each in a different input form and as messy as real survey data:

- ``2024``: a LimeSurvey response export (``results-survey482915.csv``) with its mapping
  ``zuordnung.csv`` and the office's network register ``netzwerke.csv``;
- ``2025``: one XLSX workbook of the tidy template (``Netzwerkanalyse_2025.xlsx``);
- ``2026``: CSV files of the tidy template (``akteure.csv`` as Excel writes it: ``;`` and
  Windows-1252; ``netzwerke.csv`` UTF-8 with BOM and NFD umlauts; ``mitgliedschaften.csv`` and
  ``kooperationen.csv`` plain UTF-8).

Beside the waves it writes ``raw/ground_truth.json`` (the planted structures, with canonical
names and ids) and the reference data to ``external/`` (the package's gazetteer, districts and
vocabularies byte for byte; the package's alias table plus the demo's own aliases).

How the world is made (rules the other modules may rely on; details in ground_truth.json):

- Actors: real institutions of the region (chambers, employment agencies, Jobcenter, districts,
  ministries, WRL, SAS, universities, LEAG, Domowina, ...) plus invented ones per category, in
  the shares of ``vokabular.csv`` (``anteil``) in every wave; ~180/250/320 per wave and scale,
  ~5 % leave after each wave. Places come from ``gemeinden.csv``, weighted by population^1.1,
  cities ×1.4 and district seats ×2, so that ~2/3 of the actors sit in ``städtisch`` places.
- Networks: the known ones named in docs/product.md plus invented ones from templates (per
  district or town), ~60/80/100 per wave and scale; 1–4 topics and target groups each; sizes
  heavy-tailed.
  Members are drawn by activity × district fit × topic overlap, so that chambers, agencies and
  universities are hubs and city actors are in more networks. District networks take members
  of their own state only; only the planted bridge actors sit in district networks of both.
- Planted: two duplicate network pairs, four bridges, four hidden champions, one renamed
  institution, new connections between waves; no other pair of networks of the same district
  overlaps with Jaccard >= 0.4 (>= 0.25 if their topics are alike too).
- Messiness never aborts the cleaning: every name in a membership, cooperation or
  coordination resolves by ``name_key`` or by the alias table written to ``external/``.

Everything is derived from one seeded random stream whose only primitive used is
``random()`` (guaranteed stable across Python versions); no set or hash order, no clock. The
XLSX is written with fixed zip dates and fixed document properties, so the same call gives
byte-identical files.

Modules, in the order the data flow through them:

==========================  ====================================================================
``rng``                     the seeded random stream (only ``Random.random()``)
``refdata``                 the reference files the generator reads, with look-ups
``vocab``                   categories, topic and target-group keys, category profiles
``names``, ``people``       name pools, the registry of names in use, institution names;
                            contact persons, e-mail addresses, phone numbers
``world``                   actors, networks and the state the generation steps share
``generator``               the generation steps in their fixed order:
``actors``, ``networks``    real and invented actors; known and invented networks
``memberships``             members per wave, drawn by affinity; roles
``planted``                 duplicate pairs, bridges, hidden champions, new connections
``cooperations``            cooperation ties of 2025 and 2026
``response``                who does not answer the survey in each wave (non-response)
``messy``                   name and value variants, empty fields, wrong places
``render_limesurvey``       the 2024 wave as a LimeSurvey export with mapping and register
``render_tidy``             the 2025 and 2026 waves in the tidy template
``tables``, ``xlsx``        CSV text and a deterministic XLSX writer
``expected``, ``truth``     what the cleaning must give; ``ground_truth.json``
``dataset``                 :func:`build` and :func:`write_demo`
==========================  ====================================================================
"""

from __future__ import annotations

from bildungsnetz.demo.dataset import (
    DEMO_SEED,
    GROUND_TRUTH,
    LIMESURVEY_EXPORT,
    RAW_FILES,
    REFERENCE_COPIES,
    XLSX_NAME,
    build,
    write_demo,
)
from bildungsnetz.demo.world import WAVES
from bildungsnetz.demo.xlsx import FIXED_TIME, ZIP_TIME

__all__ = [
    "DEMO_SEED",
    "FIXED_TIME",
    "GROUND_TRUTH",
    "LIMESURVEY_EXPORT",
    "RAW_FILES",
    "REFERENCE_COPIES",
    "WAVES",
    "XLSX_NAME",
    "ZIP_TIME",
    "build",
    "write_demo",
]
