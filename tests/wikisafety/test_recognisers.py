# ruff: noqa: RUF001 - texts in other scripts are the point
"""Each recogniser on what it must find and on what it must not."""

from __future__ import annotations

import pytest

from rightsdesk.wikisafety.detection import Hints, Kind, scan_text
from rightsdesk.wikisafety.detection.contacts import IpRecogniser
from rightsdesk.wikisafety.detection.hits import regions_for_language
from rightsdesk.wikisafety.detection.identity import iran_national_code_valid


@pytest.mark.parametrize(
    ("language", "text", "kind", "value"),
    [
        ("en", "call me on +1 202-555-0199", Kind.PHONE, "+12025550199"),
        ("fr", "tél. 01 42 68 53 00", Kind.PHONE, "+33142685300"),
        ("fa", "شماره‌اش ۰۹۱۲۳۴۵۶۷۸۹ است", Kind.PHONE, "+989123456789"),
        ("my", "ဖုန်း ၀၉၄၂၀၁၂၃၄၅၆", Kind.PHONE, "+959420123456"),
        ("en", "IBAN GB82 WEST 1234 5698 7654 32", Kind.IBAN, "GB82WEST12345698765432"),
        ("es", "su DNI es 12345678Z", Kind.NATIONAL_ID, "12345678Z"),
        ("pt", "CPF 390.533.447-05", Kind.NATIONAL_ID, "39053344705"),
        ("fa", "کد ملی ۰۰۱۳۵۴۲۴۱۹", Kind.NATIONAL_ID, "0013542419"),
        ("ru", "ИНН 500100732259", Kind.TAX_ID, "500100732259"),
        ("en", "write to jane.doe@example.org", Kind.EMAIL, "jane.doe@example.org"),
        ("en", "jane [at] example [dot] org", Kind.EMAIL, "jane@example.org"),
        ("en", "posting from 203.0.113.5", Kind.IP_ADDRESS, "203.0.113.5"),
        ("en", "at 48.85837, 2.29448", Kind.COORDINATES, "48.85837,2.29448"),
        ("en", "lives at 221B Baker Street", Kind.STREET_ADDRESS, "221b baker street"),
        ("fr", "habite 12 bis, rue de la Paix", Kind.STREET_ADDRESS, "12 bis, rue de la paix"),
        ("ru", "живёт: ул. Ленина, д. 5, кв. 12", Kind.STREET_ADDRESS, "ул. ленина, д. 5, кв. 12"),
        ("ar", "يسكن في شارع التحرير رقم 15", Kind.STREET_ADDRESS, "شارع التحرير رقم 15"),
        ("en", "https://twitter.com/JaneDoe", Kind.SOCIAL_PROFILE, "twitter.com/janedoe"),
        ("en", "@jane@mastodon.social", Kind.SOCIAL_PROFILE, "@jane@mastodon.social"),
    ],
)
def test_found(language: str, text: str, kind: Kind, value: str) -> None:
    hits = [hit for hit in scan_text(text, Hints(language=language)) if hit.kind == kind]
    assert [hit.value for hit in hits] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "The population was 39053344705 in 2020.",  # a valid CPF digit run without context
        "ISBN 978-3-16-148410-0, pages 12-45, 1990–2005",
        "version 1.2.3.4 released; localhost 127.0.0.1",
        "the Rue de Rivoli is long; Baker Street is in London",
        "https://twitter.com/search?q=x and https://www.youtube.com/watch?v=abc",
        "Q42 P31 Q5; VIAF 113230702; coordinates 48°N 2°E",
        "In 1990 The Beatles Street parade",
    ],
)
def test_not_found(text: str) -> None:
    assert scan_text(text, Hints(language="en")) == []


def test_the_editors_own_address_is_not_a_hit() -> None:
    text = "thanks 203.0.113.5 (talk)"
    assert IpRecogniser().find(text, Hints(editor="203.0.113.5")) == []
    assert len(IpRecogniser().find(text, Hints())) == 1


def test_regions_come_from_the_language() -> None:
    assert regions_for_language("fa") == ("IR",)
    assert regions_for_language("my") == ("MM",)
    assert regions_for_language("pt-br") == ("BR",)
    assert Hints(language="fr", regions=("be", "FR")).phone_regions() == ("BE", "FR")


def test_iran_national_code() -> None:
    assert iran_national_code_valid("0013542419")
    assert not iran_national_code_valid("0013542418")
    assert not iran_national_code_valid("1111111111")
