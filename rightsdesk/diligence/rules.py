"""The published rule that turns an impact's scores into its severity and its priority.

UN Guiding Principles 14 and 24: severity is judged by scale, scope and irremediable character;
severity comes before likelihood; and what delay would make irremediable comes first. The rule is
versioned: a register row records the version it was scored under, and every page that shows a
score shows the rule (`RULE_TEXT`) beside it. Change the rule only by adding a new version.

Version 1:

- severity = the highest of scale, scope and irremediability (1 to 4). The highest, not the mean:
  a grave harm to a few people is not made mild by its small scope.
- irremediable: irremediability is 4 ("cannot be undone").
- priority band: top when irremediable or severity 4; high at 3; medium at 2; low at 1.
  Likelihood never moves an impact to another band.
- ranking (`rank_key`): by severity, then irremediable before not, then likelihood (an actual
  impact counts as certain, 4), then confidence. Since an irremediable impact has severity 4
  under this rule, it always ranks above every impact that is not irremediable.

Pure functions, no Django models: the register, the clock, the reports, the API and the property
tests all call these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

RULE_VERSION = 1
SCORE_MIN, SCORE_MAX = 1, 4
IRREMEDIABLE = 4
CERTAIN = 4

RULE_TEXT = _(
    "Rule v1: severity is the highest of scale, scope and irremediability; an irremediable "
    "impact is always top priority; likelihood only orders impacts of the same severity."
)


class Band:
    TOP = "top"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


BAND_LABELS = {
    Band.TOP: _("Top priority"),
    Band.HIGH: _("High priority"),
    Band.MEDIUM: _("Medium priority"),
    Band.LOW: _("Low priority"),
}
_BANDS = {4: Band.TOP, 3: Band.HIGH, 2: Band.MEDIUM, 1: Band.LOW}


@dataclass(frozen=True)
class Scores:
    """One impact's scores (or its residual scores after mitigation). `likelihood` is None for
    an actual impact (it is happening: counted as certain)."""

    scale: int
    scope: int
    irremediability: int
    likelihood: int | None = None
    confidence: int = 2

    def __post_init__(self) -> None:
        for name in ("scale", "scope", "irremediability"):
            value = getattr(self, name)
            if not SCORE_MIN <= value <= SCORE_MAX:
                raise ValueError(f"{name} {value} is outside 1-4")
        if self.likelihood is not None and not SCORE_MIN <= self.likelihood <= SCORE_MAX:
            raise ValueError(f"likelihood {self.likelihood} is outside 1-4")


def severity(scores: Scores) -> int:
    """The highest of scale, scope and irremediability."""
    return max(scores.scale, scores.scope, scores.irremediability)


def irremediable(scores: Scores) -> bool:
    return scores.irremediability >= IRREMEDIABLE


def band(scores: Scores) -> str:
    """The priority band; likelihood plays no part in it."""
    if irremediable(scores):
        return Band.TOP
    return _BANDS[severity(scores)]


def effective_likelihood(scores: Scores) -> int:
    return CERTAIN if scores.likelihood is None else scores.likelihood


def rank_key(scores: Scores) -> tuple[int, int, int, int]:
    """Sort key, highest first when sorted with `reverse=True` (see `ranked`)."""
    return (
        severity(scores),
        1 if irremediable(scores) else 0,
        effective_likelihood(scores),
        scores.confidence,
    )


def ranked[T](items: list[T], scores_of: Callable[[T], Scores]) -> list[T]:
    """`items` ordered by the rule, the first the most urgent."""
    return sorted(items, key=lambda item: rank_key(scores_of(item)), reverse=True)
