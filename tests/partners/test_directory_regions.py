"""The M49 table behind "works in this region": every country code the site knows belongs to
exactly one region of `regions.NAMES`, and every region there has countries."""

from __future__ import annotations

import json
from collections import Counter

from rightsdesk.core.countries import country_codes
from rightsdesk.core.regions import DATA, NAMES, region_choices, regions_of


def test_every_country_maps_to_exactly_one_region() -> None:
    table: dict[str, list[str]] = json.loads(DATA.read_text(encoding="utf-8"))
    counts = Counter(code for countries in table.values() for code in countries)
    assert sorted(counts) == sorted(country_codes())
    assert [code for code, n in counts.items() if n != 1] == []
    for code in country_codes():
        assert len(regions_of(code)) == 1, code
        assert regions_of(code)[0] in NAMES


def test_every_region_has_countries_and_nothing_else_is_in_the_file() -> None:
    table: dict[str, list[str]] = json.loads(DATA.read_text(encoding="utf-8"))
    assert set(table) == set(NAMES)
    assert all(table[code] for code in NAMES)
    assert len(region_choices()) == len(NAMES)


def test_a_few_known_memberships() -> None:
    """Spot checks against M49: Sub-Saharan Africa is one region; Latin America is split."""
    assert regions_of("NG") == regions_of("KE") == regions_of("ZA") == ["202"]
    assert regions_of("EG") == ["015"]
    assert regions_of("MX") == ["013"]
    assert regions_of("CU") == ["029"]
    assert regions_of("BR") == ["005"]
    assert regions_of("MM") == ["035"]
    assert regions_of("IR") == ["034"]
    assert regions_of("TR") == ["145"]
    assert regions_of("RU") == ["151"]
    assert regions_of("XK") == ["039"]
    assert regions_of("TW") == ["030"]
