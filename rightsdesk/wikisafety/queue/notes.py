"""The note typed with a decision on a finding, sealed.

- A decision that opens or joins a case: sealed to the case's public key (anyone may seal to
  it; only the case's readers, with their unlocked key, open it), like the case's own notes.
- A decision without a case (most false positives): sealed under the `wiki-note` server sub-key
  (XChaCha20-Poly1305), because the queue's evaluators must read it without any case key; a copy
  of the database alone does not open it, a seized disk does (docs/security/crypto.md).

Either way the ciphertext is bound to (table, decision uid, field), so it cannot be moved to
another decision's row.
"""

from __future__ import annotations

from nacl.public import PrivateKey, PublicKey

from rightsdesk.cases.models import Case
from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import CryptoError, bind, decrypt, encrypt, open_text, seal_text
from rightsdesk.wikisafety.models import FindingDecision

PURPOSE = b"wiki-note"
TABLE = "wikisafety_findingdecision"


def _aad(uid: object) -> bytes:
    return bind(table=TABLE, row=str(uid), field="note")


def seal_note(text: str, *, uid: object, case: Case | None) -> tuple[bytes, str]:
    """(ciphertext, note_key) for `text`; (b"", "") for no note."""
    if not text:
        return b"", FindingDecision.NoteKey.NONE
    if case is not None:
        sealed = seal_text(text, PublicKey(bytes(case.public_key)), _aad(uid))
        return sealed, FindingDecision.NoteKey.CASE
    return encrypt(text.encode(), server_subkey(PURPOSE), _aad(uid)), FindingDecision.NoteKey.SERVER


def open_note(decision: FindingDecision, case_key: PrivateKey | None) -> str | None:
    """The note in clear, "" when there is none, None when the reader cannot open it (sealed to
    a case whose key they did not unlock). Call after the finding's gate and, for a case note,
    with the key `cases.access.unlock_case` gave."""
    sealed = bytes(decision.note)
    if not sealed:
        return ""
    try:
        if decision.note_key == FindingDecision.NoteKey.SERVER:
            return decrypt(sealed, server_subkey(PURPOSE), _aad(decision.uid)).decode()
        if decision.note_key == FindingDecision.NoteKey.CASE and case_key is not None:
            return open_text(sealed, case_key, _aad(decision.uid))
    except CryptoError:
        return None
    return None
