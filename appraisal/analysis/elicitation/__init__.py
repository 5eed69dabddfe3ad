"""Four ways to arrive at a weight set, and a record of which one was used.

A scrutiny member asked of the 2021 review "how had the weightings been arrived at?". Cabinets rarely
find it easy to type percentages, so each method here turns a judgement people can make into weights
that sum to 1, and returns the inputs it took so they can be stored with the weight set
(:class:`appraisal.case.model.Provenance`) and shown wherever the set is used.

Methods (each a pure function returning :class:`Elicited`; ``direct`` holds the first three, ``ahp`` the
fourth, ``common`` what they share, ``comparison`` one set of priorities under every method):

* :func:`points` — allocate 100 points (or any non-negative numbers); ``w_j = p_j / Σ p``.
* :func:`ranking` — order the criteria, ties allowed; rank-order centroid (Barron and Barrett, 1996),
  rank sum or rank reciprocal (Stillwell, Seaver and Edwards, 1981).
* :func:`swing` — swing weighting as in the UK government's MCA manual (DCLG, 2009): the most important
  worst-to-best swing scores 100, every other swing is scored relative to it; normalise.
* :func:`pairwise` — AHP (Saaty, 1980): judgements on the 1–9 scale, weights from the principal
  eigenvector, consistency ratio; incomplete sets by Harker's method (1987) once connected.

Bad input raises :class:`ElicitationError` (a :class:`~appraisal.errors.CaseError`, so the command line
exits 2 and the app shows the message).

References
----------
Barron, F. H. and Barrett, B. E. (1996) "Decision quality using ranked attribute weights",
    Management Science 42(11), 1515–1523.
Stillwell, W. G., Seaver, D. A. and Edwards, W. (1981) "A comparison of weight approximation techniques
    in multiattribute utility decision making", Organizational Behavior and Human Performance 28, 62–77.
Department for Communities and Local Government (2009) "Multi-criteria analysis: a manual", §5.2.10
    and §6.2.10 (swing weighting).
Saaty, T. L. (1980) "The Analytic Hierarchy Process", McGraw-Hill (1–9 scale, consistency index,
    random index, consistency ratio ≤ 0.10).
Harker, P. T. (1987) "Incomplete pairwise comparisons in the analytic hierarchy process",
    Mathematical Modelling 9(11), 837–848.
Alonso, J. A. and Lamata, M. T. (2006) "Consistency in the analytic hierarchy process: a new
    approach", Int. J. of Uncertainty, Fuzziness and Knowledge-Based Systems 14(4), 445–459.

The package face: ``from appraisal.analysis import elicitation as el`` then ``el.ranking(...)``.
"""

from appraisal.analysis.elicitation.ahp import (
    CR_THRESHOLD,
    RANDOM_INDEX,
    SAATY_SCALE,
    SAATY_WORDS,
    Consistency,
    Judgement,
    components,
    consistent_judgements,
    nearest_saaty,
    pairwise,
    pairwise_from_matrix,
    parse_judgement_value,
    principal_eigenvector,
    random_index,
    ratio_text,
    saaty_label,
)
from appraisal.analysis.elicitation.common import (
    METHOD_NAMES,
    METHODS,
    RANKING_VARIANTS,
    SWING_TOP,
    ElicitationError,
    Elicited,
)
from appraisal.analysis.elicitation.comparison import (
    LABELS,
    MethodComparison,
    MethodResult,
    as_methods,
    compare_methods,
    order_from_weights,
)
from appraisal.analysis.elicitation.direct import (
    parse_order,
    points,
    rank_reciprocal_weights,
    rank_sum_weights,
    ranking,
    roc_weights,
    swing,
    tiered_weights,
)

__all__ = [
    "CR_THRESHOLD",
    "LABELS",
    "METHODS",
    "METHOD_NAMES",
    "RANDOM_INDEX",
    "RANKING_VARIANTS",
    "SAATY_SCALE",
    "SAATY_WORDS",
    "SWING_TOP",
    "Consistency",
    "ElicitationError",
    "Elicited",
    "Judgement",
    "MethodComparison",
    "MethodResult",
    "as_methods",
    "compare_methods",
    "components",
    "consistent_judgements",
    "nearest_saaty",
    "order_from_weights",
    "pairwise",
    "pairwise_from_matrix",
    "parse_judgement_value",
    "parse_order",
    "points",
    "principal_eigenvector",
    "random_index",
    "rank_reciprocal_weights",
    "rank_sum_weights",
    "ranking",
    "ratio_text",
    "roc_weights",
    "saaty_label",
    "swing",
    "tiered_weights",
]
