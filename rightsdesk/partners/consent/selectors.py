"""Reads for the volunteer's consent pages: which referrals to show in the inbox, who the
organisation is, and each proposed piece with its actual content. Nothing here writes or checks
permissions: call with a case the inbox session opened, and a referral `access.referral_of_case`
returned for it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from nacl.public import PrivateKey

from rightsdesk.cases.services import OpenedCase
from rightsdesk.cases.vocabulary import ThreatType
from rightsdesk.core.countries import country_name
from rightsdesk.core.regions import NAMES as REGION_NAMES
from rightsdesk.partners import keys
from rightsdesk.partners.models import Partner, Referral
from rightsdesk.partners.selectors import case_referrals
from rightsdesk.partners.vocabulary import DELIVERED, Piece, State

# What the volunteer is shown in the inbox: what waits for an answer, and what went (they may
# withdraw it). A draft is not proposed yet, and a referral the team asks to make without consent
# shows once it was sent.
SHOWN = frozenset({State.AWAITING_CONSENT, *DELIVERED})


def inbox_referrals(case: Any) -> QuerySet[Referral]:
    """The referrals of `case` the inbox shows, those waiting for an answer first."""
    return case_referrals(case).filter(state__in=SHOWN).order_by("-state_since", "-id")


@dataclass(frozen=True)
class ShownPiece:
    """One piece of the case as it would go: `code` is the referral's piece name (the checkbox's
    value), `label` says what it is, and the content is `text` (typed words), `items` (a list) or
    `file` (a file's name and size)."""

    code: str
    label: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    file_name: str = ""
    file_size: int = 0
    missing: bool = False


@dataclass(frozen=True)
class Organisation:
    name: str
    description: str
    where: list[str]
    worldwide: bool
    website: str


def organisation(partner: Partner) -> Organisation:
    """What the volunteer is told about the organisation (its directory entry, all clear)."""
    where = [country_name(code) for code in partner.countries]
    where += [str(REGION_NAMES[code]) for code in partner.regions if code in REGION_NAMES]
    return Organisation(
        name=partner.name,
        description=partner.description,
        where=where,
        worldwide=partner.worldwide,
        website=partner.website,
    )


def _message_label(direction: str, on: Any) -> str:
    day = on.isoformat() if hasattr(on, "isoformat") else str(on)
    if direction == "team":
        return _("The team's message of %(day)s") % {"day": day}
    return _("Your message of %(day)s") % {"day": day}


# The pieces as the volunteer reads them (vocabulary.Piece's labels are the team's words).
YOUR_PIECES = {
    Piece.NARRATIVE: gettext_lazy("What happened, in your own words"),
    Piece.CONTACT: gettext_lazy("How to reach you"),
    Piece.COUNTRY: gettext_lazy("Your country"),
    Piece.THREAT_TYPES: gettext_lazy("The kinds of threat you named"),
    Piece.SUMMARY: gettext_lazy("A summary the team wrote about your situation"),
}


def _fixed_piece(
    code: str, referral: Referral, opened: OpenedCase, case_key: PrivateKey
) -> ShownPiece:
    """One of the pieces vocabulary.Piece names, with its content."""
    case = opened.case
    label = str(YOUR_PIECES[Piece(code)])
    if code == Piece.NARRATIVE:
        return ShownPiece(code, label, text=opened.report.narrative)
    if code == Piece.CONTACT:
        return ShownPiece(code, label, text=opened.report.contact)
    if code == Piece.COUNTRY:
        return ShownPiece(code, label, text=country_name(case.country) if case.country else "")
    if code == Piece.THREAT_TYPES:
        labels = [
            str(ThreatType(value).label) if value in ThreatType.values else value
            for value in case.threat_types
        ]
        return ShownPiece(code, label, items=labels)
    summary = keys.open_with_case(
        bytes(referral.summary), case_key, uid=str(referral.uid), field="summary"
    )
    return ShownPiece(code, label, text=summary)


def shown_pieces(
    referral: Referral, opened: OpenedCase, case_key: PrivateKey, codes: Sequence[str]
) -> list[ShownPiece]:
    """Each of `codes` (the referral's proposed or consented pieces) with the content it stands
    for, opened from `opened` (`case_open` with the inbox's key) and the referral's summary. A
    message or file that is no longer in the case is shown as such."""
    messages = {message.uid: message for message in opened.messages}
    attachments = {item.uid: item.meta for item in opened.attachments}
    for each in opened.messages:
        attachments |= {item.uid: item.meta for item in each.attachments}
    shown: list[ShownPiece] = []
    for code in codes:
        kind, _sep, uid = code.partition(":")
        if code in Piece.values:
            shown.append(_fixed_piece(code, referral, opened, case_key))
        elif kind == "message":
            message = messages.get(uid)
            if message is None:
                shown.append(ShownPiece(code, _("A message"), missing=True))
            else:
                label = _message_label(message.direction, message.created_on)
                shown.append(ShownPiece(code, label, text=message.body))
        elif kind == "file":
            meta = attachments.get(uid)
            name, size = (meta.name, meta.size) if meta else ("", 0)
            shown.append(
                ShownPiece(code, _("A file"), file_name=name, file_size=size, missing=meta is None)
            )
    return shown


def purpose_of(referral: Referral, case_key: PrivateKey) -> str:
    """The team's purpose, as the handler wrote it (sealed to the case until sent)."""
    return keys.open_with_case(
        bytes(referral.purpose), case_key, uid=str(referral.uid), field="purpose"
    )
