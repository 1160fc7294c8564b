"""Associated data that binds a ciphertext to the place where it is stored.

Threat: someone who can write to the database (a compromised backup restore, a hostile operator
with SQL access, an injection bug) copies an encrypted field from one row into another, or from a
harmless field into a sensitive one, so that a handler decrypts and acts on the wrong content. Every
ciphertext of a field or file is therefore authenticated together with ``bind(table, row, field)``;
moved ciphertexts fail to decrypt instead of being shown in the wrong place.
"""

from __future__ import annotations

from collections.abc import Callable

from ._util import utf8

__all__ = ["AAD_PREFIX", "bind", "row_binder"]

AAD_PREFIX = b"rightsdesk-aad-v1"

# Parts longer than this are certainly a bug (and would make the binding itself a large allocation).
_MAX_PART = 4096


def _part(value: str) -> bytes:
    raw = utf8(value)
    if not raw:
        raise ValueError("associated data parts must not be empty")
    if len(raw) > _MAX_PART:
        raise ValueError("associated data part is too long")
    # A fixed-width length prefix makes the encoding injective: no choice of parts can make
    # ("a", "bc") and ("ab", "c") produce the same bytes.
    return len(raw).to_bytes(4, "big") + raw


def bind(*, table: str, row: str | int, field: str) -> bytes:
    """Return the canonical associated data for ``field`` of ``row`` in ``table``.

    ``row`` is usually the primary key. An integer is written in decimal, so ``row=7`` and
    ``row="7"`` give the same binding on purpose: the same row must decrypt whether its key came
    from the ORM (an int) or from a URL (a str). Callers must use stable identifiers that never
    change for the life of the ciphertext (not a slug, not a position in a list).
    """
    if isinstance(row, bool) or not isinstance(row, int | str):
        raise TypeError("row must be an int or a str")
    if not isinstance(table, str) or not isinstance(field, str):
        raise TypeError("table and field must be str")
    row_text = str(row) if isinstance(row, int) else row
    return AAD_PREFIX + _part(table) + _part(row_text) + _part(field)


def row_binder(*, table: str, field: str) -> Callable[[str], bytes]:
    """``bind`` with ``table`` and ``field`` fixed: for loops that bind thousands of rows.

    ``row_binder(table=t, field=f)(row)`` equals ``bind(table=t, row=row, field=f)``.
    """
    head = AAD_PREFIX + _part(table)
    tail = _part(field)

    def bind_row(row: str) -> bytes:
        return head + _part(row) + tail

    return bind_row
