# ruff: noqa: RUF001 - addresses and coordinates in other scripts and with primes are the point
"""A labelled corpus for measuring detection (issue 16, part 7), made from real formats.

- Phone numbers: `phonenumbers.example_number_for_type` (mobile and fixed line) for every region
  in `PHONE_REGIONS`, plus variants with their last digits changed that libphonenumber still
  calls valid; written in international format, and in national format when the number's
  region is the wiki's; in Persian, Arabic-Indic or Burmese digits on those wikis half the time.
- Identity, bank and tax numbers: random bodies completed with the check digits that make
  `python-stdnum` (or our Iranian validator) accept them, written with the module's own
  `format()` when it has one, after the label people write in front of them ("CPF", "DNI",
  "کد ملی", "ИНН").
- E-mail, IP, coordinates (decimal, DMS and `{{coord}}`), street addresses in the structure of
  each language's addresses (en, fr, es, ru, ar, fa, my), social-profile links.
- Clean negatives: the labels, descriptions, aliases and site-link titles of the 49 real items
  in `../shared/data/wikidata-dump-head-2017.ndjson`, with their external identifiers (VIAF,
  GND, ISNI, ... digit runs), quantities (populations) and dates, written as wikitext
  (templates, links, references). Globe coordinates are left out: a place's coordinates are
  reported by design (see `places`).

Each sample is an edit (old and new wikitext) with the wiki's language and the labels it must
yield. The markup around a planted value varies (plain, template parameter, link text, comment
inside the value, `<ref>`, bold, an HTML entity), so the corpus also measures `text.added_text`.
Deterministic for a seed.
"""

from __future__ import annotations

import ipaddress
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rightsdesk.gaps.refdata import DUMP_HEAD
from rightsdesk.wikisafety.detection.corpus_formats import (
    Label,
    Sample,
    id_samples,
    load_dump,
    phone_samples,
)
from rightsdesk.wikisafety.detection.hits import Kind

__all__ = ["DUMP", "Label", "Sample", "build_corpus", "negative_texts"]

_SHARED = Path(__file__).resolve().parents[4] / "shared" / "data" / "wikidata-dump-head-2017.ndjson"
# shared/data's copy beside the checkout, else the identical one the project ships (gzipped).
DUMP = _SHARED if _SHARED.is_file() else DUMP_HEAD

_GIVEN = ("Jane", "Amélie", "Carlos", "Olga", "Reza", "Aung", "Fatima", "Kwame", "Priya", "Lena")
_FAMILY = ("Doe", "Martin", "García", "Ivanova", "Karimi", "Win", "Haddad", "Mensah", "Rao")
_DOMAINS = ("example.org", "mail.example.com", "gmail.com", "yandex.ru", "proton.me", "chmail.ir")

# Each language's address structure: a template whose {slots} are filled from the lists, {n}
# the house number. Street names are common real ones.
_ADDRESS_SHAPES: dict[str, tuple[str, ...]] = {
    "en": ("{n}{suffix} {en_name} {en_type}",),
    "fr": ("{n}{fr_rep}, {fr_type} {fr_name}",),
    "es": ("{es_type} {es_name}, {es_no}{n}",),
    "ru": ("{ru_type} {ru_name}, {ru_house} {n}{ru_flat}",),
    "ar": ("شارع {ar_name} رقم {n}", "{n} شارع {ar_name}", "حي {ar_district}، عمارة {n}"),
    "fa": ("{fa_city}، {fa_type} {fa_name}، کوچه {fa_lane}، پلاک {n}",),
    "my": ("အမှတ် ({n})၊ {my_name}လမ်း၊ {my_city}",),
}
_ADDRESS_SLOTS: dict[str, tuple[str, ...]] = {
    "suffix": ("", "B", " A"),
    "en_name": ("Baker", "Maple", "Old Church", "Victoria", "Martin Luther King"),
    "en_type": ("Street", "Road", "Avenue", "Lane", "Drive", "St.", "Rd", "Ave", "Close"),
    "fr_rep": ("", " bis", " ter"),
    "fr_type": ("rue", "avenue", "boulevard", "impasse", "chemin", "allée"),
    "fr_name": ("de la Paix", "Victor Hugo", "des Lilas", "du Général Leclerc", "Jean Jaurès"),
    "es_type": ("Calle", "Avenida", "Avda.", "Paseo", "Plaza", "C/"),
    "es_name": ("de Alcalá", "Mayor", "de la Constitución", "San Martín", "Bolívar"),
    "es_no": ("", "nº ", "núm. "),
    "ru_type": ("ул.", "улица", "проспект", "пер."),
    "ru_name": ("Ленина", "Пушкина", "Гагарина", "Мира", "Садовая"),
    "ru_house": ("д.", "дом"),
    "ru_flat": ("", ", кв. 12", ", кв. 3"),
    "ar_name": ("التحرير", "الجمهورية", "الملك فيصل", "النيل", "الحمراء"),
    "ar_district": ("الزهراء", "النزهة"),
    "fa_city": ("تهران", "شیراز", "مشهد"),
    "fa_type": ("خیابان", "بلوار"),
    "fa_name": ("ولیعصر", "آزادی", "انقلاب", "شریعتی"),
    "fa_lane": ("۱۲", "لاله", "نسترن"),
    "my_name": ("ဗိုလ်ချုပ်", "ပြည်", "ကမ်းနား", "အနော်ရထာ"),
    "my_city": ("ရန်ကုန်", "မန္တလေး"),
}


def _address(language: str, rng: random.Random, number: int) -> str:
    shape = rng.choice(_ADDRESS_SHAPES[language])
    slots = {name: rng.choice(values) for name, values in _ADDRESS_SLOTS.items()}
    return shape.format(n=number, **slots)


_ADDRESS_WORDS = {
    "en": "She lives at",
    "fr": "Elle habite au",
    "es": "Vive en",
    "ru": "Она живёт по адресу:",
    "ar": "تسكن في",
    "fa": "نشانی خانه‌اش:",
    "my": "သူမနေထိုင်သည့်လိပ်စာ",
}
_SOCIAL = (
    "https://twitter.com/{h}",
    "https://x.com/{h}",
    "https://www.facebook.com/{h}",
    "https://www.instagram.com/{h}/",
    "https://www.linkedin.com/in/{h}",
    "https://t.me/{h}",
    "https://vk.com/{h}",
    "https://github.com/{h}",
    "https://www.tiktok.com/@{h}",
    "https://www.youtube.com/@{h}",
    "https://bsky.app/profile/{h}",
)


_NUMBER = re.compile(
    r"\s*(?:nº |núm\. |д\. |дом |رقم |عمارة |پلاک )?\(?\d+\)?[A-Za-z]?(?: bis| ter)?,?\s*"
)


def _ascii_given(rng: random.Random) -> str:
    return rng.choice(_GIVEN).lower().replace("é", "e")


def _handle(rng: random.Random) -> str:
    return f"{_ascii_given(rng)}{rng.choice(['_', '.', ''])}{rng.randint(1, 9999)}"


def other_samples(rng: random.Random, each: int = 24) -> Iterator[tuple[str, str, Label]]:
    """E-mail, IP, coordinates, addresses and social profiles: (language, sentence, label)."""
    languages = tuple(_ADDRESS_WORDS)
    for _ in range(each):
        family = rng.choice(_FAMILY).lower().replace("í", "i")
        local = f"{_ascii_given(rng)}.{family}{rng.randint(1, 99)}"
        domain = rng.choice(_DOMAINS)
        value = f"{local}@{domain}"
        written = rng.choice(
            [value, f"{local} [at] {domain.replace('.', ' [dot] ')}", f"{local}(at){domain}"]
        )
        yield "en", f"Write to {written}", Label(Kind.EMAIL, value, "email")
        if rng.random() < 0.5:
            ip = ipaddress.ip_address(rng.randint(0x0B000000, 0xDF000000))
        else:
            ip = ipaddress.ip_address((0x2A00 << 112) + rng.getrandbits(100))
        if ip.is_global:
            yield rng.choice(languages), f"IP: {ip}", Label(Kind.IP_ADDRESS, str(ip), "ip")
        lat, lon = rng.uniform(-60, 70), rng.uniform(-170, 170)
        yield (
            rng.choice(languages),
            _coordinates(lat, lon, rng),
            Label(Kind.COORDINATES, f"{lat:.5f},{lon:.5f}", "coordinates"),
        )
        for language in languages:
            address = _address(language, rng, rng.randint(1, 250))
            if rng.random() < 0.15:
                # Without its house number: not covered by design, counted as missed.
                address = _NUMBER.sub(" ", address, count=1).strip(" ،,")
            label = Label(Kind.STREET_ADDRESS, address, "address", language)
            yield language, f"{_ADDRESS_WORDS[language]} {address}.", label
        handle = _handle(rng)
        url = rng.choice(_SOCIAL).format(h=handle)
        domain = re.sub(r"^https://(www\.)?", "", url).split("/")[0]
        yield (
            "en",
            f"Her account: {url}",
            Label(Kind.SOCIAL_PROFILE, f"{domain}/{handle}", "social"),
        )


def _coordinates(lat: float, lon: float, rng: random.Random) -> str:
    form = rng.randrange(3)
    if form == 0:
        return f"at {lat:.5f}, {lon:.5f}"
    ns, ew = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")

    def dms(value: float) -> tuple[int, int, float]:
        value = abs(value)
        degrees, minutes = int(value), int(abs(value) * 60) % 60
        return degrees, minutes, round((value * 3600) % 60, 1)

    (a, b, c), (d, e, f) = dms(lat), dms(lon)
    if form == 1:
        return f"{a}°{b}′{c}″{ns} {d}°{e}′{f}″{ew}"
    return f"{{{{coord|{a}|{b}|{c}|{ns}|{d}|{e}|{f}|{ew}|display=inline}}}}"


# How a planted sentence is written into the page.
def _wrap(sentence: str, rng: random.Random) -> str:  # noqa: PLR0911 - one return per style
    style = rng.randrange(7)
    if style == 1:
        return f"{{{{User info|about={sentence}}}}}"
    if style == 2:
        # A comment inside the value: between two non-space characters of its second half.
        spots = [
            i
            for i in range(len(sentence) // 2, len(sentence) - 1)
            if not sentence[i].isspace() and not sentence[i + 1].isspace()
        ]
        if spots:
            at = rng.choice(spots) + 1
            return sentence[:at] + "<!-- -->" + sentence[at:]
    if style == 3:
        head, _, tail = sentence.rpartition(" ")
        return f"{head} [[Special:Search|{tail}]]" if head else sentence
    if style == 4:
        return f"See.<ref>{sentence}</ref>"
    if style == 5:
        return f"'''{sentence}'''"
    if style == 6:
        at = next((i for i, ch in enumerate(sentence) if ch.isdigit()), -1)
        if at >= 0:
            return sentence[:at] + f"&#{ord(sentence[at])};" + sentence[at + 1 :]
    return sentence


def negative_texts(path: Path = DUMP) -> Iterator[tuple[str, str]]:
    """(language, wikitext) made only of the dump head's real labels, descriptions, aliases,
    site-link titles, external identifiers, quantities and dates: nothing personal."""
    for entity in load_dump(path):
        labels, descriptions = _field(entity, "labels"), _field(entity, "descriptions")
        for language, label in labels.items():
            description = descriptions.get(language, {}).get("value", "")
            text = (
                f"'''{label['value']}''' is {description}."
                if description
                else f"[[{label['value']}]]"
            )
            yield language, text
        for language, values in _field(entity, "aliases").items():
            yield language, ", ".join(f"[[{v['value']}]]" for v in values)
        titles = [link["title"] for link in _field(entity, "sitelinks").values()]
        for start in range(0, len(titles), 12):
            yield "en", " · ".join(f"[[{t}]]" for t in titles[start : start + 12])
        yield from _claim_texts(entity)


def _field(entity: dict[str, object], name: str) -> dict[str, Any]:
    value = entity.get(name)
    return value if isinstance(value, dict) else {}


def _claim_texts(entity: dict[str, object]) -> Iterator[tuple[str, str]]:
    ids, numbers = [], []
    for prop, statements in _field(entity, "claims").items():
        for statement in statements:
            value = statement["mainsnak"].get("datavalue")
            if not value:
                continue
            kind = statement["mainsnak"].get("datatype")
            if kind == "external-id":
                ids.append(f"{prop}={value['value']}")
            elif kind == "quantity":
                numbers.append(value["value"]["amount"].lstrip("+"))
            elif kind == "time":
                numbers.append(value["value"]["time"].lstrip("+").split("T")[0])
    for start in range(0, len(ids), 8):
        yield "en", "{{Authority control|" + "|".join(ids[start : start + 8]) + "}}"
    for start in range(0, len(numbers), 6):
        yield "en", "Figures: " + ", ".join(numbers[start : start + 6]) + ".<ref>Census</ref>"


def build_corpus(seed: int = 16, path: Path = DUMP) -> list[Sample]:
    """Positive samples (each one planted value in an edit to a clean page) and negative ones
    (an edit adding only clean text), shuffled deterministically."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not a secret
    negatives = list(negative_texts(path))
    pages = [text for _language, text in negatives]

    def page() -> str:
        return "\n".join(rng.sample(pages, 3))

    samples: list[Sample] = []
    planted = [*phone_samples(rng), *id_samples(rng), *other_samples(rng)]
    for language, sentence, label in planted:
        old = page()
        filler = rng.choice(pages)
        new = f"{old}\n{filler} {_wrap(sentence, rng)}\n"
        samples.append(Sample(old, new, language, (label,)))
    for language, text in negatives:
        old = page()
        samples.append(Sample(old, f"{old}\n{text}\n", language.split("-")[0], ()))
    rng.shuffle(samples)
    return samples
