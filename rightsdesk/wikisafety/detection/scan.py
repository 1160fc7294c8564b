"""All recognisers over one text: what the watcher calls for each new revision."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from rightsdesk.wikisafety.detection.contacts import (
    EmailRecogniser,
    IpRecogniser,
    SocialProfileRecogniser,
)
from rightsdesk.wikisafety.detection.hits import Hints, Hit, Kind, Recogniser
from rightsdesk.wikisafety.detection.identity import IdentityRecogniser
from rightsdesk.wikisafety.detection.phones import PhoneRecogniser
from rightsdesk.wikisafety.detection.places import AddressRecogniser, CoordinatesRecogniser
from rightsdesk.wikisafety.detection.text import added_text

__all__ = ["DEFAULT_RECOGNISERS", "scan_edit", "scan_text"]

logger = logging.getLogger(__name__)

DEFAULT_RECOGNISERS: tuple[Recogniser, ...] = (
    PhoneRecogniser(),
    IdentityRecogniser(),
    EmailRecogniser(),
    IpRecogniser(),
    CoordinatesRecogniser(),
    AddressRecogniser(),
    SocialProfileRecogniser(),
)


# A number whose checksum validates as an identity, bank or tax number is that, not a phone
# number that happens to be valid on the same characters (an IBAN's digits, a Ukrainian tax
# number that is also a valid Russian phone number).
_CHECKSUMMED = frozenset({Kind.NATIONAL_ID, Kind.TAX_ID, Kind.IBAN})


def scan_text(
    text: str, hints: Hints, recognisers: Sequence[Recogniser] = DEFAULT_RECOGNISERS
) -> list[Hit]:
    """Every recogniser's hits on a plain text, by position. A recogniser that raises is logged
    (its name, never the text) and skipped: one bug must not blind the others. A phone hit on
    the same characters as a checksum-valid identity, bank or tax number is dropped."""
    hits: list[Hit] = []
    for recogniser in recognisers:
        try:
            hits.extend(recogniser.find(text, hints))
        except Exception:
            logger.exception("wikisafety recogniser %s failed", recogniser.name)
    checked = [hit for hit in hits if hit.kind in _CHECKSUMMED]
    kept = [
        hit
        for hit in hits
        if hit.kind is not Kind.PHONE
        or not any(c.start < hit.end and hit.start < c.end for c in checked)
    ]
    return sorted(kept, key=lambda hit: (hit.start, hit.end, hit.recogniser))


def scan_edit(old_wikitext: str, new_wikitext: str, hints: Hints) -> tuple[str, list[Hit]]:
    """The plain text an edit added and the hits on it (spans index that text)."""
    text = added_text(old_wikitext, new_wikitext)
    return text, scan_text(text, hints)
