"""Writes on demands themselves: register one, add its documents, read it (every read of
content is audited, so the reads that decrypt live here too)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _
from nacl.public import PrivateKey, PublicKey

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case
from rightsdesk.cases.selectors import may_read
from rightsdesk.core.db import write_transaction
from rightsdesk.core.escrow import escrow_public_key
from rightsdesk.core.files import SpooledUpload, adopt, remove_stored, store_bytes
from rightsdesk.crypto import new_report_keypair, wrap_report_key
from rightsdesk.demands import keys
from rightsdesk.demands.models import Demand, DemandDocument, DemandWrap, PublicNotice
from rightsdesk.demands.selectors import handlers, may_handle
from rightsdesk.demands.services.common import DemandRefused, audit, require_handler
from rightsdesk.demands.vocabulary import Ask, Channel, Instrument, RequesterKind, country_codes

MAX_LINES = 200


@dataclass(frozen=True)
class DemandValues:
    """What a person gives for a demand (the form's and the API's cleaned data)."""

    requester_kind: str
    requester_name: str
    country: str
    instrument: str
    channel: str
    received_on: date
    asks: Sequence[str]
    sent_on: date | None = None
    deadline: date | None = None
    gag_order: bool = False
    gag_until: date | None = None
    laws: str = ""
    reference: str = ""
    summary: str = ""
    text: str = ""
    accounts: Sequence[str] = field(default_factory=tuple)
    pages: Sequence[str] = field(default_factory=tuple)
    cases: Sequence[str] = field(default_factory=tuple)


def check_values(values: DemandValues, actor: User) -> None:
    """The vocabulary, the dates and the linked cases, for every caller (forms check too)."""
    if values.requester_kind not in RequesterKind.values:
        raise DemandRefused(
            _("Say who asks: court, police, agency, regulator, private or anonymous.")
        )
    if values.instrument not in Instrument.values:
        raise DemandRefused(_("That is not an instrument of the register."))
    if values.channel not in Channel.values:
        raise DemandRefused(_("That is not a channel of the register."))
    if values.country not in country_codes():
        raise DemandRefused(_("Give the requester's country as a two-letter ISO code."))
    if not values.asks or not set(values.asks) <= set(Ask.values):
        raise DemandRefused(_("Say what the demand asks for."))
    if values.sent_on and values.sent_on > values.received_on:
        raise DemandRefused(_("A demand cannot be received before it was sent."))
    if values.gag_until and not values.gag_order:
        raise DemandRefused(_("An end date for a gag order needs the gag order ticked."))
    if values.gag_until and values.gag_until < values.received_on:
        raise DemandRefused(_("The gag order cannot end before the demand was received."))
    if len(values.accounts) > MAX_LINES or len(values.pages) > MAX_LINES:
        raise DemandRefused(_("At most 200 accounts and 200 pages per demand."))
    for number in values.cases:
        case = Case.objects.filter(number=number).first()
        if case is None or not may_read(actor, case):
            raise DemandRefused(_("Case %(number)s is not one you can read.") % {"number": number})


def demand_create(*, actor: User, values: DemandValues, now: datetime) -> Demand:
    """Register a demand: its key wrapped to every holder of `handle_demands` with a key (the
    legal team: two of them must approve any compliance) and to the escrow key; what was typed
    sealed to it; clear metadata beside it."""
    require_handler(actor)
    check_values(values, actor)
    key = new_report_keypair()
    readers = {u.pk: u for u in handlers()}
    readers[actor.pk] = actor
    with write_transaction():
        demand = Demand(
            requester_kind=values.requester_kind,
            country=values.country,
            instrument=values.instrument,
            channel=values.channel,
            sent_on=values.sent_on,
            received_on=values.received_on,
            deadline=values.deadline,
            gag_order=values.gag_order,
            gag_until=values.gag_until,
            asks=sorted(set(values.asks)),
            accounts_named=len([a for a in values.accounts if a.strip()]),
            has_laws=bool(values.laws.strip()),
            state_since=now,
            created_by=actor,
            created_at=now,
            public_key=bytes(key.public_key),
        )
        demand.body = keys.seal_json(
            {
                "requester_name": values.requester_name,
                "reference": values.reference,
                "laws": values.laws,
                "summary": values.summary,
                "text": values.text,
                "accounts": [a.strip() for a in values.accounts if a.strip()],
                "pages": [p.strip() for p in values.pages if p.strip()],
                "cases": sorted(set(values.cases)),
            },
            bytes(key.public_key),
            table=keys.DEMAND,
            row=str(demand.uid),
        )
        demand.save()
        for person in readers.values():
            DemandWrap.objects.create(
                demand=demand,
                user=person,
                kind=DemandWrap.Kind.USER,
                wrap=wrap_report_key(key, PublicKey(bytes(person.keyring.public_key))),
            )
        escrow = escrow_public_key()
        if escrow is not None:
            DemandWrap.objects.create(
                demand=demand, kind=DemandWrap.Kind.ESCROW, wrap=wrap_report_key(key, escrow)
            )
        audit(demand, "create", actor)
    return demand


def demand_text(demand: Demand, key: PrivateKey) -> dict[str, Any]:
    """The demand's sealed body, opened (not audited: callers audit their read)."""
    return keys.open_json(bytes(demand.body), key, table=keys.DEMAND, row=str(demand.uid))


@dataclass(frozen=True)
class OpenedDemand:
    """A demand with its sealed parts opened, for the page and the API."""

    demand: Demand
    text: dict[str, Any]
    review: dict[str, dict[str, Any]]
    moves: list[tuple[Any, str]]
    documents: list[tuple[DemandDocument, dict[str, Any]]]
    notice: dict[str, Any]


def demand_open(*, demand: Demand, key: PrivateKey, actor: User) -> OpenedDemand:
    """Decrypt the demand and what hangs on it, and audit the read. Call after `unlock_demand`."""
    review = {
        r.item: {
            "verdict": r.verdict,
            "verdict_label": r.get_verdict_display(),
            "reviewer": r.reviewer,
            "at": r.at,
            "note": keys.open_json(bytes(r.body), key, table=keys.REVIEW, row=str(r.uid)).get(
                "note", ""
            ),
        }
        for r in demand.review.select_related("reviewer")
    }
    moves = [
        (
            m,
            str(
                keys.open_json(bytes(m.body), key, table=keys.MOVE, row=str(m.uid)).get("note", "")
            ),
        )
        for m in demand.moves.select_related("by")
    ]
    documents = [
        (d, keys.open_json(bytes(d.meta), key, table=keys.DOCUMENT, row=str(d.uid), field="meta"))
        for d in demand.documents.all()
    ]
    notice: dict[str, Any] = {}
    found = PublicNotice.objects.filter(demand=demand).first()
    if found is not None:
        notice = keys.open_json(bytes(found.body), key, table=keys.NOTICE, row=str(found.uid))
        notice["row"] = found
    audit(demand, "open", actor)
    return OpenedDemand(demand, demand_text(demand, key), review, moves, documents, notice)


def document_add(
    *,
    demand: Demand,
    actor: User,
    upload: SpooledUpload | None = None,
    name: str = "",
    data: bytes = b"",
    now: datetime,
) -> DemandDocument:
    """Keep a document of the demand (the order, the letter, the reply): an upload already
    encrypted by the upload handler is adopted as it is, or `data` is encrypted now (demo, API).
    Its file key, name and type are sealed to the demand."""
    require_handler(actor)
    if upload is not None:
        uid, file_key, size = upload.uid, upload.key, 0
        name, mime = upload.name or "document", upload.content_type or "application/octet-stream"
    else:
        uid, mime = str(uuid.uuid4()), "application/octet-stream"
        file_key, size = store_bytes(uid, data)
    try:
        with write_transaction():
            if upload is not None:
                size = adopt(upload)
            document = DemandDocument(
                uid=uid, demand=demand, added_by=actor, added_at=now, stored_size=size
            )
            public = bytes(demand.public_key)
            document.key = keys.seal_bytes(
                file_key, public, table=keys.DOCUMENT, row=uid, field="key"
            )
            document.meta = keys.seal_json(
                {"name": name[:200], "mime": mime},
                public,
                table=keys.DOCUMENT,
                row=uid,
                field="meta",
            )
            document.save()
            audit(demand, "document", actor, detail=uid)
    except Exception:
        remove_stored(uid)
        raise
    return document


def document_key(
    *, document: DemandDocument, key: PrivateKey, actor: User
) -> tuple[bytes, dict[str, Any]]:
    """The file key and metadata of `document`, audited as a read. Call after
    `access_document` and `unlock_demand`."""
    uid = str(document.uid)
    file_key = keys.open_bytes(bytes(document.key), key, table=keys.DOCUMENT, row=uid, field="key")
    meta = keys.open_json(bytes(document.meta), key, table=keys.DOCUMENT, row=uid, field="meta")
    audit(document.demand, "document.read", actor, detail=uid)
    return file_key, meta


def demand_grant(*, demand: Demand, key: PrivateKey, actor: User, reader: User) -> None:
    """Let `reader` (who holds `handle_demands` and a key, but was given it after the demand was
    registered) read the demand. Call after `unlock_demand`: holding the key is the
    authorisation to pass it on."""
    require_handler(actor)
    if not (may_handle(reader) and hasattr(reader, "keyring")):
        raise DemandRefused(_("Only someone allowed to handle demands, with a key, can read one."))
    with write_transaction():
        if demand.wraps.filter(user=reader).exists():
            raise DemandRefused(_("%(name)s can already read it.") % {"name": reader.username})
        DemandWrap.objects.create(
            demand=demand,
            user=reader,
            kind=DemandWrap.Kind.USER,
            wrap=wrap_report_key(key, PublicKey(bytes(reader.keyring.public_key))),
        )
        audit(demand, "grant", actor, detail=f"user:{reader.pk}")
