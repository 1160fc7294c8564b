"""Phone numbers, found by libphonenumber's matcher (the Python port, `phonenumbers`).

The wiki's regions are the hints: a number written in national format ("0912 345 6789" on the
Persian Wikipedia) is read as a number of that region; a number in international format
("+33 1 42 68 53 00") is found whatever the hints. Leniency VALID: the number must be a valid
number of its region (length, prefixes, number plan), not merely possible, which keeps years,
ranges and catalogue numbers out. The matcher reads digits in any script.
"""

from __future__ import annotations

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from rightsdesk.wikisafety.detection.hits import Hints, Hit, Kind

__all__ = ["PhoneRecogniser", "e164"]

# At most this many regions are tried per text (each is one pass of the matcher).
MAX_REGIONS = 3


def e164(number: str, regions: tuple[str, ...] = ()) -> str:
    """`number` in E.164 ("+33142685300"), read with the first region that makes it valid; ""
    when none does. Used to register a protected volunteer's number and in tests."""
    for region in (*regions, "ZZ") if regions else ("ZZ",):
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    return ""


class PhoneRecogniser:
    """Valid phone numbers, normalised to E.164."""

    name = "phone"

    def find(self, text: str, hints: Hints) -> list[Hit]:
        found: dict[tuple[int, int], Hit] = {}
        regions = hints.phone_regions()[:MAX_REGIONS] or ("ZZ",)
        for region in regions:
            for match in PhoneNumberMatcher(text, region, leniency=Leniency.VALID, max_tries=500):
                span = (match.start, match.end)
                if span not in found:
                    value = phonenumbers.format_number(match.number, PhoneNumberFormat.E164)
                    found[span] = Hit(Kind.PHONE, match.start, match.end, value, self.name)
        return sorted(found.values(), key=lambda hit: hit.start)
