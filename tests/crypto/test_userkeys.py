from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey

from rightsdesk.crypto import (
    INSECURE_TEST_KDF,
    DecryptionError,
    InvalidRecoveryCode,
    KdfParams,
    MalformedCiphertext,
    UserKeyBundle,
    create_user_keys,
    derive_key,
    new_recovery_code,
    parse_recovery_code,
    rewrap_password,
    rewrap_recovery,
    secretbox,
    unlock_with_password,
    unlock_with_recovery,
)
from rightsdesk.crypto.userkeys import RECOVERY_CODE_DIGITS

from . import flip_bit

PARAMS = INSECURE_TEST_KDF
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"


def test_password_round_trip() -> None:
    bundle, key, code = create_user_keys("correct horse", PARAMS)
    assert bundle.public_key == key.public_key.encode()
    assert unlock_with_password(bundle, "correct horse").encode() == key.encode()
    assert unlock_with_recovery(bundle, code).encode() == key.encode()


@settings(max_examples=10, deadline=None)
@given(password=st.text(max_size=40))
def test_any_password_round_trips(password: str) -> None:
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:
        return
    bundle, key, _code = create_user_keys(password, PARAMS)
    assert unlock_with_password(bundle, password).encode() == key.encode()


def test_password_is_nfc_normalised() -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    bundle, key, _code = create_user_keys(composed, PARAMS)
    assert unlock_with_password(bundle, decomposed).encode() == key.encode()


@pytest.mark.parametrize("wrong", ["correct hors", "Correct horse", "correct horse ", ""])
def test_wrong_password_rejected(wrong: str) -> None:
    bundle, _key, _code = create_user_keys("correct horse", PARAMS)
    with pytest.raises(DecryptionError) as info:
        unlock_with_password(bundle, wrong)
    assert "horse" not in str(info.value)


def test_recovery_code_typed_differently_still_unlocks() -> None:
    bundle, key, code = create_user_keys("pw", PARAMS)
    digits = code.replace("-", "")
    arabic = " ".join(
        "".join(ARABIC_INDIC[int(d)] for d in digits[i : i + 8]) for i in range(0, 40, 8)
    )
    assert unlock_with_recovery(bundle, arabic).encode() == key.encode()
    assert unlock_with_recovery(bundle, f"  {digits}\u200f ").encode() == key.encode()


def test_wrong_recovery_code_rejected() -> None:
    bundle, _key, _code = create_user_keys("pw", PARAMS)
    with pytest.raises(DecryptionError):
        unlock_with_recovery(bundle, new_recovery_code())
    with pytest.raises(InvalidRecoveryCode):
        unlock_with_recovery(bundle, "pw")


def test_recovery_code_format() -> None:
    codes = {new_recovery_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [5] * 8
        assert code.replace("-", "").isascii()
        assert code.replace("-", "").isdigit()
    assert 10**RECOVERY_CODE_DIGITS >= 2**128


@settings(max_examples=50)
@given(code=st.integers(0, 10**40 - 1).map(lambda n: str(n).zfill(40)), data=st.data())
def test_parse_recovery_code_normalises(code: str, data: st.DataObject) -> None:
    pieces: list[str] = []
    for char in code:
        pieces.append(
            data.draw(st.sampled_from([char, ARABIC_INDIC[int(char)], chr(0x6F0 + int(char))]))
        )
        pieces.append(data.draw(st.sampled_from(["", "", " ", "-", "\u00a0", "\u2010", "."])))
    assert parse_recovery_code("".join(pieces)) == code


@pytest.mark.parametrize(
    "text", ["", "1" * 39, "1" * 41, "1" * 39 + "a", "1" * 40 + "x", "1" * 39 + "²"]
)
def test_parse_recovery_code_rejects(text: str) -> None:
    with pytest.raises(InvalidRecoveryCode) as info:
        parse_recovery_code(text)
    assert "1111" not in str(info.value)


def test_rewrap_password() -> None:
    bundle, key, code = create_user_keys("old password", PARAMS)
    stronger = KdfParams(opslimit=2, memlimit=16384)
    new_bundle = rewrap_password(bundle, key, "new password", stronger)
    assert new_bundle.public_key == bundle.public_key
    assert new_bundle.recovery_wrap == bundle.recovery_wrap
    with pytest.raises(DecryptionError):
        unlock_with_password(new_bundle, "old password")
    assert unlock_with_password(new_bundle, "new password").encode() == key.encode()
    assert unlock_with_recovery(new_bundle, code).encode() == key.encode()
    # The old bundle still opens with its own stored parameters.
    assert unlock_with_password(bundle, "old password").encode() == key.encode()


def test_rewrap_recovery() -> None:
    bundle, key, old_code = create_user_keys("pw", PARAMS)
    new_bundle, new_code = rewrap_recovery(bundle, key, PARAMS)
    assert new_code != old_code
    assert new_bundle.password_wrap == bundle.password_wrap
    with pytest.raises(DecryptionError):
        unlock_with_recovery(new_bundle, old_code)
    assert unlock_with_recovery(new_bundle, new_code).encode() == key.encode()


def test_rewrap_refuses_a_foreign_key() -> None:
    bundle, _key, _code = create_user_keys("pw", PARAMS)
    _other_bundle, other_key, _ = create_user_keys("pw", PARAMS)
    with pytest.raises(ValueError, match="bundle"):
        rewrap_password(bundle, other_key, "new", PARAMS)
    with pytest.raises(ValueError, match="bundle"):
        rewrap_recovery(bundle, other_key, PARAMS)


def test_wrap_moved_to_another_user_rejected() -> None:
    alice, _alice_key, alice_code = create_user_keys("shared password", PARAMS)
    mallory, _mallory_key, mallory_code = create_user_keys("shared password", PARAMS)
    swapped = dataclasses.replace(alice, password_wrap=mallory.password_wrap)
    with pytest.raises(DecryptionError):
        unlock_with_password(swapped, "shared password")
    swapped = dataclasses.replace(alice, recovery_wrap=mallory.recovery_wrap)
    with pytest.raises(DecryptionError):
        unlock_with_recovery(swapped, mallory_code)
    with pytest.raises(DecryptionError):
        unlock_with_recovery(swapped, alice_code)


def test_password_wrap_used_as_recovery_wrap_rejected() -> None:
    bundle, _key, code = create_user_keys("pw", PARAMS)
    # Make the password equal the canonical recovery code, so only the purpose binding differs.
    digits = parse_recovery_code(code)
    bundle_same, _key2, _ = create_user_keys(digits, PARAMS)
    swapped = dataclasses.replace(bundle_same, recovery_wrap=bundle_same.password_wrap)
    with pytest.raises(DecryptionError):
        unlock_with_recovery(swapped, digits)
    swapped = dataclasses.replace(bundle, password_wrap=bundle.recovery_wrap)
    with pytest.raises(DecryptionError):
        unlock_with_password(swapped, digits)


# Byte 8 of the wrap holds bits 24-31 of memlimit: a flip there asks Argon2 for up to 2 GiB, which
# is accepted (it is a legal cost) and too slow for a unit test. Every other flip is cheap: it makes
# the parameters illegal (MalformedCiphertext), changes the derived key, or breaks the AEAD.
_CHEAP_BITS = st.integers(min_value=0, max_value=102 * 8 - 1).filter(lambda b: b // 8 != 8)


@settings(max_examples=80, deadline=None)
@given(bit=_CHEAP_BITS)
def test_tampered_wrap_rejected(bit: int) -> None:
    bundle = _FIXED[0]
    assert len(bundle.password_wrap) == 102
    tampered = dataclasses.replace(bundle, password_wrap=flip_bit(bundle.password_wrap, bit))
    with pytest.raises(DecryptionError):
        unlock_with_password(tampered, "pw")


@settings(max_examples=40)
@given(bit=st.integers(min_value=0, max_value=32 * 8 - 1))
def test_tampered_public_key_rejected(bit: int) -> None:
    bundle = _FIXED[0]
    tampered = dataclasses.replace(bundle, public_key=flip_bit(bundle.public_key, bit))
    with pytest.raises(DecryptionError):
        unlock_with_password(tampered, "pw")


def test_wrap_format_is_versioned_and_self_describing() -> None:
    bundle = _FIXED[0]
    wrap = bundle.password_wrap
    assert wrap[0] == 1
    assert int.from_bytes(wrap[1:5], "big") == PARAMS.opslimit
    assert int.from_bytes(wrap[5:13], "big") == PARAMS.memlimit
    with pytest.raises(MalformedCiphertext):
        unlock_with_password(dataclasses.replace(bundle, password_wrap=b"\x02" + wrap[1:]), "pw")
    with pytest.raises(MalformedCiphertext):
        unlock_with_password(dataclasses.replace(bundle, password_wrap=wrap[:-1]), "pw")
    absurd = wrap[:5] + (2**40).to_bytes(8, "big") + wrap[13:]
    with pytest.raises(MalformedCiphertext):
        unlock_with_password(dataclasses.replace(bundle, password_wrap=absurd), "pw")


def test_wrap_format_is_pinned() -> None:
    # Derive the wrapping key from the blob by hand, exactly as documented; a change to the stored
    # format or the associated data would orphan every stored wrap.
    bundle, key = _FIXED[0], _FIXED[1]
    wrap = bundle.password_wrap
    params = KdfParams(
        opslimit=int.from_bytes(wrap[1:5], "big"), memlimit=int.from_bytes(wrap[5:13], "big")
    )
    wrapping_key = derive_key(b"pw", wrap[13:29], params)
    aad = b"rightsdesk-userkey-v1" + b"password" + bundle.public_key + wrap[:29]
    assert secretbox.decrypt(wrap[29:], wrapping_key, aad) == key.encode()
    other_pk = PrivateKey.generate().public_key.encode()
    for wrong in (
        b"rightsdesk-userkey-v1" + b"recovery" + bundle.public_key + wrap[:29],
        b"rightsdesk-userkey-v1" + b"password" + other_pk + wrap[:29],
        b"rightsdesk-userkey-v1" + b"password" + bundle.public_key,
    ):
        with pytest.raises(DecryptionError):
            secretbox.decrypt(wrap[29:], wrapping_key, wrong)


def test_wrap_of_another_key_with_valid_binding_rejected() -> None:
    # Someone who knows the password and can write the row wraps a key of their choosing under the
    # right associated data; unlocking must still refuse a key that does not match public_key.
    bundle = _FIXED[0]
    header = bundle.password_wrap[:29]
    wrapping_key = derive_key(b"pw", header[13:29], PARAMS)
    aad = b"rightsdesk-userkey-v1" + b"password" + bundle.public_key + header
    forged = header + secretbox.encrypt(PrivateKey.generate().encode(), wrapping_key, aad)
    with pytest.raises(DecryptionError):
        unlock_with_password(dataclasses.replace(bundle, password_wrap=forged), "pw")


def test_bundle_from_storage_memoryviews() -> None:
    bundle = _FIXED[0]
    stored = UserKeyBundle(
        public_key=memoryview(bundle.public_key),  # type: ignore[arg-type]
        password_wrap=memoryview(bundle.password_wrap),  # type: ignore[arg-type]
        recovery_wrap=memoryview(bundle.recovery_wrap),  # type: ignore[arg-type]
    )
    assert unlock_with_password(stored, "pw").encode() == _FIXED[1].encode()


_FIXED = create_user_keys("pw", PARAMS)
