"""Session store that keeps only hashed session keys and a key vault sealed to the cookie.

The session key lives only in the user's cookie. The database stores SHA-256(session key) as the
row's primary key, and the user's unlocked private key encrypted under a key derived from the
session key and a server secret. A copy of the session table (or of the disk without the
cookie) therefore unlocks nothing. Django rotates the session key at login and on password
change; `cycle_key` re-seals the vault under the new key.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from nacl.encoding import RawEncoder
from nacl.hash import blake2b
from nacl.public import PrivateKey

from rightsdesk.accounts.models import StaffSession
from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import DecryptionError, secretbox

VAULT = "_rd_vault"
VAULT_AAD = b"rightsdesk-session-vault-v1"


def _digest(session_key: str) -> str:
    return hashlib.sha256(session_key.encode("ascii")).hexdigest()


class SessionStore(DBStore):
    """Django's database store, keyed by digest, with a sealed slot for one private key."""

    @classmethod
    def get_model_class(cls) -> Any:
        return StaffSession

    def _current_key(self) -> str:
        key: str = self._get_or_create_session_key()  # type: ignore[attr-defined]  # not in django-stubs
        return key

    async def _acurrent_key(self) -> str:
        key: str = await self._aget_or_create_session_key()  # type: ignore[attr-defined]  # not in django-stubs
        return key

    def _get_session_from_db(self) -> Any:
        if self.session_key is None:
            return None
        try:
            return self.model.objects.get(
                session_key=_digest(self.session_key), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation):
            self._session_key = None
            return None

    async def _aget_session_from_db(self) -> Any:
        if self.session_key is None:
            return None
        try:
            return await self.model.objects.aget(
                session_key=_digest(self.session_key), expire_date__gt=timezone.now()
            )
        except (self.model.DoesNotExist, SuspiciousOperation):
            self._session_key = None
            return None

    def exists(self, session_key: str) -> bool:
        return bool(self.model.objects.filter(session_key=_digest(session_key)).exists())

    async def aexists(self, session_key: str) -> bool:
        return bool(await self.model.objects.filter(session_key=_digest(session_key)).aexists())

    def create_model_instance(self, data: dict[str, Any]) -> Any:
        return self.model(
            session_key=_digest(self._current_key()),
            session_data=self.encode(data),
            expire_date=self.get_expiry_date(),
        )

    async def acreate_model_instance(self, data: dict[str, Any]) -> Any:
        return self.model(
            session_key=_digest(await self._acurrent_key()),
            session_data=self.encode(data),
            expire_date=await self.aget_expiry_date(),
        )

    def delete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is None:
            return
        self.model.objects.filter(session_key=_digest(key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        key = session_key if session_key is not None else self.session_key
        if key is None:
            return
        await self.model.objects.filter(session_key=_digest(key)).adelete()

    # The key vault -----------------------------------------------------------------------

    def _vault_key(self) -> bytes:
        key = self._current_key()
        return blake2b(
            key.encode("ascii"),
            digest_size=32,
            key=server_subkey(b"session-vault"),
            encoder=RawEncoder,
        )

    def put_private_key(self, private_key: PrivateKey) -> None:
        """Seal `private_key` into this session. Call after `login()`, which rotates the key."""
        sealed = secretbox.encrypt(bytes(private_key), self._vault_key(), VAULT_AAD)
        self[VAULT] = base64.b64encode(sealed).decode("ascii")

    def private_key(self) -> PrivateKey | None:
        """The unlocked private key, or None when the vault is empty or does not open."""
        sealed = self.get(VAULT)
        if not sealed or self.session_key is None:
            return None
        try:
            raw = secretbox.decrypt(base64.b64decode(sealed), self._vault_key(), VAULT_AAD)
        except (DecryptionError, ValueError):
            return None
        return PrivateKey(raw)

    def cycle_key(self) -> None:
        private_key = self.private_key()
        super().cycle_key()
        if private_key is not None:
            self.put_private_key(private_key)
