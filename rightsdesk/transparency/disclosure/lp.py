"""Exact ranges by linear programming (HiGHS): what a reader can work out from what is published.

A reader who has the published table knows a system of linear facts about the true inside cells
(a shown number is a sum of inside cells; "fewer than 5" bounds one; every count is at least 0).
The smallest and largest value a suppressed number can take under those facts is what they can
learn about it. The constraint matrices here (rows, columns, their totals; and, across two
releases, the same families once more) are the incidence matrices of two laminar families of
sets, hence totally unimodular: every vertex of the polytope is whole, so the LP's bounds are the
bounds over whole-number tables too (the tests check this against exhaustive enumeration).
Two releases audited together are not covered by that argument (the earlier grand total crosses
the later rows and columns), so that audit asks HiGHS for whole numbers (`System.whole`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
from highspy import HighsModelStatus, HighsVarType, ObjSense, kHighsInf
from highspy._core import _Highs

# A linear form: (variable index, coefficient) pairs.
Form = tuple[tuple[int, float], ...]

INF = kHighsInf


@dataclass
class System:
    """Variables with bounds and linear constraints `lo <= form <= hi`; `whole`: ask for whole
    numbers (a mixed-integer program) where the matrix is not known to be unimodular."""

    whole: bool = False
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    constraints: list[tuple[Form, float, float]] = field(default_factory=list)

    def variables(self, count: int) -> int:
        """Add `count` variables, each at least 0; returns the first one's index."""
        first = len(self.lower)
        self.lower += [0.0] * count
        self.upper += [INF] * count
        return first

    def bound(self, form: Form, lo: float, hi: float) -> None:
        if len(form) == 1 and form[0][1] == 1.0:
            index = form[0][0]
            self.lower[index] = max(self.lower[index], lo)
            self.upper[index] = min(self.upper[index], hi)
        else:
            self.constraints.append((form, lo, hi))


def ranges(system: System, objectives: Sequence[Form]) -> list[tuple[int, int | None]]:
    """For each form, its smallest and largest whole value (None: no upper limit) subject to
    `system`. The system must be feasible (it describes tables the truth satisfies)."""
    return list(iter_ranges(system, objectives))


def iter_ranges(system: System, objectives: Sequence[Form]) -> Iterator[tuple[int, int | None]]:
    """`ranges`, one form at a time, so a caller looking for the first failure stops there."""
    highs = _Highs()  # the pybind class: the wrapper prints a banner on stdout when built
    highs.setOptionValue("output_flag", False)
    n = len(system.lower)
    highs.addCols(
        n,
        np.zeros(n),
        np.array(system.lower, dtype=np.float64),
        np.array(system.upper, dtype=np.float64),
        0,
        np.zeros(n, dtype=np.int32),
        np.array([], dtype=np.int32),
        np.array([], dtype=np.float64),
    )
    for form, lo, hi in system.constraints:
        highs.addRow(
            lo,
            hi,
            len(form),
            np.array([i for i, _ in form], dtype=np.int32),
            np.array([c for _, c in form], dtype=np.float64),
        )
    everything = np.arange(n, dtype=np.int32)
    if system.whole:
        highs.changeColsIntegrality(
            n, everything, np.full(n, int(HighsVarType.kInteger), dtype=np.uint8)
        )
        highs.setOptionValue("mip_rel_gap", 0.0)  # the exact optimum, not one within 0.01%
    for form in objectives:
        costs = np.zeros(n)
        for index, coefficient in form:
            costs[index] += coefficient
        highs.changeColsCost(n, everything, costs)
        low = _optimum(highs, ObjSense.kMinimize)
        high = _optimum(highs, ObjSense.kMaximize)
        if low is None:  # never: every form here is a count or a growth, at least 0
            raise ValueError("a published number without a lower limit")
        yield math.ceil(low - 1e-6), None if high is None else math.floor(high + 1e-6)


_DECIDED = (
    HighsModelStatus.kOptimal,
    HighsModelStatus.kUnbounded,
    HighsModelStatus.kUnboundedOrInfeasible,
)


def _optimum(highs: _Highs, sense: ObjSense) -> float | None:
    highs.changeObjectiveSense(sense)
    highs.run()
    status = highs.getModelStatus()
    if status not in _DECIDED:
        # HiGHS may stop undecided from a warm start ("Unknown"); solve again from scratch.
        highs.clearSolver()
        highs.run()
        status = highs.getModelStatus()
    if status == HighsModelStatus.kOptimal:
        return float(highs.getInfo().objective_function_value)
    if status in (HighsModelStatus.kUnbounded, HighsModelStatus.kUnboundedOrInfeasible):
        return None
    raise ValueError(f"the published facts have no solution ({highs.modelStatusToString(status)})")
