"""The pure matcher of protected phrases: normalisation, shingles, whole-phrase hits."""

# ruff: noqa: RUF001, RUF003 - letters of other scripts are the point

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.wikisafety.detection import Hints
from rightsdesk.wikisafety.detection.protected import (
    ProtectedIndex,
    ProtectedKind,
    StoredPhrase,
    normalise,
    phrase_digests,
    shingles,
)

KEY = b"k" * 32


def _digest(message: bytes) -> bytes:
    return hashlib.blake2b(message, key=KEY, digest_size=32).digest()


def _index(*entries: tuple[ProtectedKind, str]) -> ProtectedIndex:
    rows = [
        StoredPhrase(1, phrase, kind, d.digest, d.part, d.parts)
        for phrase, (kind, value) in enumerate(entries)
        for d in phrase_digests(kind, value, _digest, ("FR",))
    ]
    return ProtectedIndex(rows, _digest)


def test_normalisation() -> None:
    assert normalise("Jané  DOE") == "jane doe"
    assert normalise("Jаne Dое") == "jane doe"  # Cyrillic а and о
    assert normalise("محمد\u200cرضا كريمي") == normalise("محمدرضا کریمی")
    assert normalise("ကျော်ဇေယျာ") == "ကျောဇေယျာ"  # vowel signs stay in the word
    assert normalise("۱۲۳ ١٢٣ ၁၂၃") == "123 123 123"
    assert normalise("user_name-x") == "user name x"
    assert normalise("IŞIK") == normalise("ışık") == "isik"


def test_shingles() -> None:
    assert list(shingles(["a", "b", "c"], 2)) == ["a", "a b", "b", "b c", "c"]


def test_a_long_address_hits_only_whole() -> None:
    index = _index((ProtectedKind.ADDRESS, "12 bis rue de la Paix 75002 Paris"))
    assert index.match("habite au 12 bis, Rue de la Paix (75002 Paris)", Hints())
    assert index.match("12 bis rue de la Paix", Hints()) == []
    assert index.match("rue de la Paix 75002 Paris 12 bis", Hints()) == []


def test_a_phone_hits_in_any_format_and_the_key_matters() -> None:
    index = _index((ProtectedKind.PHONE, "+33 1 42 68 53 00"))
    assert index.match("appelle le 01.42.68.53.00", Hints(language="fr"))
    assert index.match("call +33142685300", Hints(language="en"))
    assert index.match("01 42 68 53 01", Hints(language="fr")) == []
    other_key = ProtectedIndex(
        [
            StoredPhrase(1, 0, ProtectedKind.PHONE, d.digest, 0, 1)
            for d in phrase_digests(ProtectedKind.PHONE, "+33 1 42 68 53 00", _digest)
        ],
        lambda m: hashlib.blake2b(m, key=b"x" * 32, digest_size=32).digest(),
    )
    assert other_key.match("+33 1 42 68 53 00", Hints()) == []


WORD = st.text(alphabet=st.characters(categories=("L", "Nd")), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(WORD, min_size=1, max_size=7),
    before=st.text(max_size=40),
    after=st.text(max_size=40),
)
def test_a_registered_phrase_is_found_wherever_it_is_written(
    words: list[str], before: str, after: str
) -> None:
    phrase = " ".join(words)
    if not normalise(phrase):
        return
    index = _index((ProtectedKind.NAME, phrase))
    assert index.match(f"{before}\n{phrase}\n{after}", Hints())
    if normalise(phrase.upper()) == normalise(phrase):
        assert index.match(f"{before}\n{phrase.upper()}\n{after}", Hints())


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_normalise_is_idempotent_and_total(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
