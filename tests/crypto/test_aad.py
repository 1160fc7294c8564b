from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.crypto import bind

part = st.text(min_size=1, max_size=12)
row = st.one_of(part, st.integers(min_value=-(10**12), max_value=10**12))


def _canonical_row(value: str | int) -> str:
    return str(value) if isinstance(value, int) else value


@settings(max_examples=300)
@given(a=st.tuples(part, row, part), b=st.tuples(part, row, part))
def test_bind_is_injective(a: tuple[str, str | int, str], b: tuple[str, str | int, str]) -> None:
    same = (a[0], _canonical_row(a[1]), a[2]) == (b[0], _canonical_row(b[1]), b[2])
    aad_a = bind(table=a[0], row=a[1], field=a[2])
    aad_b = bind(table=b[0], row=b[1], field=b[2])
    assert (aad_a == aad_b) == same


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"table": "a", "row": "bc", "field": "d"}, {"table": "ab", "row": "c", "field": "d"}),
        ({"table": "a", "row": "b", "field": "cd"}, {"table": "a", "row": "bc", "field": "d"}),
        ({"table": "t", "row": 1, "field": "f"}, {"table": "t", "row": 11, "field": "f"}),
        ({"table": "t", "row": "1", "field": "f"}, {"table": "t", "row": "f", "field": "1"}),
    ],
)
def test_bind_separates_shifted_boundaries(first: dict[str, str], second: dict[str, str]) -> None:
    assert bind(**first) != bind(**second)


def test_bind_is_deterministic_and_versioned() -> None:
    value = bind(table="cases_note", row=42, field="body")
    assert value == bind(table="cases_note", row="42", field="body")
    assert value.startswith(b"rightsdesk-aad-v1")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"table": "", "row": 1, "field": "f"},
        {"table": "t", "row": "", "field": "f"},
        {"table": "t", "row": 1, "field": ""},
    ],
)
def test_bind_rejects_empty_parts(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="empty"):
        bind(**kwargs)  # type: ignore[arg-type]


def test_bind_rejects_bool_row() -> None:
    with pytest.raises(TypeError):
        bind(table="t", row=True, field="f")
