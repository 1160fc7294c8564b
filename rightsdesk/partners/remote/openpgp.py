"""OpenPGP for partners without accounts: GnuPG (Debian's `gpg`) through python-gnupg.

Every call runs gpg in a fresh temporary home (`_isolated`): never the server user's keyring, no
agent started, no dirmngr, so no key server is ever asked and no key is located or fetched over
the network (`--disable-dirmngr`, `--no-auto-key-locate`, `--no-auto-key-retrieve`,
`--no-auto-key-import`). The home holds only the partner's public key, imported from the
directory row, and is deleted when the call ends. Plaintext goes to gpg through a pipe and the
armored message comes back through one: neither touches the disk.

Trust comes from the team, not from the web of trust: the key is the one the team stored in the
directory, and it is used only if its fingerprint is the one stored beside it when the key was
saved (`fingerprint_of`), so `--trust-model always` trusts exactly that key and nothing else.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import gnupg
from django.utils.translation import gettext as _

from rightsdesk.core.refusals import Refused

GPG_OPTIONS = [
    "--no-options",
    "--no-autostart",
    "--disable-dirmngr",
    "--no-auto-key-locate",
    "--no-auto-key-retrieve",
    "--no-auto-key-import",
    "--trust-model",
    "always",
]
KEY_MAX = 100_000  # the directory column's own limit
_FINGERPRINT = re.compile(r"^[0-9A-F]{40}$")
_PUBLIC_BLOCK = "-----BEGIN PGP PUBLIC KEY BLOCK-----"
_PRIVATE_BLOCK = "PRIVATE KEY BLOCK"


class KeyRefused(Refused):
    """An OpenPGP key the directory cannot use (400 "openpgp_key_refused"); nothing stored."""

    code = "openpgp_key_refused"


class EncryptionFailed(Exception):
    """gpg would not encrypt to a key that passed `fingerprint_of` (a bug or a broken gpg)."""


@contextmanager
def _isolated() -> Iterator[Any]:
    """A GPG handle on a temporary home (0700, removed afterwards, whatever happens)."""
    home = tempfile.mkdtemp(prefix="rd-gpg-")
    try:
        yield gnupg.GPG(gnupghome=home, options=GPG_OPTIONS, use_agent=False)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _one_key(gpg: Any, armored: str) -> dict[str, Any]:
    """Import `armored` into the temporary home; the one usable key it holds, or KeyRefused."""
    if _PRIVATE_BLOCK in armored:
        raise KeyRefused(
            _("This is a private key. Never share it: paste the organisation's public key.")
        )
    if len(armored) > KEY_MAX or _PUBLIC_BLOCK not in armored:
        raise KeyRefused(
            _("Paste an OpenPGP public key, starting with “-----BEGIN PGP PUBLIC KEY BLOCK-----”.")
        )
    gpg.import_keys(armored)
    keys = gpg.list_keys()
    if len(keys) != 1:
        raise KeyRefused(_("Paste exactly one OpenPGP public key."))
    key: dict[str, Any] = keys[0]
    if key.get("trust") in ("r", "e") or "E" not in str(key.get("cap", "")):
        raise KeyRefused(
            _(
                "This key is expired or revoked, or cannot encrypt: ask the organisation for a "
                "current key."
            )
        )
    if not _FINGERPRINT.match(str(key.get("fingerprint", ""))):
        raise KeyRefused(_("Only OpenPGP version 4 keys can be used."))
    return key


def fingerprint_of(armored: str) -> str:
    """The fingerprint (40 upper-case hex digits) of the one usable public key in `armored`.

    For the directory form and `partner_save`: store it beside the key. Raises KeyRefused, with a
    translated message, for anything else: not a key, a private key, several keys, a key that is
    expired, revoked or cannot encrypt. Runs gpg offline in a temporary home.
    """
    with _isolated() as gpg:
        return str(_one_key(gpg, armored.strip())["fingerprint"])


def normalised_fingerprint(text: str) -> str:
    """A fingerprint as people paste it (spaces, lower case) in the stored form."""
    return re.sub(r"\s+", "", text).upper()


def encrypt_to(armored_key: str, fingerprint: str, data: bytes) -> str:
    """`data` as an ASCII-armored OpenPGP message to the key `armored_key`, which must be the one
    key with `fingerprint` (the one stored when the key was saved): KeyRefused otherwise. Call
    with the directory row's own key and fingerprint."""
    with _isolated() as gpg:
        key = _one_key(gpg, armored_key.strip())
        if not fingerprint or key["fingerprint"] != normalised_fingerprint(fingerprint):
            raise KeyRefused(
                _(
                    "The organisation's key does not match the fingerprint the team stored: check "
                    "the key with them before sending anything."
                )
            )
        result = gpg.encrypt(data, [key["fingerprint"]], armor=True, always_trust=True)
        if not result.ok:
            raise EncryptionFailed(str(result.status))
        return str(result)
