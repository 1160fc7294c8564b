"""National identity numbers, IBANs and tax numbers, validated by their checksums.

Each `IdSpec` pairs a candidate pattern with a validator (a `python-stdnum` module, or one of
the two small validators below for formats stdnum lacks). A checksum of one or two digits lets
one random digit run in ten or a hundred through, and wiki pages are full of digit runs
(populations, ISBNs, authority-file ids), so a spec whose own format is not distinctive
(`needs_context`) reports a number only when a context word for it ("CPF", "Aadhaar", "کد ملی",
"ИНН", "ID", "identity number", ...) stands within `CONTEXT_CHARS` characters before it on the
same line. Formats distinctive by themselves (IBAN, Spanish DNI and NIE, French NIR, Italian
codice fiscale, Mexican CURP, Chinese RIC, a CPF written "123.456.789-09") need no context.

The documented set (docs/wikisafety.md, "Detection"): iban; es.dni, es.nie; fr.nir;
it.codicefiscale; mx.curp; cn.ric; br.cpf; in_.aadhaar, in_.pan; tr.tckimlik; ru.inn;
ua.rntrc; il.idnr; za.idnr; nl.bsn; de.idnr; us.ssn; pk.cnic; id.nik; th.pin; cl.rut; eg.tn;
Iran's national code (کد ملی, own validator: python-stdnum has no `ir`); Myanmar's NRC (own
pattern, no checksum exists).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rightsdesk.wikisafety.detection.digits import ascii_digits
from rightsdesk.wikisafety.detection.hits import Hints, Hit, Kind

__all__ = ["SPECS", "IdSpec", "IdentityRecogniser", "iran_national_code_valid"]

CONTEXT_CHARS = 60

# Words that announce an identity or tax number in the project's languages and the regions of
# the documented modules. Matched case-insensitively, as substrings, on the same line.
GENERIC_CONTEXT = (
    "id",
    "identity",
    "identification",
    "national",
    "passport",
    "social security",
    "tax",
    "identité",
    "sécurité sociale",
    "sécu",
    "numéro fiscal",
    "documento",
    "identidad",
    "cédula",
    "cedula",
    "fiscal",
    "паспорт",
    "удостоверен",
    "налог",
    "снилс",
    "رقم",
    "هوية",
    "الرقم القومي",
    "بطاقة",
    "کد ملی",
    "کدملی",
    "شماره ملی",
    "شناسنامه",
    "کارت ملی",
    "မှတ်ပုံတင်",
    "आधार",
    "पहचान",
    "kimlik",
    "nüfus",
    "ausweis",
    "steuer",
    "zehut",
    "זהות",
    "burgerservice",
    "nik",
    "ktp",
    "rut",
    "rol único",
)


@dataclass(frozen=True, slots=True)
class IdSpec:
    """One identifier format: where it is looked for, how it is checked, what it is."""

    module: str  # "br.cpf": the stdnum module, or "ir.melli"/"mm.nrc" for our own
    kind: Kind
    pattern: re.Pattern[str]
    needs_context: bool
    context: tuple[str, ...] = ()


def _p(regex: str, flags: re.RegexFlag = re.IGNORECASE) -> re.Pattern[str]:
    # Not preceded or followed by a letter or digit: a candidate is a whole token.
    return re.compile(rf"(?<![\w])(?:{regex})(?![\w])", flags)


_SEP = r"[ .\-]?"

SPECS: tuple[IdSpec, ...] = (
    IdSpec(
        "iban", Kind.IBAN, _p(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"), False
    ),
    IdSpec("es.dni", Kind.NATIONAL_ID, _p(r"\d{8}-?[A-Z]", re.NOFLAG), False),
    IdSpec("es.nie", Kind.NATIONAL_ID, _p(r"[XYZ]-?\d{7}-?[A-Z]", re.NOFLAG), False),
    IdSpec(
        "fr.nir",
        Kind.NATIONAL_ID,
        _p(r"[12] ?\d{2} ?\d{2} ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}"),
        False,
    ),
    IdSpec("it.codicefiscale", Kind.TAX_ID, _p(r"[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]"), False),
    IdSpec("mx.curp", Kind.NATIONAL_ID, _p(r"[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d"), False),
    IdSpec("cn.ric", Kind.NATIONAL_ID, _p(r"\d{6}(?:19|20)\d{9}[\dX]"), False),
    IdSpec("br.cpf", Kind.NATIONAL_ID, _p(r"\d{3}\.\d{3}\.\d{3}-\d{2}"), False),
    IdSpec("br.cpf", Kind.NATIONAL_ID, _p(r"\d{11}"), True, ("cpf",)),
    IdSpec(
        "in_.aadhaar", Kind.NATIONAL_ID, _p(r"[2-9]\d{3} ?\d{4} ?\d{4}"), True, ("aadhaar", "uid")
    ),
    IdSpec("in_.pan", Kind.TAX_ID, _p(r"[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z]"), False),
    IdSpec("tr.tckimlik", Kind.NATIONAL_ID, _p(r"[1-9]\d{10}"), True, ("tc", "t.c.")),
    IdSpec("ru.inn", Kind.TAX_ID, _p(r"\d{12}|\d{10}"), True, ("инн", "inn")),
    IdSpec("ua.rntrc", Kind.TAX_ID, _p(r"\d{10}"), True, ("рнокпп", "іпн", "ідентифікаційний")),
    IdSpec("il.idnr", Kind.NATIONAL_ID, _p(r"\d{9}"), True, ("teudat",)),
    IdSpec("za.idnr", Kind.NATIONAL_ID, _p(r"\d{6} ?\d{4} ?\d{2} ?\d"), True),
    IdSpec("nl.bsn", Kind.NATIONAL_ID, _p(r"\d{4}\.?\d{2}\.?\d{3}|\d{9}"), True, ("bsn",)),
    IdSpec("de.idnr", Kind.TAX_ID, _p(r"\d{2} ?\d{3} ?\d{3} ?\d{3}"), True, ("idnr", "id-nr")),
    IdSpec("us.ssn", Kind.NATIONAL_ID, _p(r"\d{3}-\d{2}-\d{4}"), True, ("ssn",)),
    IdSpec("pk.cnic", Kind.NATIONAL_ID, _p(r"\d{5}-\d{7}-\d"), False),
    IdSpec("id.nik", Kind.NATIONAL_ID, _p(r"\d{16}"), True),
    IdSpec("th.pin", Kind.NATIONAL_ID, _p(r"\d{13}|\d-\d{4}-\d{5}-\d{2}-\d"), True),
    IdSpec("cl.rut", Kind.TAX_ID, _p(r"\d{1,2}\.\d{3}\.\d{3}-[\dK]"), False),
    IdSpec("eg.tn", Kind.TAX_ID, _p(r"\d{3}-?\d{3}-?\d{3}"), True, ("ضريبي", "tax")),
    IdSpec("ir.melli", Kind.NATIONAL_ID, _p(r"\d{3}-?\d{6}-?\d"), True),
    IdSpec(
        "mm.nrc",
        Kind.NATIONAL_ID,
        re.compile(
            r"(?<![\w])\d{1,2}\s?/\s?(?:[A-Za-z]{3,12}|[\u1000-\u109f]{2,12})\s?"
            r"\((?:N|E|P|T|Naing|AC|NC|V|M|[\u1000-\u109f]{1,8})\)\s?\d{6}(?![\w])"
        ),
        False,
    ),
)


def iran_national_code_valid(number: str) -> bool:
    """Iran's national code (کد ملی): ten digits, the last a mod-11 check of the other nine."""
    digits = re.sub(r"\D", "", ascii_digits(number))
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9])) % 11
    check = int(digits[9])
    return check == total if total < 2 else check == 11 - total


def _nrc_valid(number: str) -> bool:
    region = int(re.match(r"\d+", ascii_digits(number).strip()).group())  # type: ignore[union-attr]
    return 1 <= region <= 14


@cache
def _validator(module: str) -> Callable[[str], bool]:
    if module == "ir.melli":
        return iran_national_code_valid
    if module == "mm.nrc":
        return _nrc_valid
    stdnum = importlib.import_module(f"stdnum.{module}")
    is_valid: Callable[[str], bool] = stdnum.is_valid
    return is_valid


def _compact(module: str, number: str) -> str:
    if module in ("ir.melli", "mm.nrc"):
        return re.sub(r"\s", "", number).upper()
    compact: Callable[[str], str] = importlib.import_module(f"stdnum.{module}").compact
    try:
        return compact(number)
    except Exception:  # stdnum raises its own ValidationError subclasses
        return number


class IdentityRecogniser:
    """Checksum-valid identity, bank and tax numbers (see the module for the set)."""

    name = "identity"

    def __init__(self, specs: tuple[IdSpec, ...] = SPECS) -> None:
        self.specs = specs

    def find(self, text: str, hints: Hints) -> list[Hit]:
        ascii_text = ascii_digits(text)
        lowered = ascii_text.lower()
        found: dict[tuple[int, int], Hit] = {}
        for spec in self.specs:
            for match in spec.pattern.finditer(ascii_text):
                span = match.span()
                if span in found or any(_inside(span, other) for other in found):
                    continue
                if spec.needs_context and not _has_context(lowered, match.start(), spec):
                    continue
                candidate = match.group()
                try:
                    valid = _validator(spec.module)(candidate)
                except Exception:  # a validator's bug must not stop the scan
                    valid = False
                if valid:
                    value = _compact(spec.module, candidate)
                    found[span] = Hit(spec.kind, *span, value, self.name, detail=spec.module)
        return sorted(found.values(), key=lambda hit: hit.start)


def _inside(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return other[0] <= span[0] and span[1] <= other[1]


_WORD_CHARS = re.compile(r"\w")


def _has_context(lowered: str, start: int, spec: IdSpec) -> bool:
    line_start = lowered.rfind("\n", 0, start) + 1
    window = lowered[max(line_start, start - CONTEXT_CHARS) : start]
    for word in (*spec.context, *GENERIC_CONTEXT):
        at = window.find(word)
        while at != -1:
            # Short Latin words ("id", "tc", "rut") only as whole words.
            before = window[at - 1] if at > 0 else " "
            after_at = at + len(word)
            after = window[after_at] if after_at < len(window) else " "
            if len(word) > 4 or not (_WORD_CHARS.match(before) or _WORD_CHARS.match(after)):
                return True
            at = window.find(word, at + 1)
    return False
