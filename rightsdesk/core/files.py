"""Encrypted file storage: uploads are encrypted as their bytes arrive, never written in clear.

An upload is streamed by `EncryptingUploadHandler` into `FILES_DIR/spool/<uid>` under a fresh key
held only in memory. The intake service then either cleans it (decrypt into memory, strip
metadata, encrypt again to `FILES_DIR/cases/<uid>`) or adopts the spool file as it is. A spool file
whose request failed or crashed is useless ciphertext (its key is gone with the request) and is
deleted by `SpoolCleanupMiddleware` or, after a crash, by `files_sweep`.
"""

from __future__ import annotations

import io
import logging
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from rightsdesk.core.multipart import SafeNameMultiPartParser
from rightsdesk.crypto import (
    StreamWriter,
    bind,
    decrypt_stream,
    encrypt_stream,
    new_file_key,
    verify_stream,
)

HEAD_BYTES = 8192

log = logging.getLogger(__name__)


def spool_dir() -> Path:
    path = Path(settings.FILES_DIR) / "spool"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store_dir() -> Path:
    path = Path(settings.FILES_DIR) / "cases"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stored_path(uid: str) -> Path:
    return store_dir() / uuid.UUID(uid).hex


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class SpooledUpload(UploadedFile):  # type: ignore[type-arg]  # holds no file object
    """An upload already encrypted on disk. `key` and `head` live in memory only."""

    def __init__(
        self,
        *,
        uid: str,
        key: bytes,
        path: Path,
        name: str,
        content_type: str,
        size: int,
        head: bytes,
    ) -> None:
        super().__init__(file=None, name=name, content_type=content_type, size=size)
        self.uid = uid
        self.key = key
        self.path = path
        self.head = head

    def plaintext(self, limit: int) -> bytes:
        """Decrypt the whole file into memory (for cleaning); refuses more than `limit` bytes."""
        if (self.size or 0) > limit:
            raise ValueError("file too large to hold in memory")
        with self.path.open("rb") as handle:
            return b"".join(decrypt_stream(handle, self.key, attachment_blob_aad(self.uid)))

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        # Django closes parsed uploads when the rest of the body turns out to be bad (too many
        # files, a broken part); there is no open file here, and the ciphertext is now useless.
        self.discard()


class EncryptingUploadHandler(FileUploadHandler):
    """Django upload handler that encrypts each file chunk by chunk as it is received.

    Enforces the per-file, per-request size and count limits. A file over a limit is skipped (its
    partial ciphertext deleted) and the reason is kept on `request.upload_problems` for the view
    to show; nothing is ever buffered whole.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.total = 0
        self.count = 0
        self.writer: StreamWriter | None = None
        self.handle: Any = None
        self.path: Path | None = None
        self.key = b""
        self.uid = ""
        self.head = bytearray()
        if request is not None and not hasattr(request, "upload_problems"):
            request.upload_problems = []  # type: ignore[attr-defined]  # read by the views

    def _problem(self, message: str) -> None:
        if self.request is not None:
            self.request.upload_problems.append(message)  # type: ignore[attr-defined]

    def _abort(self) -> None:
        if self.handle is not None:
            self.handle.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        self.handle = self.writer = self.path = None

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.count += 1
        if self.count > settings.RIGHTSDESK_MAX_FILES:
            self._problem(
                _("Too many files: at most %(n)d.") % {"n": settings.RIGHTSDESK_MAX_FILES}
            )
            raise SkipFile
        self.uid = str(uuid.uuid4())
        self.key = new_file_key()
        self.head = bytearray()
        self.path = spool_dir() / uuid.UUID(self.uid).hex
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.handle = os.fdopen(fd, "wb")
        self.writer = StreamWriter(self.handle, self.key, attachment_blob_aad(self.uid))

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.writer is None:
            return None
        self.total += len(raw_data)
        if start + len(raw_data) > settings.RIGHTSDESK_MAX_FILE_BYTES:
            self._problem(
                _("A file is larger than the limit of %(mb)d MB.")
                % {"mb": settings.RIGHTSDESK_MAX_FILE_BYTES // 1_000_000}
            )
            self._abort()
            raise SkipFile
        if self.total > settings.RIGHTSDESK_MAX_REPORT_BYTES:
            self._problem(
                _("The files together are larger than the limit of %(mb)d MB.")
                % {"mb": settings.RIGHTSDESK_MAX_REPORT_BYTES // 1_000_000}
            )
            self._abort()
            raise SkipFile
        if len(self.head) < HEAD_BYTES:
            self.head += raw_data[: HEAD_BYTES - len(self.head)]
        self.writer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> SpooledUpload | None:
        if self.writer is None or self.path is None:
            return None
        self.writer.finish()
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        upload = SpooledUpload(
            uid=self.uid,
            key=self.key,
            path=self.path,
            name=self.file_name or "file",
            content_type=self.content_type or "",
            size=file_size,
            head=bytes(self.head),
        )
        self.handle = self.writer = self.path = None
        return upload

    def upload_interrupted(self) -> None:
        self._abort()


def adopt(upload: SpooledUpload) -> int:
    """Make the spool file the stored file, as it is; returns the stored (padded) size."""
    target = stored_path(upload.uid)
    os.replace(upload.path, target)
    _fsync_dir(target.parent)
    return target.stat().st_size


def store_bytes(uid: str, data: bytes) -> tuple[bytes, int]:
    """Encrypt `data` (already cleaned, in memory) to the store; returns (file key, stored size)."""
    key = new_file_key()
    target = stored_path(uid)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        info = encrypt_stream(io.BytesIO(data), handle, key, attachment_blob_aad(uid))
        handle.flush()
        os.fsync(handle.fileno())
    _fsync_dir(target.parent)
    return key, info.ciphertext_size


def remove_stored(uid: str) -> None:
    stored_path(uid).unlink(missing_ok=True)


def stream_stored(uid: str, key: bytes) -> Iterator[bytes]:
    """Yield the plaintext of a stored file after verifying all of it first.

    Two passes on purpose: a browser must never receive the first half of a file whose second
    half was tampered with (rightsdesk.crypto.streams explains why).
    """
    path = stored_path(uid)
    aad = attachment_blob_aad(uid)
    with path.open("rb") as handle:
        verify_stream(handle, key, aad)
    with path.open("rb") as handle:
        yield from decrypt_stream(handle, key, aad)


# A spool file is written as its upload arrives and adopted or deleted when the request ends, so
# one untouched for an hour belongs to no live request (of this process or of a sibling worker).
SPOOL_SAFE_AGE_SECONDS = 3600


def files_sweep(*, older_than_seconds: int = SPOOL_SAFE_AGE_SECONDS) -> int:
    """Delete spool files left by crashed requests; returns how many were removed."""
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in spool_dir().iterdir():
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def sweep_spool_at_start() -> int:
    """Sweep the spool as a server process starts (rightsdesk/wsgi.py, so gunicorn and runserver
    but no management command): a killed server leaves its requests' spool files behind, and
    nothing else removes them until the hourly `rightsdesk intake sweep`, if that runs at all.

    Only files older than SPOOL_SAFE_AGE_SECONDS: a sibling worker may be receiving uploads now.
    A failure is logged, not raised: the server must start all the same.
    """
    try:
        removed = files_sweep()
    except OSError as error:
        log.error("spool sweep at start failed: %s", error.strerror)
        return 0
    if removed:
        log.warning("removed %d upload spool files left by a stopped server", removed)
    return removed


class SpoolCleanupMiddleware:
    """The upload layer around each request: uploads are parsed by `SafeNameMultiPartParser`
    (no file is dropped for its name), and afterwards the spool files of uploads that no service
    adopted are deleted."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not hasattr(request, "_files"):  # body not parsed yet (nothing before us reads it)
            # The stubs type the property as a parser instance; Django takes the class.
            request.multipart_parser_class = SafeNameMultiPartParser  # type: ignore[assignment]
        response: HttpResponse = self.get_response(request)
        files = getattr(request, "_files", None)
        if files:
            for _field, uploads in files.lists():
                for upload in uploads:
                    if isinstance(upload, SpooledUpload):
                        upload.discard()
        return response


def attachment_blob_aad(uid: str) -> bytes:
    return bind(table="cases_attachment", row=uid, field="blob")


def uploads_of(request: HttpRequest, field: str = "attachments") -> list[SpooledUpload]:
    return [f for f in request.FILES.getlist(field) if isinstance(f, SpooledUpload)]
