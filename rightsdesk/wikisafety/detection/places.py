# ruff: noqa: RUF001, RUF002 - street words and marks of other scripts are the point
"""Coordinates and street addresses.

Coordinates: decimal pairs with at least three decimals on each side (about 100 m; fewer name a
town, not a home), in range, and not two items of a longer list of numbers (a table's
figures); degrees-minutes(-seconds) with a hemisphere letter (N/S/E/W, or Russian "с. ш."/
"в. д."); `{{coord}}` templates arrive already rendered as one of these by
`text.plain_text`. A place's coordinates in an article are reported too: the evaluation queue,
not the recogniser, knows that a castle is not a person.

Street addresses: one conservative pattern per language, anchored on a house number and a
street word, so that a street named in prose ("the Rue de Rivoli is long") is not a hit:

- English: "221B Baker Street", "1600 Pennsylvania Ave NW" (number, 1-4 capitalised words, a
  street-type word).
- French: "12 bis, rue de la Paix" (number, optional bis/ter, a street-type word, a name).
- Spanish: "Calle de Alcalá 42", "Avda. de la Constitución, nº 3" (street-type word, a name, a
  number within a few words).
- Russian: "ул. Ленина, д. 5, кв. 12" (street word, name, "д."/"дом" and a number).
- Arabic: "شارع التحرير رقم 15" / "15 شارع ..." (شارع/طريق/حي and a number within a few words).
- Persian: "خیابان ولیعصر، کوچه ۱۲، پلاک ۳۴" (a street word and "پلاک" and a number).
- Burmese: "အမှတ် (၁၂)၊ ... လမ်း" (အမှတ် "number" with digits and a road word လမ်း within a
  few words).

Not covered: addresses without a house number ("near the mosque on X street"), postal codes
alone, addresses in other languages and scripts (Chinese, Japanese, Hindi, ...), Persian
addresses without "پلاک", rural addresses, post-office boxes.
"""

from __future__ import annotations

import re

from rightsdesk.wikisafety.detection.digits import ascii_digits
from rightsdesk.wikisafety.detection.hits import Hints, Hit, Kind

__all__ = ["ADDRESS_PATTERNS", "AddressRecogniser", "CoordinatesRecogniser"]

_DEC = r"[-+−]?\d{1,3}[.,]\d{3,}"
_DECIMAL_PAIR = re.compile(
    rf"(?<![\w.,])({_DEC})\s*°?\s*([NS])?\s*[,;/]?\s+({_DEC})\s*°?\s*([EW])?(?![\w])"
    rf"|(?<![\w.,])({_DEC})\s*°?\s*([NS])?[,;/]\s*({_DEC})\s*°?\s*([EW])?(?![\w])"
)
_DMS_PART = (
    r"(\d{1,3})\s*[°º]\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*[′'’]\s*"
    r"(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:″|\"|''|’’)\s*)?)?"
)
_DMS = re.compile(
    rf"{_DMS_PART}([NS]|с\.?\s?ш\.?)[\s,;]*{_DMS_PART}([EW]|в\.?\s?д\.?|з\.?\s?д\.?)",
    re.IGNORECASE,
)


_LIST_BEFORE = re.compile(r"\d\s*[,;]\s*$")
_LIST_AFTER = re.compile(r"\s*[,;]\s*[-+−]?\d")


def _in_a_list(text: str, start: int, end: int) -> bool:
    """Whether a decimal pair is two items of a longer list of numbers (a table's figures)."""
    return bool(_LIST_BEFORE.search(text, max(0, start - 8), start) or _LIST_AFTER.match(text, end))


def _num(text: str | None) -> float:
    return float((text or "0").replace(",", ".").replace("−", "-"))


class CoordinatesRecogniser:
    """Coordinates precise enough to point at a building or a street (see the module)."""

    name = "coordinates"

    def find(self, text: str, hints: Hints) -> list[Hit]:
        ascii_text = ascii_digits(text)
        hits = []
        for match in _DECIMAL_PAIR.finditer(ascii_text):
            groups = match.groups()
            lat_s, ns, lon_s, ew = groups[0:4] if groups[0] else groups[4:8]
            if _in_a_list(ascii_text, *match.span()):
                continue
            lat, lon = _num(lat_s), _num(lon_s)
            if (ns or "").upper() == "S":
                lat = -abs(lat)
            if (ew or "").upper() == "W":
                lon = -abs(lon)
            if abs(lat) <= 90 and abs(lon) <= 180 and not (lat == 0 and lon == 0):
                value = f"{lat:.5f},{lon:.5f}"
                hits.append(Hit(Kind.COORDINATES, *match.span(), value, self.name, "decimal"))
        for match in _DMS.finditer(ascii_text):
            g = match.groups()
            lat = _num(g[0]) + _num(g[1]) / 60 + _num(g[2]) / 3600
            lon = _num(g[4]) + _num(g[5]) / 60 + _num(g[6]) / 3600
            if g[3].upper().startswith("S"):
                lat = -lat
            if g[7].upper()[0] in ("W", "З"):
                lon = -lon
            # Degrees alone ("48°N 2°E") name a region; minutes at least.
            if g[1] is None or g[5] is None or abs(lat) > 90 or abs(lon) > 180:
                continue
            value = f"{lat:.5f},{lon:.5f}"
            hits.append(Hit(Kind.COORDINATES, *match.span(), value, self.name, "dms"))
        return sorted(hits, key=lambda hit: hit.start)


# A house number, not a year ("In 1990 The Beatles Street ...").
_NUM = r"(?!(?:1[5-9]|20)\d\d(?![\w]))\d{1,5}(?:\s?[A-Za-z](?![\w]))?"
_CAP = r"[A-Z][\w'’.-]*"

ADDRESS_PATTERNS: dict[str, re.Pattern[str]] = {
    "en": re.compile(
        rf"(?<![\w]){_NUM},?\s+(?:{_CAP}\s+){{1,4}}"
        r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Drive|Dr\.?|Boulevard|Blvd\.?|"
        r"Court|Ct\.?|Place|Pl\.?|Way|Terrace|Close|Crescent|Gardens|Square|Highway|Hwy\.?)"
        r"(?:\s+(?:NW|NE|SW|SE|N|S|E|W))?(?![\w])"
    ),
    "fr": re.compile(
        r"(?<![\w])\d{1,4}(?:\s?(?:bis|ter|quater|[A-D]))?,?\s+"
        r"(?:rue|avenue|av\.|boulevard|bd|chemin|impasse|allée|place|quai|route|cours|"
        r"square|passage|résidence)\s+(?:(?:de|du|des|de la|de l'|d'|la|le|les)\s*)?"
        r"[A-ZÉÈÀÂÎÔÛÇ][\w'’-]*(?:\s+[A-ZÉÈÀÂÎÔÛÇ][\w'’-]*){0,3}",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?<![\w])(?:calle|c/|avenida|avda\.?|av\.|paseo|plaza|pza\.|camino|carrera|cra\.|"
        r"ronda|travesía|glorieta|jirón|jr\.)\s*(?:(?:de|del|de la|de los|de las)\s+)?"
        r"[A-ZÁÉÍÓÚÑ][\w'’.-]*(?:\s+(?:de\s+|del\s+|la\s+)?[A-ZÁÉÍÓÚÑ][\w'’.-]*){0,3}"
        r",?\s*(?:n[º°o]\.?\s*|núm\.?\s*|número\s*|#\s*)?\d{1,5}(?![\w])",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"(?<![\w])(?:ул\.|улица|пр-т|проспект|пр\.|пер\.|переулок|бульвар|б-р|наб\.|"
        r"набережная|шоссе|ш\.|площадь|пл\.)\s*[\w.-]+(?:\s+[\w.-]+){0,3}?,?\s*"
        r"(?:д\.|дом)\s*\d{1,4}[а-я]?(?:\s*,?\s*(?:к\.|корп\.|стр\.)\s*\d+)?"
        r"(?:\s*,?\s*(?:кв\.|квартира)\s*\d{1,4})?",
        re.IGNORECASE,
    ),
    "ar": re.compile(
        r"(?:(?<![\w])\d{1,5}\s+(?:شارع|طريق)\s+\S+(?:\s+\S+){0,2}"
        r"|(?:شارع|طريق|حي)\s+\S+(?:\s+\S+){0,3}?\s*[،,]?\s*(?:رقم|عمارة|مبنى|بناية)\s*\d{1,5})"
    ),
    "fa": re.compile(
        r"(?:خیابان|خ\.|بلوار|کوچه|میدان|بزرگراه|جاده)\s*[^\n]{1,80}?(?:پلاک|پ\.)\s*\d{1,5}"
    ),
    "my": re.compile(r"အမှတ်\s*[(\[]?\s*\d{1,5}\s*[)\]]?[^\n]{0,80}?လမ်း"),
}


class AddressRecogniser:
    """Street addresses by the conservative patterns of `ADDRESS_PATTERNS` (every language's
    pattern runs on every text: a French address on the English Wikipedia is still an address;
    see the module for what is not covered)."""

    name = "address"

    def find(self, text: str, hints: Hints) -> list[Hit]:
        ascii_text = ascii_digits(text)
        hits: list[Hit] = []
        for language, pattern in ADDRESS_PATTERNS.items():
            for match in pattern.finditer(ascii_text):
                span = match.span()
                if any(h.start <= span[0] < h.end or span[0] <= h.start < span[1] for h in hits):
                    continue
                value = " ".join(text[span[0] : span[1]].split()).casefold()
                hits.append(Hit(Kind.STREET_ADDRESS, *span, value, self.name, detail=language))
        return sorted(hits, key=lambda hit: hit.start)
