"""The published rule, as properties: whatever the scores, severity outranks likelihood and an
irremediable impact ranks first."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.diligence.rules import (
    Band,
    Scores,
    band,
    irremediable,
    rank_key,
    ranked,
    severity,
)

score = st.integers(min_value=1, max_value=4)
scores = st.builds(
    Scores,
    scale=score,
    scope=score,
    irremediability=score,
    likelihood=st.one_of(st.none(), score),
    confidence=st.integers(min_value=1, max_value=3),
)


@given(scores, scores)
def test_higher_severity_never_ranks_below_lower_whatever_the_likelihood(
    a: Scores, b: Scores
) -> None:
    if severity(a) > severity(b):
        assert rank_key(a) > rank_key(b)
        assert ranked([b, a], lambda s: s)[0] == a


@given(scores, scores)
def test_an_irremediable_impact_always_ranks_first(a: Scores, b: Scores) -> None:
    if irremediable(a) and not irremediable(b):
        assert rank_key(a) > rank_key(b)
    if irremediable(a):
        assert band(a) == Band.TOP


@given(st.lists(scores, min_size=1, max_size=12))
def test_the_first_ranked_is_irremediable_when_any_is(items: list[Scores]) -> None:
    first = ranked(items, lambda s: s)[0]
    if any(irremediable(s) for s in items):
        assert irremediable(first)
    assert severity(first) == max(severity(s) for s in items)


@given(scores, score, score)
def test_likelihood_never_changes_the_band(a: Scores, one: int, other: int) -> None:
    low = Scores(a.scale, a.scope, a.irremediability, one, a.confidence)
    high = Scores(a.scale, a.scope, a.irremediability, other, a.confidence)
    assert band(low) == band(high)


@given(scores, st.sampled_from(["scale", "scope", "irremediability"]))
def test_monotonic_raising_any_score_never_lowers_rank(a: Scores, field: str) -> None:
    value = getattr(a, field)
    if value == 4:
        return
    raised = Scores(**{**a.__dict__, field: value + 1})
    assert severity(raised) >= severity(a)
    assert rank_key(raised) >= rank_key(a)


@given(scores)
def test_raising_likelihood_never_lowers_rank(a: Scores) -> None:
    if a.likelihood is None or a.likelihood == 4:
        return
    raised = Scores(a.scale, a.scope, a.irremediability, a.likelihood + 1, a.confidence)
    assert rank_key(raised) > rank_key(a)


def test_examples_from_the_published_rule() -> None:
    grave_rare = Scores(scale=4, scope=1, irremediability=2, likelihood=1)
    mild_certain = Scores(scale=2, scope=2, irremediability=1, likelihood=4)
    assert severity(grave_rare) == 4
    assert band(grave_rare) == Band.TOP
    assert ranked([mild_certain, grave_rare], lambda s: s) == [grave_rare, mild_certain]
    assert band(Scores(scale=1, scope=1, irremediability=4)) == Band.TOP
    assert band(Scores(scale=3, scope=1, irremediability=1)) == Band.HIGH


@pytest.mark.parametrize("bad", [0, 5])
def test_a_score_outside_the_scale_is_refused(bad: int) -> None:
    with pytest.raises(ValueError, match="outside 1-4"):
        Scores(scale=bad, scope=1, irremediability=1)
