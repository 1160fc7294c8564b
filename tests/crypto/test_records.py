"""Fields of a record with its own key pair: what is sealed opens only with the record's key and
only in its own place (table, row, field)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.public import PrivateKey

from rightsdesk.crypto import CryptoError
from rightsdesk.crypto.records import open_bytes, open_json, seal_bytes, seal_json

KEY = PrivateKey.generate()
PUBLIC = bytes(KEY.public_key)
json_values = st.dictionaries(
    st.text(min_size=1, max_size=8).filter(lambda k: k != "v"),
    st.one_of(st.text(max_size=40), st.integers(), st.booleans(), st.none()),
    max_size=5,
)


@given(json_values, st.text(min_size=1, max_size=12))
def test_json_round_trips_in_its_place_and_nowhere_else(value: dict[str, object], row: str) -> None:
    sealed = seal_json(value, PUBLIC, table="t", row=row)
    assert open_json(sealed, KEY, table="t", row=row) == value
    with pytest.raises(CryptoError):
        open_json(sealed, KEY, table="t", row=row + "x")
    with pytest.raises(CryptoError):
        open_json(sealed, KEY, table="t", row=row, field="other")
    with pytest.raises(CryptoError):
        open_json(sealed, PrivateKey.generate(), table="t", row=row)


@given(st.binary(max_size=200))
def test_bytes_round_trip_and_tampering_is_refused(data: bytes) -> None:
    sealed = seal_bytes(data, PUBLIC, table="t", row="r", field="f")
    assert open_bytes(sealed, KEY, table="t", row="r", field="f") == data
    flipped = bytes([sealed[-1] ^ 1])
    with pytest.raises(CryptoError):
        open_bytes(sealed[:-1] + flipped, KEY, table="t", row="r", field="f")


def test_an_empty_field_opens_as_nothing() -> None:
    assert open_json(b"", KEY, table="t", row="r") == {}
