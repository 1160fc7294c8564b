"""Reading a referral once its key is unlocked: the packet, its files, the loop's updates. Each
read is audited under the case (who read which referral, never what), like `case_open`.

Call only after the gate: `access.access_referral` and `access.unlock_referral` (a partner user,
a team member) or `access.unlock_with_case_key` (the volunteer, the team through the case).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.core import files
from rightsdesk.partners import keys
from rightsdesk.partners.models import Referral, ReferralFile
from rightsdesk.partners.selectors import OpenedFile, OpenedReferral, OpenedUpdate
from rightsdesk.partners.services.common import audit


def _opened_file(row: ReferralFile, referral_key: PrivateKey) -> OpenedFile:
    meta = json.loads(
        keys.open_file_part(bytes(row.meta), referral_key, uid=str(row.uid), field="meta")
    )
    return OpenedFile(
        uid=str(row.uid),
        name=str(meta.get("name", "")),
        mime=str(meta.get("mime", "application/octet-stream")),
        size=int(meta.get("size", 0)),
    )


def referral_open(
    *, referral: Referral, referral_key: PrivateKey, actor: User | None
) -> OpenedReferral:
    """The packet as the volunteer consented to it, the files shared, and every update of the
    loop, opened with the referral key; audited (`case.referral.read`). Raises
    rightsdesk.crypto.CryptoError when a ciphertext was tampered with."""
    uid = str(referral.uid)
    packet = keys.open_packet(bytes(referral.packet), referral_key, uid)
    opened_files = [_opened_file(row, referral_key) for row in referral.files.all()]
    updates = [
        OpenedUpdate(
            uid=str(update.uid),
            at=update.at,
            who=update.author.username if update.author else "",
            from_partner=update.from_partner,
            state=update.state,
            body=keys.open_update(bytes(update.body), referral_key, str(update.uid)),
        )
        for update in referral.updates.select_related("author")
    ]
    audit(referral, "read", actor)
    return OpenedReferral(referral=referral, packet=packet, files=opened_files, updates=updates)


def referral_file_open(
    *, referral: Referral, uid: str, referral_key: PrivateKey, actor: User | None
) -> tuple[OpenedFile, Iterator[bytes]]:
    """One shared file of `referral`: its name and type, and a verified plaintext stream of the
    case's stored ciphertext under the file key sealed to the referral (core.files.stream_stored
    checks the whole file before the first byte goes out). Audited (`case.referral.file.read`).
    Raises ReferralFile.DoesNotExist when `uid` is not a file of this referral (any more)."""
    row = referral.files.select_related("attachment").get(uid=uid)
    opened = _opened_file(row, referral_key)
    file_key = keys.open_file_part(
        bytes(row.sealed_key), referral_key, uid=str(row.uid), field="key"
    )
    audit(referral, "file.read", actor)
    return opened, files.stream_stored(str(row.attachment.uid), file_key)
