"""The volunteer's answer form: any subset of what the team proposed parses, anything else is
refused before the service is asked; the version is required."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.partners.consent.forms import AnswerForm

PROPOSED = ["narrative", "contact", "country", "message:1b0c", "file:77aa"]
OTHER = st.text(min_size=1, max_size=30).filter(lambda value: value not in PROPOSED)


@given(
    chosen=st.lists(st.sampled_from(PROPOSED), unique=True),
    answer=st.sampled_from(["agree", "decline"]),
)
def test_any_subset_of_the_proposal_parses(chosen: list[str], answer: str) -> None:
    form = AnswerForm({"answer": answer, "pieces": chosen, "version": "3"}, proposed=PROPOSED)
    assert form.is_valid(), form.errors
    assert sorted(form.cleaned_data["pieces"]) == sorted(chosen)
    assert form.cleaned_data["version"] == 3


@given(chosen=st.lists(st.sampled_from(PROPOSED), unique=True), extra=OTHER)
def test_a_piece_that_was_not_proposed_is_refused(chosen: list[str], extra: str) -> None:
    form = AnswerForm(
        {"answer": "agree", "pieces": [*chosen, extra], "version": "3"}, proposed=PROPOSED
    )
    assert not form.is_valid()
    assert "Only what the team proposed can be shared." in str(form.errors["pieces"])


@given(answer=st.text(max_size=10).filter(lambda value: value not in ("agree", "decline")))
def test_an_answer_other_than_agree_or_decline_is_refused(answer: str) -> None:
    assert not AnswerForm({"answer": answer, "version": "1"}, proposed=PROPOSED).is_valid()


def test_the_version_is_required() -> None:
    assert not AnswerForm({"answer": "decline"}, proposed=PROPOSED).is_valid()
