"""Turning spooled uploads into stored attachments: clean what can be cleaned, refuse the rest.

Policy (docs/security/crypto.md, "Files"): images, PDFs and office documents are cleaned of
metadata (location, author, device) before they are stored; a file of a type we cannot clean
(audio, video, legacy office formats) is kept only when the person ticked "send it anyway" after
the warning; anything we cannot identify, whose content does not match its name, or that fails
cleaning is refused with a message, and nothing of the submission is stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from rightsdesk.cases.content import AttachmentMeta
from rightsdesk.core import files
from rightsdesk.core.files import SpooledUpload
from rightsdesk.core.multipart import PLACEHOLDER
from rightsdesk.core.refusals import Refused
from rightsdesk.intake.cleaning import (
    MAX_CLEANABLE_BYTES,
    FileKind,
    FileRefused,
    clean,
    cleanable,
    safe_filename,
    sniff,
)
from rightsdesk.intake.refusals import file_refusal_message


class AttachmentRefused(Refused):
    """A file cannot be accepted; `message` is translated and safe to show to its sender."""


@dataclass(frozen=True)
class PreparedFile:
    """An attachment whose ciphertext is stored; the key is still only in memory."""

    uid: str
    key: bytes
    stored_size: int
    meta: AttachmentMeta


def _refusal(name: str, reason: str) -> AttachmentRefused:
    """The real reason, translated (rightsdesk.intake.refusals has one sentence per code)."""
    return AttachmentRefused(file_refusal_message(name, reason))


def _prepare_one(upload: SpooledUpload, *, keep_uncleaned: bool) -> PreparedFile:
    name = safe_filename(upload.name or "")
    sniffed = sniff(upload.head, name)
    if PLACEHOLDER.match(name) and "." not in name and sniffed.extension:
        # Sent under a name the upload layer had to replace: give it its real type's extension.
        name += sniffed.extension
    if sniffed.kind == FileKind.UNKNOWN:
        raise _refusal(name, "unsupported")
    if cleanable(sniffed.kind):
        if (upload.size or 0) > MAX_CLEANABLE_BYTES:
            raise _refusal(name, "too_large_to_clean")
        try:
            result = clean(
                upload.plaintext(MAX_CLEANABLE_BYTES),
                filename=name,
                declared_mime=upload.content_type,
            )
        except FileRefused as refused:
            raise _refusal(name, refused.reason) from None
        if result.cleaned:
            key, stored = files.store_bytes(upload.uid, result.data)
            upload.discard()
            meta = AttachmentMeta(
                name=name,
                mime=result.sniffed.mime,
                size=len(result.data),
                cleaned=True,
                removed=list(result.removed),
            )
            return PreparedFile(uid=upload.uid, key=key, stored_size=stored, meta=meta)
        sniffed = result.sniffed
    if not keep_uncleaned:
        raise AttachmentRefused(
            _(
                "“%(name)s”: hidden data such as location cannot be removed from this type of "
                "file. Tick “send files we cannot clean” to send it anyway."
            )
            % {"name": name}
        )
    stored = files.adopt(upload)
    meta = AttachmentMeta(name=name, mime=sniffed.mime, size=upload.size or 0, cleaned=False)
    return PreparedFile(uid=upload.uid, key=upload.key, stored_size=stored, meta=meta)


def prepare_uploads(
    uploads: Sequence[SpooledUpload], *, keep_uncleaned: bool
) -> list[PreparedFile]:
    """Clean or adopt every upload, or none: on the first refusal, delete what was stored."""
    prepared: list[PreparedFile] = []
    try:
        for upload in uploads:
            prepared.append(_prepare_one(upload, keep_uncleaned=keep_uncleaned))
    except BaseException:
        discard_prepared(prepared)
        raise
    return prepared


def discard_prepared(prepared: Sequence[PreparedFile]) -> None:
    for item in prepared:
        files.remove_stored(item.uid)
