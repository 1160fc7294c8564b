"""The optional organisation escrow key (off by default; DESIGN.md section 3).

When `RIGHTSDESK_ESCROW_PUBLIC_KEY` holds a base64 X25519 public key, every report key is also
wrapped to it, so that the organisation can recover every report with the private half, which is
kept offline (never on the server). Without it, a report whose every reader lost both password
and recovery code is lost for good: that is the point of end-to-end wrapping.
"""

from __future__ import annotations

import base64
import binascii

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from nacl.public import PrivateKey, PublicKey


def parse_public_key(value: str) -> PublicKey:
    """Decode a base64 X25519 public key; ImproperlyConfigured if it is not one."""
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured("RIGHTSDESK_ESCROW_PUBLIC_KEY is not base64") from None
    if len(raw) != 32:
        raise ImproperlyConfigured("RIGHTSDESK_ESCROW_PUBLIC_KEY must decode to 32 bytes")
    return PublicKey(raw)


def escrow_public_key() -> PublicKey | None:
    """The configured escrow recipient, or None when escrow is off."""
    value = settings.ESCROW_PUBLIC_KEY
    return parse_public_key(value) if value else None


def new_escrow_keypair() -> tuple[str, str]:
    """A fresh (public, private) pair, base64, for `rightsdesk escrow keygen`."""
    private = PrivateKey.generate()
    return (
        base64.b64encode(bytes(private.public_key)).decode("ascii"),
        base64.b64encode(bytes(private)).decode("ascii"),
    )
