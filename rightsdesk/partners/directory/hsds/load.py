"""Read and check an HSDS Tabular Data Package before anything is written.

`read_package(data)` opens the zip, checks every file, header, row and code, cleans each
organisation through `PartnerForm` (the same limits as the staff pages), and returns the
organisations ready to save, or raises `PackageInvalid` with every problem found, each naming
the file and the row (rows numbered as a spreadsheet shows them: the header is row 1). It reads
the database only to find names already taken by other organisations; it writes nothing
(rightsdesk.partners.directory.services.hsds_import saves, in one transaction).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from rightsdesk.core.countries import country_codes
from rightsdesk.core.regions import region_codes
from rightsdesk.partners.directory.display import language_codes
from rightsdesk.partners.directory.forms import PartnerForm
from rightsdesk.partners.directory.hsds.reader import (
    PackageInvalid,
    PackageReader,
    parsed,
)
from rightsdesk.partners.directory.hsds.tables import (
    BY_PATH,
    CONTACTS,
    LANGUAGES,
    ORGANIZATIONS,
    PHONES,
    SERVICE_AREAS,
    SERVICES,
    WORLDWIDE_URI,
    X_ORGANIZATIONS,
    X_VETTINGS,
    Table,
)
from rightsdesk.partners.models import Partner
from rightsdesk.partners.services.directory import VETTING_MAX_DAYS
from rightsdesk.partners.vocabulary import Beneficiary, Service

# Defaults for an organisation that comes without rightsdesk's extension row (another
# network's HSDS export): not public, not vetted, no capacity until the team confirms it.
_DEFAULTS = {"response_hours": 48, "capacity": 0, "time_zone": "UTC", "public": False}


@dataclass
class ImportedVetting:
    uid: uuid.UUID
    vetted_on: date
    expires_on: date
    vouched_by: str
    evidence: str


@dataclass
class ImportedPartner:
    uid: uuid.UUID
    values: dict[str, Any]
    notes: str
    vettings: list[ImportedVetting] = field(default_factory=list)


_SERVICE_NAMES = {str(label).lower(): code for code, label in Service.choices}


def _service_code(name: str) -> str:
    """A service named by its code or its English name; "" when unknown."""
    if name in Service.values:
        return name
    return _SERVICE_NAMES.get(name.strip().lower(), "")


def _area(uri: str) -> tuple[str, str] | None:
    """("worldwide"|"country"|"region", code) for a service area's uri; None when unknown."""
    scheme, _sep, code = uri.partition(":")
    if uri == WORLDWIDE_URI:
        return ("worldwide", "")
    if scheme == "iso3166-1" and code in country_codes():
        return ("country", code)
    if scheme == "m49" and code in region_codes():
        return ("region", code)
    return None


def read_package(data: bytes) -> list[ImportedPartner]:
    """Every organisation of the package, cleaned; PackageInvalid with every problem otherwise."""
    reader = PackageReader()
    files = reader.open_zip(data)
    reader.check_descriptor(files)
    tables = {t.path: reader.rows(t, files) for t in BY_PATH.values()}
    orgs: dict[str, dict[str, Any]] = {}
    for number, cells in tables[ORGANIZATIONS.path]:
        orgs[cells["id"]] = {
            "row": number,
            "data": {k: cells.get(k, "") for k in ("name", "description", "email", "website")}
            | {"services": [], "languages": [], "countries": [], "regions": []},
            "extension": None,
            "vettings": [],
        }

    def owner(path: str, number: int, org_id: str) -> dict[str, Any] | None:
        org = orgs.get(org_id)
        if org is None:
            reader.error(path, number, _("organization_id names no organisation of the package."))
        return org

    services: dict[str, dict[str, Any]] = {}
    for number, cells in tables[SERVICES.path]:
        org = owner(SERVICES.path, number, cells["organization_id"])
        code = _service_code(cells["name"])
        if not code:
            reader.error(SERVICES.path, number, _("unknown service %(name)s.") % cells)
        elif org is not None:
            services[cells["id"]] = org
            if cells["status"] == "active" and code not in org["data"]["services"]:
                org["data"]["services"].append(code)
    _link(reader, tables, services, orgs)
    _extensions(reader, tables, orgs, owner)
    for number, _cells in tables[CONTACTS.path][:1]:
        reader.error(CONTACTS.path, number, _("named contacts are not imported; remove them."))
    return _clean(reader, orgs)


def _link(
    reader: PackageReader,
    tables: dict[str, list[tuple[int, dict[str, str]]]],
    services: dict[str, dict[str, Any]],
    orgs: dict[str, dict[str, Any]],
) -> None:
    """Languages, service areas and phones, onto their organisation."""
    for number, cells in tables[LANGUAGES.path]:
        org = services.get(cells["service_id"])
        code = cells["code"].strip().lower()
        if org is None:
            reader.error(LANGUAGES.path, number, _("service_id names no service of the package."))
        elif code not in language_codes():
            reader.error(LANGUAGES.path, number, _("unknown language code %(code)s.") % cells)
        elif code not in org["data"]["languages"]:
            org["data"]["languages"].append(code)
    for number, cells in tables[SERVICE_AREAS.path]:
        org = services.get(cells["service_id"])
        area = _area(cells["uri"].strip())
        if org is None:
            reader.error(SERVICE_AREAS.path, number, _("service_id names no service."))
        elif area is None:
            reader.error(SERVICE_AREAS.path, number, _("unknown area %(uri)s.") % cells)
        elif area[0] == "worldwide":
            org["data"]["worldwide"] = True
        else:
            key = "countries" if area[0] == "country" else "regions"
            if area[1] not in org["data"][key]:
                org["data"][key].append(area[1])
    _phones(reader, tables, orgs)


def _phones(
    reader: PackageReader,
    tables: dict[str, list[tuple[int, dict[str, str]]]],
    orgs: dict[str, dict[str, Any]],
) -> None:
    for number, cells in tables[PHONES.path]:
        org = orgs.get(cells["organization_id"])
        if org is None:
            reader.error(PHONES.path, number, _("organization_id names no organisation."))
        elif org["data"].get("phone"):
            reader.error(PHONES.path, number, _("only one phone number per organisation."))
        else:
            org["data"]["phone"] = cells["number"]


def _typed(
    reader: PackageReader, table: Table, number: int, cells: dict[str, str]
) -> dict[str, Any] | None:
    typed: dict[str, Any] = {}
    for column in table.columns:
        value = cells.get(column.name, "")
        if column.type == "string":
            typed[column.name] = value
            continue
        try:
            typed[column.name] = parsed(value, column.type)
        except ValueError:
            hint = {"date": "YYYY-MM-DD", "integer": "0-9", "boolean": "true/false"}[column.type]
            reader.error(
                table.path,
                number,
                _("%(column)s is malformed (expected %(hint)s).")
                % {"column": column.name, "hint": hint},
            )
            return None
    return typed


def _extensions(
    reader: PackageReader,
    tables: dict[str, list[tuple[int, dict[str, str]]]],
    orgs: dict[str, dict[str, Any]],
    owner: Callable[[str, int, str], dict[str, Any] | None],
) -> None:
    for number, cells in tables[X_ORGANIZATIONS.path]:
        org = owner(X_ORGANIZATIONS.path, number, cells["organization_id"])
        typed = _typed(reader, X_ORGANIZATIONS, number, cells)
        if org is None or typed is None:
            continue
        if org["extension"] is not None:
            reader.error(X_ORGANIZATIONS.path, number, _("a second row for one organisation."))
            continue
        serves = cells.get("serves", "").split()
        unknown = [code for code in serves if code not in Beneficiary.values]
        if unknown:
            reader.error(X_ORGANIZATIONS.path, number, _("unknown code in serves."))
            continue
        org["extension"] = typed | {"serves": serves}
    for number, cells in tables[X_VETTINGS.path]:
        org = owner(X_VETTINGS.path, number, cells["organization_id"])
        typed = _typed(reader, X_VETTINGS, number, cells)
        if org is None or typed is None:
            continue
        start, end = typed["vetted_on"], typed["expires_on"]
        if end < start or (end - start).days > VETTING_MAX_DAYS:
            reader.error(
                X_VETTINGS.path, number, _("a vetting ends after it starts, within three years.")
            )
            continue
        org["vettings"].append(
            ImportedVetting(
                uid=uuid.UUID(cells["id"]),
                vetted_on=start,
                expires_on=end,
                vouched_by=typed["vouched_by"].strip(),
                evidence=typed["evidence"].strip(),
            )
        )


def _clean(reader: PackageReader, orgs: dict[str, dict[str, Any]]) -> list[ImportedPartner]:
    """Each organisation through PartnerForm; duplicate names in the package or against another
    organisation already listed."""
    out: list[ImportedPartner] = []
    names: dict[str, int] = {}
    taken = {n.lower(): str(u) for n, u in Partner.objects.values_list("name", "uid")}
    for org_id, org in orgs.items():
        extension = org["extension"] or {}
        data = (
            dict(_DEFAULTS)
            | org["data"]
            | {
                k: v
                for k, v in extension.items()
                if k not in ("id", "organization_id", "team_notes")
            }
        )
        data["languages"] = ", ".join(data["languages"])
        data["capacity_confirmed_on"] = data.get("capacity_confirmed_on") or ""
        form = PartnerForm(data)
        row = org["row"]
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else name
                for message in errors:
                    reader.error(ORGANIZATIONS.path, row, f"{label}: {message}")
            continue
        values = form.values()
        key = values["name"].lower()
        if key in names:
            reader.error(
                ORGANIZATIONS.path,
                row,
                _("the name is used twice (also row %(row)d).") % {"row": names[key]},
            )
        elif taken.get(key, org_id) != org_id:
            reader.error(ORGANIZATIONS.path, row, _("another listed organisation has this name."))
        names[key] = row
        out.append(
            ImportedPartner(
                uid=uuid.UUID(org_id),
                values=values,
                notes=str(extension.get("team_notes", "")),
                vettings=org["vettings"],
            )
        )
    if reader.errors:
        raise PackageInvalid(reader.errors)
    return out
