"""Findings: duplicate structures, cooperation potential, hidden champions, community profiles.

All functions work on the graphs of :mod:`bildungsnetz.analysis.graphs` (node attributes
``name``, ``landkreis``, ``raumtyp``, ``lat``, ``lon``, ``themen``, ``zielgruppen`` as
``;``-joined strings) and return DataFrames with one row per finding, sorted
deterministically. The findings are numbers and evidence: each row of a duplicate structure,
a suggestion or an actor carries an evidence record (:mod:`~.findings.evidence`) from which
the report writes its German explanation (:mod:`bildungsnetz.report.sentences`).

======================================  =================================================
:mod:`~.findings.duplicates`            networks doing the same work (Doppelstrukturen)
:mod:`~.findings.potentials`            actor pairs and actor → network suggestions
:mod:`~.findings.champions`             hidden champions
:mod:`~.findings.profiles`              community profiles, topic tables
:mod:`~.findings.recommendations`       next steps derived from the findings
:mod:`~.findings.response`              who answered; rankings among respondents only
:mod:`~.findings.evidence`              the evidence records behind the explanations
:mod:`~.findings.actor_arrays`          dense arrays of the actors (for the potentials)
======================================  =================================================
"""

from bildungsnetz.analysis.findings.champions import hidden_champions
from bildungsnetz.analysis.findings.duplicates import (
    DUPLICATE_COLUMNS,
    DUPLICATE_MAX_Q,
    DUPLICATE_SCORE_WEIGHTS,
    benjamini_hochberg,
    duplicate_structures,
    overlap_p_values,
)
from bildungsnetz.analysis.findings.evidence import (
    EVIDENCE,
    TEXT_COLUMNS,
    ChampionEvidence,
    DuplicateEvidence,
    NetworkEvidence,
    PairEvidence,
)
from bildungsnetz.analysis.findings.potentials import (
    DISTANCE_SCALE_KM,
    NETWORK_WEIGHTS,
    PARTNER_HALF,
    POTENTIAL_COLUMNS,
    POTENTIAL_WEIGHTS,
    actor_pair_potential,
    cooperation_potential,
    network_suggestions,
    top_per_kind,
)
from bildungsnetz.analysis.findings.profiles import (
    COMMUNITY_COLUMNS,
    describe_communities,
    topic_district_matrix,
    topic_target_matrix,
)
from bildungsnetz.analysis.findings.recommendations import (
    RECOMMENDATION_COLUMNS,
    RECOMMENDATION_KINDS,
    BridgeEvidence,
    InviteEvidence,
    MergeEvidence,
    MissingNetworkEvidence,
    Ref,
    bridge_steps,
    invite_steps,
    merge_steps,
    missing_network_steps,
    recommendations,
)
from bildungsnetz.analysis.findings.response import (
    COVERAGE_COLUMNS,
    RANKING_COLUMNS,
    RankingChange,
    ResponseResults,
    ranking_change,
    respondent_graph,
    respondent_rankings,
    response_coverage,
    response_figures,
    response_results,
    response_status,
    spearman_correlation,
)
from bildungsnetz.analysis.graphs import REGION, RURAL
from bildungsnetz.analysis.measures.similarity import haversine_km, jaccard

__all__ = [
    "REGION",
    "RURAL",
    # evidence
    "EVIDENCE",
    "TEXT_COLUMNS",
    "DuplicateEvidence",
    "PairEvidence",
    "NetworkEvidence",
    "ChampionEvidence",
    # duplicate structures
    "DUPLICATE_COLUMNS",
    "DUPLICATE_SCORE_WEIGHTS",
    "DUPLICATE_MAX_Q",
    "duplicate_structures",
    "overlap_p_values",
    "benjamini_hochberg",
    # cooperation potential
    "POTENTIAL_WEIGHTS",
    "NETWORK_WEIGHTS",
    "PARTNER_HALF",
    "POTENTIAL_COLUMNS",
    "DISTANCE_SCALE_KM",
    "actor_pair_potential",
    "network_suggestions",
    "cooperation_potential",
    "top_per_kind",
    # hidden champions
    "hidden_champions",
    # profiles
    "COMMUNITY_COLUMNS",
    "describe_communities",
    "topic_target_matrix",
    "topic_district_matrix",
    # recommendations
    "RECOMMENDATION_KINDS",
    "RECOMMENDATION_COLUMNS",
    "Ref",
    "MergeEvidence",
    "InviteEvidence",
    "MissingNetworkEvidence",
    "BridgeEvidence",
    "merge_steps",
    "invite_steps",
    "missing_network_steps",
    "bridge_steps",
    "recommendations",
    # non-response
    "COVERAGE_COLUMNS",
    "RANKING_COLUMNS",
    "RankingChange",
    "ResponseResults",
    "ranking_change",
    "respondent_graph",
    "respondent_rankings",
    "response_coverage",
    "response_figures",
    "response_results",
    "response_status",
    "spearman_correlation",
    # re-exported measures used with the findings
    "haversine_km",
    "jaccard",
]
