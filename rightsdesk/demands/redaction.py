"""Redacting a demand's text for publication, as the Lumen database does (its Phone, SSN and
Email redactors mask with "[REDACTED]" and keep `body_original`): phone numbers (`phonenumbers`,
with the demand's country as the region and a fallback for long digit runs), e-mail addresses,
national identity numbers (python-stdnum's validators for the identity and tax numbers below),
and the names of private people the handler lists. Pure: no Django models, no key.

It errs towards masking: a long number that is not a phone number (a revision id) is masked
too; a reviewer reads the result before anything is published (rightsdesk.demands.services.
exports), and can add names.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType

import phonenumbers

MASK = "[REDACTED]"

# Identity and personal tax numbers whose check digits python-stdnum verifies (numbers without a
# check digit, such as Argentina's DNI, would mask every date and amount: the long-number rule
# catches those that look like phone numbers).
ID_MODULES = (
    "us.ssn", "tr.tckimlik", "es.dni", "es.nie", "fr.nir", "it.codicefiscale", "br.cpf",
    "in_.aadhaar", "pl.pesel", "nl.bsn", "ru.inn", "za.idnr", "cn.ric", "il.idnr", "be.nn",
    "se.personnummer", "dk.cpr", "fi.hetu", "ee.ik", "mx.curp", "ua.rntrc",
    "eg.tn", "pk.cnic", "th.pin", "kr.rrn", "ro.cnp", "bg.egn", "gr.amka", "pt.cc",
)  # fmt: skip

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# A run of at least 9 digits joined by the separators phone numbers and IDs are written with.
LONG_NUMBER = re.compile(r"\+?\(?\d(?:[\d\s().\-/]{7,}\d)")
# Words that may hold a number: runs of letters and digits with single separators.
TOKEN_RUN = re.compile(r"[0-9A-Za-z]+(?:[ .\-/][0-9A-Za-z]+)*")


def _validators() -> list[ModuleType]:
    found = []
    for name in ID_MODULES:
        try:
            found.append(importlib.import_module(f"stdnum.{name}"))
        except ImportError:
            continue
    return found


VALIDATORS = _validators()


@dataclass(frozen=True)
class Redacted:
    text: str
    masked: dict[str, int]


DATE = re.compile(r"\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")


def _is_id(candidate: str) -> bool:
    if sum(c.isdigit() for c in candidate) < 5 or DATE.fullmatch(candidate):
        return False
    for module in VALIDATORS:
        try:
            if module.is_valid(candidate):
                return True
        except Exception:  # noqa: S112 - a validator's own failure means "not this kind"
            continue
    return False


def _id_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that a national-ID validator accepts: each run of words, and every
    window of up to four of its words, so "ID 123-45-6789 of" finds the number alone."""
    spans = []
    for run in TOKEN_RUN.finditer(text):
        words = [
            (m.start() + run.start(), m.end() + run.start())
            for m in re.finditer(r"[0-9A-Za-z]+(?:[.\-/][0-9A-Za-z]+)*", run.group())
        ]
        for i in range(len(words)):
            for j in range(i, min(i + 4, len(words))):
                start, end = words[i][0], words[j][1]
                if _is_id(text[start:end]):
                    spans.append((start, end))
    return spans


def _phone_spans(text: str, regions: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for region in regions:
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.VALID
        )
        spans += [(m.start, m.end) for m in matcher]
    spans += [
        (m.start(), m.end())
        for m in LONG_NUMBER.finditer(text)
        if sum(c.isdigit() for c in m.group()) >= 9
    ]
    return spans


def _name_spans(text: str, names: Sequence[str]) -> list[tuple[int, int]]:
    spans = []
    for name in names:
        parts = name.split()
        if not parts or len(name.strip()) < 2:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(p) for p in parts) + r"(?!\w)"
        spans += [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]
    return spans


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, kind))
    return merged


def redact(text: str, *, names: Sequence[str] = (), country: str = "") -> Redacted:
    """`text` with every phone number, e-mail address, national ID and listed name replaced by
    MASK, and how many of each kind were found."""
    regions = [c for c in (country.upper(), "US") if c]
    spans = [(s, e, "email") for s, e in ((m.start(), m.end()) for m in EMAIL.finditer(text))]
    spans += [(s, e, "name") for s, e in _name_spans(text, names)]
    spans += [(s, e, "id") for s, e in _id_spans(text)]
    spans += [(s, e, "phone") for s, e in _phone_spans(text, dict.fromkeys(regions))]
    merged = _merge(spans)
    out, last = [], 0
    for start, end, _kind in merged:
        out.append(text[last:start])
        out.append(MASK)
        last = end
    out.append(text[last:])
    return Redacted("".join(out), dict(Counter(kind for _s, _e, kind in merged)))
