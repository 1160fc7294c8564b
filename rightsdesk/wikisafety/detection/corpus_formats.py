# ruff: noqa: RUF001 - labels in other scripts are the point
"""The corpus's real formats: phone numbers from libphonenumber's example data and identity
numbers completed with the check digits python-stdnum accepts (see `corpus` for the whole)."""

from __future__ import annotations

import gzip
import importlib
import itertools
import json
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from rightsdesk.wikisafety.detection.hits import Kind
from rightsdesk.wikisafety.detection.identity import iran_national_code_valid

__all__ = [
    "ID_PLANTS",
    "PHONE_REGIONS",
    "Label",
    "Sample",
    "id_samples",
    "load_dump",
    "phone_samples",
    "valid_id",
]

# Regions whose numbers are planted: every UN region, the project's languages' regions.
PHONE_REGIONS = (
    "US", "GB", "CA", "AU", "IN", "NG", "KE", "ZA", "GH", "PK", "BD", "PH",
    "FR", "BE", "CH", "SN", "CI", "CD", "MA", "DZ", "TN", "HT",
    "ES", "MX", "AR", "CO", "PE", "CL", "VE",
    "EG", "SA", "AE", "IQ", "JO", "LB", "SY", "SD", "YE", "PS",
    "IR", "AF", "TJ", "RU", "UA", "BY", "KZ", "MM", "TH", "VN",
    "BR", "PT", "DE", "TR", "IT", "NL", "PL", "CN", "JP", "KR", "ID",
)  # fmt: skip
LANGUAGE_OF_REGION = {
    "FR": "fr", "BE": "fr", "SN": "fr", "CI": "fr", "CD": "fr", "HT": "fr",
    "ES": "es", "MX": "es", "AR": "es", "CO": "es", "PE": "es", "CL": "es", "VE": "es",
    "EG": "ar", "SA": "ar", "AE": "ar", "IQ": "ar", "JO": "ar", "LB": "ar", "SY": "ar",
    "SD": "ar", "YE": "ar", "PS": "ar", "MA": "ar", "DZ": "ar", "TN": "ar",
    "IR": "fa", "AF": "fa", "TJ": "fa", "RU": "ru", "BY": "ru", "KZ": "ru", "UA": "ru",
    "MM": "my", "BR": "pt", "PT": "pt", "TR": "tr", "DE": "de",
}  # fmt: skip
_LOCAL_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹", "ar": "٠١٢٣٤٥٦٧٨٩", "my": "၀၁၂၃၄၅၆၇၈၉"}
PHONE_WORDS = {
    "en": "Her phone number is",
    "fr": "Son numéro de téléphone est le",
    "es": "Su número de teléfono es",
    "ar": "رقم هاتفها هو",
    "fa": "شماره تلفن او",
    "ru": "Её номер телефона:",
    "my": "သူ့ဖုန်းနံပါတ်မှာ",
    "pt": "O telefone dela é",
    "tr": "Telefon numarası",
    "de": "Ihre Telefonnummer ist",
}


@dataclass(frozen=True, slots=True)
class Label:
    """What a sample must yield: a kind and its normalised value (`Hit.value`'s form)."""

    kind: Kind
    value: str
    source: str  # the recogniser expected to find it ("phone", "identity", ...)
    detail: str = ""  # the stdnum module, the address's language, ...


@dataclass(frozen=True, slots=True)
class Sample:
    """One edit: what the page held, what it holds now, the wiki's language, the labels."""

    old: str
    new: str
    language: str
    labels: tuple[Label, ...]


# (module, language, label written before it, whether to use the module's format())
ID_PLANTS = (
    ("iban", "en", "IBAN", True),
    ("iban", "fr", "IBAN :", True),
    ("iban", "de", "IBAN", True),
    ("es.dni", "es", "DNI", False),
    ("es.nie", "es", "NIE", False),
    ("fr.nir", "fr", "numéro de sécurité sociale", True),
    ("it.codicefiscale", "it", "codice fiscale", False),
    ("mx.curp", "es", "CURP", False),
    ("cn.ric", "zh", "身份证", False),
    ("br.cpf", "pt", "CPF", True),
    ("br.cpf", "pt", "CPF", False),
    ("in_.aadhaar", "hi", "आधार", True),
    ("in_.aadhaar", "en", "Aadhaar", True),
    ("in_.pan", "en", "PAN", False),
    ("tr.tckimlik", "tr", "T.C. Kimlik No", False),
    ("ru.inn", "ru", "ИНН", False),
    ("ua.rntrc", "ru", "РНОКПП", False),
    ("il.idnr", "he", "תעודת זהות", False),
    ("za.idnr", "en", "ID number", False),
    ("nl.bsn", "nl", "BSN", False),
    ("de.idnr", "de", "Steuer-IdNr.", False),
    ("us.ssn", "en", "SSN", True),
    ("pk.cnic", "en", "CNIC", True),
    ("id.nik", "id", "NIK", False),
    ("th.pin", "th", "ID", False),
    ("cl.rut", "es", "RUT", True),
    ("eg.tn", "ar", "الرقم الضريبي", False),
    ("ir.melli", "fa", "کد ملی", False),
)
# Shapes of the numbers' bodies: d digit, L capital letter, or a literal; "?" are check
# characters brute-forced until the validator accepts the whole.
_ID_SHAPES = {
    "es.dni": "dddddddd?",
    "es.nie": "Xddddddd?",
    "fr.nir": "1YYMMDDdddddd??",
    "it.codicefiscale": "LLLLLLYYAMMLddd?",
    "mx.curp": "LAXLYYMMDDHLLLLLd?",
    "cn.ric": "110105YYYYMMDDddd?",
    "br.cpf": "ddddddddd??",
    "in_.aadhaar": "Ndddddddddd?",
    "in_.pan": "LLLPLddddL",
    "tr.tckimlik": "Ndddddddd??",
    "ru.inn": "7707dddddd??",
    "ua.rntrc": "ddddddddd?",
    "il.idnr": "dddddddd?",
    "za.idnr": "YYMMDDdddd08?",
    "nl.bsn": "dddddddd?",
    "de.idnr": "Ndddddddddd?",
    "us.ssn": "Nddddddd?",
    "pk.cnic": "3dddddddddd1?",
    "id.nik": "3171YYMMDDdddd??",
    "th.pin": "1ddddddddddd?",
    "cl.rut": "1ddddddd?",
    "eg.tn": "ddddddd??",
    "ir.melli": "ddddddddd?",
}


_CHECK_ALPHABET = {
    "es.dni": string.ascii_uppercase,
    "es.nie": string.ascii_uppercase,
    "it.codicefiscale": string.ascii_uppercase,
    "cn.ric": string.digits + "X",
    "cl.rut": string.digits + "K",
}


def _is_valid(module: str, number: str) -> bool:
    if module == "ir.melli":
        return iran_national_code_valid(number)
    try:
        return bool(importlib.import_module(f"stdnum.{module}").is_valid(number))
    except Exception:  # stdnum's own errors on odd input
        return False


def _body(shape: str, rng: random.Random) -> str:
    year = rng.randint(1950, 2004)
    out = []
    for ch in shape.replace("YYYY", str(year)).replace("YY", f"{year % 100:02d}"):
        if ch == "d":
            out.append(rng.choice(string.digits))
        elif ch == "N":
            out.append(rng.choice("23456789"))
        elif ch == "L":
            out.append(rng.choice("BCDFGHKLMNPRSTVZ"))
        else:
            out.append(ch)
    text = "".join(out)
    text = text.replace("MM", f"{rng.randint(1, 12):02d}").replace(
        "DD", f"{rng.randint(1, 28):02d}"
    )
    return text.replace("A", rng.choice("ABCDEHLMPRST"))


def valid_id(module: str, rng: random.Random) -> str:
    """A random number that `module`'s validator accepts (compact form)."""
    if module == "iban":
        return _iban(rng)
    if module == "de.idnr":
        return _de_idnr(rng)
    checks = _CHECK_ALPHABET.get(module, string.digits)
    for _attempt in range(200):
        body = _body(_ID_SHAPES[module], rng)
        holes = body.count("?")
        prefix = body.replace("?", "")
        for guess in itertools.product(checks, repeat=holes):
            candidate = prefix + "".join(guess)
            if _is_valid(module, candidate):
                return candidate
    raise ValueError(module)


def _de_idnr(rng: random.Random) -> str:
    """German tax id: in its first ten digits one digit appears twice and one not at all."""
    from stdnum.de import idnr  # noqa: PLC0415 - only the corpus builds them

    for _attempt in range(200):
        digits = rng.sample(string.digits, 10)
        digits[rng.randrange(1, 10)] = digits[rng.randrange(1, 10)]
        if digits[0] == "0":
            continue
        for check in string.digits:
            candidate = "".join(digits) + check
            if idnr.is_valid(candidate):
                return candidate
    raise ValueError("de.idnr")


def _iban(rng: random.Random) -> str:
    from stdnum import iban  # noqa: PLC0415 - only the corpus builds IBANs

    country, bban = rng.choice(
        [
            ("GB", "WEST" + "".join(rng.choices(string.digits, k=14))),
            ("DE", "".join(rng.choices(string.digits, k=18))),
            ("NL", "ABNA" + "".join(rng.choices(string.digits, k=10))),
            ("FR", "".join(rng.choices(string.digits, k=23))),
            ("SA", "".join(rng.choices(string.digits, k=20))),
        ]
    )
    for _attempt in range(500):
        number = country + iban.calc_check_digits(country + "00" + bban) + bban
        if iban.is_valid(number):
            return number
        bban = bban[:-1] + rng.choice(string.digits)
    raise ValueError("iban")


def _written(module: str, number: str, formatted: bool) -> str:
    if not formatted or module == "ir.melli":
        return number
    try:
        return str(importlib.import_module(f"stdnum.{module}").format(number))
    except AttributeError:
        return number


def _compact(module: str, number: str) -> str:
    if module == "ir.melli":
        return number
    return str(importlib.import_module(f"stdnum.{module}").compact(number))


def _local_digits(text: str, language: str, rng: random.Random) -> str:
    digits = _LOCAL_DIGITS.get(language)
    if not digits or rng.random() < 0.5:
        return text
    return text.translate(str.maketrans("0123456789", digits))


def phone_samples(rng: random.Random) -> Iterator[tuple[str, str, Label]]:
    """(language, sentence, label) for planted phone numbers."""
    for region in PHONE_REGIONS:
        language = LANGUAGE_OF_REGION.get(region, "en")
        for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            numbers = [example, *_variants(example, rng)]
            for number in numbers:
                e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
                # National format too: on the wiki of the region's language, whether or not the
                # region is that language's most likely one (a Saudi number on the Arabic
                # Wikipedia, whose hint is Egypt: a known miss, measured, not hidden).
                written_as = [PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.NATIONAL]
                if region not in LANGUAGE_OF_REGION and region != "US":
                    written_as.pop()
                for form in written_as:
                    text = _local_digits(phonenumbers.format_number(number, form), language, rng)
                    sentence = f"{PHONE_WORDS.get(language, PHONE_WORDS['en'])} {text}"
                    yield language, sentence, Label(Kind.PHONE, e164, "phone", region)


def _variants(
    example: phonenumbers.PhoneNumber, rng: random.Random
) -> list[phonenumbers.PhoneNumber]:
    out = []
    national = str(example.national_number)
    for _ in range(6):
        tail = "".join(rng.choices(string.digits, k=min(4, len(national) - 2)))
        candidate = phonenumbers.PhoneNumber(
            country_code=example.country_code,
            national_number=int(national[: len(national) - len(tail)] + tail),
            italian_leading_zero=example.italian_leading_zero,
        )
        if phonenumbers.is_valid_number(candidate) and candidate != example:
            out.append(candidate)
        if len(out) == 2:
            break
    return out


def id_samples(rng: random.Random, per_module: int = 6) -> Iterator[tuple[str, str, Label]]:
    for module, language, label, formatted in ID_PLANTS:
        kind = {"iban": Kind.IBAN}.get(module, _id_kind(module))
        for _ in range(per_module):
            number = valid_id(module, rng)
            text = _local_digits(_written(module, number, formatted), language, rng)
            # One in four without its label: what needs context is then missed, and counted.
            sentence = f"{label}: {text}" if rng.random() < 0.75 else f"— {text}"
            yield language, sentence, Label(kind, _compact(module, number), "identity", module)


def _id_kind(module: str) -> Kind:
    from rightsdesk.wikisafety.detection.identity import SPECS  # noqa: PLC0415

    return next(spec.kind for spec in SPECS if spec.module == module)


def load_dump(path: Path) -> list[dict[str, object]]:
    """The dump head's entities (the framing's `[` line and trailing commas skipped); a `.gz`
    file is read through gzip."""
    raw_bytes = path.read_bytes()
    if path.suffix == ".gz":
        raw_bytes = gzip.decompress(raw_bytes)
    entities = []
    for raw in raw_bytes.decode("utf-8").splitlines():
        line = raw.strip().rstrip(",")
        if line.startswith("{"):
            entities.append(json.loads(line))
    return entities
