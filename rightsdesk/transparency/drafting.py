"""Helpers of drafting a release (`releases.release_draft`): the noisy trend tables asked for,
the published entry's names, the slug, the board's sealed examples."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from nacl.public import PublicKey

from rightsdesk.accounts.models import Keyring, User
from rightsdesk.core.refusals import Refused
from rightsdesk.crypto import bind, seal_text
from rightsdesk.transparency.disclosure import CountTable
from rightsdesk.transparency.models import BoardExample, Release
from rightsdesk.transparency.tables import TableDef


class ReleaseRefused(Refused):
    """A draft that cannot be made as asked (period, examples); nothing was written."""

    status = 400
    code = "release_refused"


def noisy_choice(
    definitions: list[TableDef], noisy: dict[str, Decimal] | None
) -> dict[str, Decimal]:
    """The trend tables to draw with noise and each one's epsilon, checked."""
    chosen: dict[str, Decimal] = {}
    trends = {d.name for d in definitions if d.trend}
    for name, epsilon in (noisy or {}).items():
        if name not in trends:
            raise ReleaseRefused(_("Only a trend chart of this release can be drawn with noise."))
        try:
            value = Decimal(epsilon).quantize(Decimal("0.001"))
        except (InvalidOperation, TypeError, ValueError):
            value = Decimal(0)
        if not Decimal(0) < value <= Decimal(10):
            raise ReleaseRefused(_("Epsilon must be more than 0 and at most 10."))
        chosen[name] = value
    return chosen


def describe(entry: dict[str, Any], definition: TableDef, table: CountTable) -> None:
    """The title, axis names and labels of a published table, in English: the pages translate
    them again (tables.py)."""
    with translation.override("en"):
        entry.update(
            name=definition.name,
            title=str(definition.title),
            rows_label=str(definition.rows_label),
            cols_label=str(definition.cols_label),
            labels={key: definition.names(key) for key in (*table.rows, *table.cols)},
            trend=definition.trend,
        )


def new_slug(period: str) -> str:
    base = period.lower()
    taken = set(Release.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def seal_examples(release: Release, text: str) -> None:
    """One sealed copy for each active admin with a key: the board's readers on the staff side.
    A person typed it, so it is never stored in the clear (docs/security/crypto.md)."""
    rings = Keyring.objects.filter(user__is_active=True, user__role=User.Role.ADMIN)
    for ring in rings.select_related("user"):
        reader = ring.user
        aad = bind(table="transparency_boardexample", row=release.slug, field=f"reader:{reader.pk}")
        sealed = seal_text(text, PublicKey(bytes(ring.public_key)), aad)
        BoardExample.objects.create(release=release, reader=reader, sealed=sealed)
