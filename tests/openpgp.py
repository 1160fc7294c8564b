"""An OpenPGP key pair for tests of referrals to partners without accounts, made with Debian's
gpg in a temporary home during the test run (no network, no key server, never a real keyring).
The gpg-agent that key generation and decryption start in that home is stopped at the end."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import gnupg


@dataclass(frozen=True)
class KeyPair:
    """The partner's side: its public key (for the directory) and a gpg that holds the secret."""

    gpg: Any
    public: str
    fingerprint: str

    def decrypt(self, armored: str) -> bytes:
        result = self.gpg.decrypt(armored)
        assert result.ok, result.status
        return bytes(result.data)

    def open_bundle(self, armored: str) -> dict[str, bytes]:
        """Every entry of the zip inside an OpenPGP referral, by name."""
        with zipfile.ZipFile(io.BytesIO(self.decrypt(armored))) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def packet(self, armored: str) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.open_bundle(armored)["packet.json"])
        return value


@contextmanager
def key_pair(email: str = "intake@partner.example") -> Iterator[KeyPair]:
    home = tempfile.mkdtemp(prefix="rd-test-gpg-")
    try:
        gpg = gnupg.GPG(gnupghome=home)
        request = gpg.gen_key_input(
            key_type="EDDSA",
            key_curve="ed25519",
            subkey_type="ECDH",
            subkey_curve="cv25519",
            name_real="Partner for tests",
            name_email=email,
            no_protection=True,
        )
        made = gpg.gen_key(request)
        assert made.fingerprint, made.stderr
        yield KeyPair(
            gpg=gpg, public=gpg.export_keys(made.fingerprint), fingerprint=made.fingerprint
        )
    finally:
        subprocess.run(  # noqa: S603 - fixed arguments; stops only this home's agent
            [shutil.which("gpgconf") or "gpgconf", "--homedir", home, "--kill", "all"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(home, ignore_errors=True)


@cache
def public_key_for_tests() -> tuple[str, str]:
    """One real armored public key and its fingerprint, made once per test process, for tests
    that store a key in the directory (the directory checks every key with GnuPG)."""
    with key_pair(email="directory@partner.example") as pair:
        return pair.public, pair.fingerprint


def grouped(fingerprint: str) -> str:
    """A fingerprint as people write it: groups of four."""
    return " ".join(fingerprint[i : i + 4] for i in range(0, len(fingerprint), 4))
