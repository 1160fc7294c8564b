"""Write the directory as an HSDS Tabular Data Package: a zip of `datapackage.json` and one CSV per
table (rightsdesk.partners.directory.hsds.tables).

Every CSV goes through rightsdesk.core.csvsafe (a cell that a spreadsheet would run as a formula
starts with `'`). So that the import can undo that exactly, a cell that already starts with `'`
gets a second one here (`cell_escape`); `hsds.reader.cell_unescape` is its inverse.

Does no permission check and writes no audit line: call through
rightsdesk.partners.directory.services.hsds_export, which does both.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

from django.utils import translation

from rightsdesk.core import csvsafe
from rightsdesk.partners.directory.display import language_name
from rightsdesk.partners.directory.hsds.tables import (
    HSDS_VERSION,
    LANGUAGES,
    ORGANIZATIONS,
    PACKAGE_NAME,
    PHONES,
    PROFILE,
    SERVICE_AREAS,
    SERVICES,
    TABLES,
    WORLDWIDE_URI,
    X_ORGANIZATIONS,
    X_VETTINGS,
    Table,
    derived_id,
)
from rightsdesk.partners.models import Partner
from rightsdesk.partners.services.directory import notes_open, vetting_open

# A fixed time for the zip entries: the same directory gives the same bytes.
_ZIP_TIME = (2026, 1, 1, 0, 0, 0)


def cell_escape(value: object) -> object:
    """Text that starts with `'` gets one more, so the import can tell it from csvsafe's mark."""
    if isinstance(value, str) and value.startswith("'"):
        return "'" + value
    return value


def _text(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _csv(table: Table, rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csvsafe.Writer(out, lineterminator="\r\n")
    writer.writerow(table.column_names)
    for row in rows:
        writer.writerow(cell_escape(_text(row.get(name, ""))) for name in table.column_names)
    return out.getvalue().encode("utf-8")


def _rows(partners: list[Partner], *, confidential: bool) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {table.name: [] for table in TABLES}
    for partner in partners:
        org = str(partner.uid)
        tables[ORGANIZATIONS.name].append(
            {
                "id": org,
                "name": partner.name,
                "description": partner.description,
                "email": partner.email,
                "website": partner.website,
            }
        )
        areas = [f"iso3166-1:{code}" for code in partner.countries]
        areas += [f"m49:{code}" for code in partner.regions]
        if partner.worldwide:
            areas.append(WORLDWIDE_URI)
        for code in partner.services:
            service = derived_id(org, "service", code)
            tables[SERVICES.name].append(
                {"id": service, "organization_id": org, "name": code, "status": "active"}
            )
            for language in partner.languages:
                tables[LANGUAGES.name].append(
                    {
                        "id": derived_id(service, "language", language),
                        "service_id": service,
                        "name": language_name(language),
                        "code": language,
                    }
                )
            for uri in areas:
                tables[SERVICE_AREAS.name].append(
                    {
                        "id": derived_id(service, "area", uri),
                        "service_id": service,
                        "name": uri.split(":", 1)[1],
                        "uri": uri,
                        "extent_type": "text",
                    }
                )
        if partner.phone:
            tables[PHONES.name].append(
                {
                    "id": derived_id(org, "phone"),
                    "organization_id": org,
                    "number": partner.phone,
                    "type": "voice",
                }
            )
        tables[X_ORGANIZATIONS.name].append(
            {
                "id": derived_id(org, "x"),
                "organization_id": org,
                "response_hours": partner.response_hours,
                "capacity": partner.capacity,
                "capacity_confirmed_on": partner.capacity_confirmed_on,
                "serves": " ".join(partner.serves),
                "hours": partner.hours,
                "time_zone": partner.time_zone,
                "signal": partner.signal,
                "openpgp_key": partner.openpgp_key,
                "openpgp_fingerprint": partner.openpgp_fingerprint,
                "public": partner.public,
                "do_not_refer": partner.do_not_refer,
                "team_notes": notes_open(partner) if confidential else "",
            }
        )
        vettings = partner.vettings.all() if confidential else []
        for vetting in sorted(vettings, key=lambda v: (v.vetted_on, str(v.uid))):
            opened = vetting_open(vetting)
            tables[X_VETTINGS.name].append(
                {
                    "id": str(vetting.uid),
                    "organization_id": org,
                    "vetted_on": vetting.vetted_on,
                    "expires_on": vetting.expires_on,
                    "vouched_by": opened.vouched_by,
                    "evidence": opened.evidence,
                }
            )
    return tables


def datapackage() -> dict[str, Any]:
    return {
        "profile": PROFILE,
        "name": PACKAGE_NAME,
        "title": "rightsdesk partner directory",
        "hsds_version": HSDS_VERSION,
        "resources": [
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "schema": table.schema(),
            }
            for table in TABLES
        ],
    }


def export_package(partners: Iterable[Partner], *, confidential: bool = False) -> bytes:
    """The zip of `partners` (with their vettings prefetched or not), as bytes. Without
    `confidential`, what the database seals stays out: the team's notes are empty and the
    vetting table has no rows (an import of it gives organisations that must be vetted again
    before anyone is referred to them)."""
    ordered = sorted(partners, key=lambda p: str(p.uid))
    with translation.override("en"):  # language names in one language, whoever exports
        tables = _rows(ordered, confidential=confidential)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        files = {"datapackage.json": json.dumps(datapackage(), indent=2).encode() + b"\n"}
        files |= {table.path: _csv(table, tables[table.name]) for table in TABLES}
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
