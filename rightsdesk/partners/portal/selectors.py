"""Reads for the portal: the organisation's referrals as a list of clear metadata, which of them
the user may still open, the moves open to them now, and the packet in words. Nothing here
writes; opening a referral goes through the gate (rightsdesk.partners.access)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.cases.vocabulary import ThreatType
from rightsdesk.core.countries import country_name
from rightsdesk.partners.models import Partner, Referral
from rightsdesk.partners.selectors import partner_referrals, readable_referrals
from rightsdesk.partners.vocabulary import PARTNER_MOVES, TRANSITIONS, Piece, State

# The order moves are offered in, forward first.
MOVE_ORDER = (
    State.RECEIVED,
    State.ACCEPTED,
    State.IN_PROGRESS,
    State.COMPLETED,
    State.FAILED,
    State.DECLINED,
)


@dataclass(frozen=True)
class Row:
    referral: Referral
    readable: bool


def portal_rows(user: User, partner: Partner) -> list[Row]:
    """Every referral made to `partner` once it left the team (newest first); `readable` only
    for those whose key is still wrapped to `user` (`readable_referrals`): the others show their
    state only."""
    readable = set(readable_referrals(user).values_list("pk", flat=True))
    return [
        Row(referral=referral, readable=referral.pk in readable)
        for referral in partner_referrals(partner).order_by("-sent_at", "-id")
    ]


def moves_open(referral: Referral) -> list[str]:
    """The moves a partner user may make on `referral` now."""
    allowed = TRANSITIONS[referral.state] & PARTNER_MOVES
    return [state for state in MOVE_ORDER if state in allowed]


def language_label(code: str) -> str:
    """The volunteer's language by name, in the reader's language; the code if unknown."""
    try:
        return str(get_language_info(code)["name_translated"]) if code else ""
    except KeyError:
        return code


@dataclass(frozen=True)
class PacketPiece:
    label: str
    text: str = ""
    items: tuple[str, ...] = ()


def packet_pieces(packet: dict[str, Any]) -> list[PacketPiece]:
    """The packet's pieces in words, in a fixed order; only what the packet holds."""
    shown: list[PacketPiece] = []
    if "narrative" in packet:
        shown.append(PacketPiece(str(Piece.NARRATIVE.label), text=str(packet["narrative"])))
    if "contact" in packet:
        shown.append(PacketPiece(str(Piece.CONTACT.label), text=str(packet["contact"])))
    if packet.get("country"):
        shown.append(PacketPiece(str(Piece.COUNTRY.label), text=country_name(packet["country"])))
    if "threat_types" in packet:
        labels = tuple(
            str(ThreatType(value).label) if value in ThreatType.values else str(value)
            for value in packet["threat_types"]
        )
        shown.append(PacketPiece(str(Piece.THREAT_TYPES.label), items=labels))
    if "summary" in packet:
        shown.append(PacketPiece(str(Piece.SUMMARY.label), text=str(packet["summary"])))
    for message in packet.get("messages", []):
        label = (
            _("A message from the team, %(day)s")
            if message.get("from") == "team"
            else _("A message from the volunteer, %(day)s")
        ) % {"day": message.get("on", "")}
        shown.append(PacketPiece(label, text=str(message.get("body", ""))))
    return shown
