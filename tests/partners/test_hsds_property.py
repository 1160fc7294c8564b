"""Hypothesis over generated directories: whatever the team typed (formula-looking text, quotes,
pipes, tabs, newlines, right-to-left script, any order of codes), an HSDS export re-imports to
the same directory, field for field, vettings included."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rightsdesk.accounts.models import User
from rightsdesk.partners.directory.forms import PartnerForm
from rightsdesk.partners.directory.hsds.export import cell_escape
from rightsdesk.partners.directory.hsds.reader import cell_unescape
from rightsdesk.partners.directory.services import hsds_export, hsds_import
from rightsdesk.partners.models import Partner
from rightsdesk.partners.services.directory import (
    FIELDS,
    notes_open,
    partner_save,
    vetting_open,
    vetting_record,
)
from rightsdesk.partners.vocabulary import Beneficiary, Service
from tests.factories import staff_account
from tests.openpgp import public_key_for_tests

# Text as people type it, with what CSV and spreadsheets treat specially.
SPECIAL = st.sampled_from(["=", "+", "-", "@", "|", "%", "'", '"', ",", "\\", "\t", "\n", "\r\n"])
TEXT = st.lists(
    st.one_of(
        SPECIAL,
        st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12),
    ),
    max_size=8,
).map("".join)


def _subset(values: list[str], *, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), min_size=min_size, max_size=4, unique=True)


# Who vouched is required (the form and the service refuse an empty one).
VOUCHED = TEXT.map(lambda text: text if text.strip() else "@someone")
DAYS = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def organisation(draw: st.DrawFn, index: int) -> dict[str, Any]:
    countries = draw(_subset(["IR", "MM", "SY", "RU", "AF", "BR", "EH", "XK"]))
    regions = draw(_subset(["145", "202", "035", "029", "061"]))
    worldwide = draw(st.booleans()) or not (countries or regions)
    key = draw(st.booleans())
    data: dict[str, Any] = {
        "name": f"Org {index} {draw(TEXT)}"[:200],
        "description": draw(TEXT),
        "services": draw(_subset(list(Service.values), min_size=1)),
        "languages": ", ".join(
            draw(_subset(["en", "ar", "fa", "my", "es", "yue", "ckb"], min_size=1))
        ),
        "countries": countries,
        "regions": regions,
        "worldwide": worldwide,
        "serves": draw(_subset(list(Beneficiary.values))),
        "hours": draw(TEXT)[:200],
        "time_zone": draw(st.sampled_from(["UTC", "Asia/Yangon", "America/Sao_Paulo"])),
        "response_hours": draw(st.integers(1, 720)),
        "capacity": draw(st.integers(0, 10_000)),
        "capacity_confirmed_on": draw(st.one_of(st.none(), DAYS)) or "",
        "website": draw(st.sampled_from(["", "https://example.org/a?b=1&c=-2", "http://x.test"])),
        "email": draw(st.sampled_from(["", "help@example.org", "+tag@example.org"])),
        "phone": draw(st.sampled_from(["", "+95 1 234 567", "01 234-567"])),
        "signal": draw(st.sampled_from(["", "team.01", "+4915112345678"])),
        "openpgp_key": public_key_for_tests()[0] if key else "",
        "openpgp_fingerprint": public_key_for_tests()[1] if key and draw(st.booleans()) else "",
        "public": draw(st.booleans()),
        "do_not_refer": draw(st.booleans()),
    }
    vettings = draw(
        st.lists(
            st.tuples(DAYS, st.integers(0, 3 * 365), VOUCHED, TEXT),
            max_size=3,
        )
    )
    return {"data": data, "notes": draw(TEXT).strip(), "vettings": vettings}


def _snapshot() -> list[dict[str, Any]]:
    out = []
    for partner in Partner.objects.order_by("uid").prefetch_related("vettings"):
        row: dict[str, Any] = {name: getattr(partner, name) for name in FIELDS}
        row |= {"uid": str(partner.uid), "notes": notes_open(partner)}
        row["vettings"] = sorted(
            (
                str(v.uid),
                v.vetted_on,
                v.expires_on,
                vetting_open(v).vouched_by,
                vetting_open(v).evidence,
            )
            for v in partner.vettings.all()
        )
        out.append(row)
    return out


@pytest.mark.django_db
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 4).flatmap(lambda n: st.tuples(*(organisation(i) for i in range(n)))))
def test_any_directory_survives_an_export_and_an_import(orgs: tuple[dict[str, Any], ...]) -> None:
    Partner.objects.all().delete()
    for org in orgs:
        form = PartnerForm(org["data"])
        assume(form.is_valid())
        partner = partner_save(actor=None, values=form.values(), notes=org["notes"])
        for start, days, vouched_by, evidence in org["vettings"]:
            vetting_record(
                actor=None,
                partner=partner,
                vetted_on=start,
                expires_on=start + timedelta(days=days),
                vouched_by=vouched_by,
                evidence=evidence,
            )
    admin = staff_account(role=User.Role.ADMIN).user
    before = _snapshot()
    package = hsds_export(actor=admin, confidential=True)
    Partner.objects.all().delete()
    hsds_import(actor=admin, data=package)
    assert _snapshot() == before


@given(TEXT)
def test_cell_escaping_is_undone_exactly(text: str) -> None:
    """What csvsafe and the export do to a cell, the import undoes (for any text)."""
    import io  # noqa: PLC0415 - local to this check

    from rightsdesk.core import csvsafe  # noqa: PLC0415

    out = io.StringIO()
    csvsafe.Writer(out).writerow([cell_escape(text)])
    import csv  # noqa: PLC0415

    (written,) = next(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert cell_unescape(written) == text
