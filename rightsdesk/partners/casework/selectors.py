"""Reads for the team's side of a referral: what of a case can go (with a short preview, so the
handler knows what they pick), the referrals of a case with their clock, and a referral's loop
opened with its key. Nothing here writes; callers went through the gates first
(`cases.access.access_case`, `partners.access.access_referral`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.cases.labels import labels_of, language_name
from rightsdesk.cases.models import Case
from rightsdesk.cases.services import OpenedAttachment, OpenedCase
from rightsdesk.cases.vocabulary import ThreatType
from rightsdesk.core.countries import country_name
from rightsdesk.core.templatetags.rd_dates import day_text
from rightsdesk.partners import keys
from rightsdesk.partners.models import Consent, Referral, ReferralUpdate
from rightsdesk.partners.selectors import OpenedFile, OpenedUpdate, case_referrals
from rightsdesk.partners.vocabulary import CLOSED, Piece, Service, State

PREVIEW_CHARS = 90


@dataclass(frozen=True)
class PieceChoice:
    """One piece of a case a referral may carry: its code, what it is, a short preview."""

    code: str
    label: str
    preview: str


@dataclass(frozen=True)
class CasePieces:
    fixed: list[PieceChoice]
    messages: list[PieceChoice]
    files: list[PieceChoice]

    def labels(self) -> dict[str, str]:
        """Every code's words ("Message from the reporter, Dec 2, 2026")."""
        return {c.code: c.label for c in (*self.fixed, *self.messages, *self.files)}


def _preview(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(PREVIEW_CHARS) if text.strip() else "—"


def _file_choice(file: OpenedAttachment) -> PieceChoice:
    meta = file.meta
    state = _("metadata removed") if meta.cleaned else _("not cleaned")
    return PieceChoice(
        code=f"file:{file.uid}",
        label=meta.name,
        preview=f"{meta.mime}, {filesizeformat(meta.size)}, {state}",
    )


def case_pieces(opened: OpenedCase) -> CasePieces:
    """The pieces of an opened case (`case_open`), each with a preview from what is opened."""
    case, report = opened.case, opened.report
    threats = labels_of(ThreatType, case.threat_types)
    fixed = [
        PieceChoice(Piece.NARRATIVE, str(Piece.NARRATIVE.label), _preview(report.narrative)),
        PieceChoice(Piece.CONTACT, str(Piece.CONTACT.label), _preview(report.contact)),
        PieceChoice(
            Piece.COUNTRY,
            str(Piece.COUNTRY.label),
            country_name(case.country) if case.country else _("not known"),
        ),
        PieceChoice(Piece.THREAT_TYPES, str(Piece.THREAT_TYPES.label), "; ".join(threats) or "—"),
        PieceChoice(Piece.SUMMARY, str(Piece.SUMMARY.label), _("you write it below")),
    ]
    messages = []
    for message in opened.messages:
        day = day_text(message.created_on)  # type: ignore[arg-type]
        label = (
            _("Reply from %(who)s, %(day)s") % {"who": message.author or "?", "day": day}
            if message.direction == "team"
            else _("Message from the reporter, %(day)s") % {"day": day}
        )
        messages.append(PieceChoice(f"message:{message.uid}", label, _preview(message.body)))
    files = [_file_choice(file) for file in opened.attachments]
    files += [_file_choice(file) for message in opened.messages for file in message.attachments]
    return CasePieces(fixed=fixed, messages=messages, files=files)


@dataclass(frozen=True)
class ReferralRow:
    """A referral in the case page's list: clear metadata and its clock."""

    referral: Referral
    service: str
    due_at: datetime | None
    overdue: bool
    closed: bool


def referral_rows(case: Case, now: datetime) -> list[ReferralRow]:
    """The referrals of `case`, newest first, with their clock at `now`."""
    return [
        ReferralRow(
            referral=referral,
            service=str(Service(referral.service).label)
            if referral.service in Service.values
            else referral.service,
            due_at=referral.due_at,
            overdue=bool(referral.due_at and referral.due_at <= now),
            closed=referral.state in CLOSED,
        )
        for referral in case_referrals(case)
    ]


def written_updates(case: Case) -> dict[int, list[ReferralUpdate]]:
    """The updates that carry text, of every referral of `case`, by referral id, oldest first:
    one query, so the case page costs the same however many referrals moved without a word."""
    found: dict[int, list[ReferralUpdate]] = {}
    rows = (
        ReferralUpdate.objects.filter(referral__case=case)
        .exclude(body=b"")
        .select_related("author")
        .order_by("at", "id")
    )
    for row in rows:
        found.setdefault(row.referral_id, []).append(row)
    return found


def updates_opened(
    referral: Referral,
    referral_key: PrivateKey | None,
    rows: list[ReferralUpdate] | None = None,
) -> list[OpenedUpdate]:
    """The loop's steps (`rows`, or all of the referral's), oldest first, their texts opened with
    the referral key (none before the packet exists: nothing typed into the loop before then).
    `who`: the partner organisation (and its user) or the team member; "" when the volunteer or
    the clock moved it."""
    if rows is None:
        rows = list(referral.updates.select_related("author").order_by("at", "id"))
    opened = []
    for update in rows:
        body = ""
        if referral_key is not None and update.body:
            body = keys.open_update(bytes(update.body), referral_key, str(update.uid))
        author = update.author.username if update.author else ""
        if update.from_partner:
            who = f"{referral.partner.name} ({author})" if author else referral.partner.name
        else:
            who = author
        opened.append(
            OpenedUpdate(
                uid=str(update.uid),
                at=update.at,
                who=who,
                from_partner=update.from_partner,
                state=update.state,
                body=body,
            )
        )
    return opened


def files_opened(referral: Referral, referral_key: PrivateKey | None) -> list[OpenedFile]:
    """The files in the packet (name, type, size), opened with the referral key."""
    if referral_key is None:
        return []
    found = []
    for row in referral.files.all():
        meta = json.loads(
            keys.open_file_part(bytes(row.meta), referral_key, uid=str(row.uid), field="meta")
        )
        found.append(
            OpenedFile(uid=str(row.uid), name=meta["name"], mime=meta["mime"], size=meta["size"])
        )
    return found


def ledger(referral: Referral) -> list[Consent]:
    """The consent ledger's rows for `referral`, oldest first, with who recorded and approved."""
    return list(referral.consents.select_related("recorded_by", "approved_by").order_by("id"))


def packet_view(packet: dict[str, Any]) -> list[tuple[str, str]]:
    """The packet's pieces as (what, value) in words, in a fixed order; messages apart."""
    rows: list[tuple[str, str]] = []
    if packet.get("purpose"):
        rows.append((_("Purpose"), packet["purpose"]))
    if "narrative" in packet:
        rows.append((str(Piece.NARRATIVE.label), packet["narrative"]))
    if "contact" in packet:
        rows.append((str(Piece.CONTACT.label), packet["contact"] or "—"))
    if "country" in packet:
        code = packet["country"]
        rows.append((str(Piece.COUNTRY.label), country_name(code) if code else _("not known")))
    if "threat_types" in packet:
        threats = labels_of(ThreatType, packet["threat_types"])
        rows.append((str(Piece.THREAT_TYPES.label), "; ".join(threats) or "—"))
    if "summary" in packet:
        rows.append((str(Piece.SUMMARY.label), packet["summary"]))
    if packet.get("language"):
        rows.append((_("The volunteer's language"), language_name(packet["language"])))
    return rows


# Steps nobody signed: the volunteer's in their inbox (agreeing sends it; declining or taking
# consent back withdraws it); any other is the clock's.
_VOLUNTEER_STEPS = frozenset({State.SENT, State.WITHDRAWN})


def update_by(update: OpenedUpdate) -> str:
    """Who took a step of the loop, in words: the partner, the team, the volunteer, the clock."""
    if update.from_partner:
        return _("The partner")
    if update.who:
        return _("The team")
    return _("Reporter") if update.state in _VOLUNTEER_STEPS else _("rightsdesk")


def state_label(code: str) -> str:
    return str(State(code).label) if code in State.values else code
