"""Differentially private counts for trend charts (optional; docs/transparency.md, "Noise").

A trend chart (threat reports by month over two years, say) needs the shape, not exact counts:
each count gets discrete Laplace noise from OpenDP, a vetted library, instead of being
suppressed. Every demand or report counts in one bin, so adding or removing one person's record
changes the vector by 1 in L1, and noise of scale 1/epsilon makes the whole vector
epsilon-differentially private. Negative results are shown as 0 (post-processing, free). The
epsilon is spent from the year's budget (`services.budget_spend`) before any number is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import opendp.prelude as dp

dp.enable_features("contrib")


def noisy_counts(counts: Sequence[int], epsilon: float) -> list[int]:
    """`counts` with discrete Laplace noise so that the list is epsilon-DP (records counted
    once each); never negative. The caller has spent `epsilon` from the budget."""
    if not epsilon > 0:
        raise ValueError("epsilon is positive")
    if any(type(n) is not int or n < 0 for n in counts):
        raise ValueError("counts are whole numbers from 0")
    measurement = _mechanism(epsilon)
    return [max(0, int(n)) for n in measurement(list(counts))]


def _mechanism(epsilon: float) -> dp.Measurement:
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    return dp.m.make_laplace(*space, scale=1.0 / epsilon)


def privacy_loss(epsilon: float) -> float:
    """What OpenDP itself says the mechanism costs for one record: the figure the tests check
    equals the epsilon spent."""
    return float(_mechanism(epsilon).map(1))  # type: ignore[no-untyped-call]  # OpenDP: untyped
