"""Read and check an HSDS Tabular Data Package before anything is written.

`read_package(data)` opens the zip, checks every file, header, row and code, cleans each
organisation through `PartnerForm` (the same limits as the staff pages), and returns the
organisations ready to save, or raises `PackageInvalid` with every problem found, each naming
the file and the row (rows numbered as a spreadsheet shows them: the header is row 1). It reads
the database only to find names already taken by other organisations; it writes nothing
(rightsdesk.partners.directory.services.hsds_import saves, in one transaction).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from rightsdesk.core.countries import country_codes
from rightsdesk.partners.directory.display import language_codes
from rightsdesk.partners.directory.forms import PartnerForm
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
from rightsdesk.partners.regions import region_codes
from rightsdesk.partners.services.directory import VETTING_MAX_DAYS
from rightsdesk.partners.vocabulary import Beneficiary, Service

# A zip is opened only within these bounds (a small zip can unpack to gigabytes).
MAX_MEMBERS = 20
MAX_UNPACKED_BYTES = 50_000_000
MAX_ERRORS = 200
_FORMULA = frozenset("@+-=|%")
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}
# Defaults for an organisation that comes without rightsdesk's extension row (another
# network's HSDS export): not public, not vetted, no capacity until the team confirms it.
_DEFAULTS = {"response_hours": 48, "capacity": 0, "time_zone": "UTC", "public": False}


class PackageInvalid(Exception):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors[:3]))


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


def cell_unescape(value: str) -> str:
    """Undo `export.cell_escape` and rightsdesk.core.csvsafe: a leading `'` before a formula
    character (defusedcsv also wrote each `|` as `\\|` then, the first one included), a tab or a
    CR, or a second `'`."""
    if len(value) > 1 and value[0] == "'":
        # A cell that began with "|" became "'\|...": the pipe is escaped before the mark.
        if value[1] in _FORMULA or value.startswith("'\\|"):
            return value[1:].replace("\\|", "|")
        if value[1] in "\t\r'":
            return value[1:]
    return value


class _Reader:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, row: int | None, problem: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            return
        if row is None:
            self.errors.append(_("%(file)s: %(problem)s") % {"file": path, "problem": problem})
        else:
            self.errors.append(
                _("%(file)s, row %(row)d: %(problem)s")
                % {"file": path, "row": row, "problem": problem}
            )

    def open_zip(self, data: bytes) -> dict[str, bytes]:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, ValueError):
            raise PackageInvalid([_("This is not a zip file.")]) from None
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
            raise PackageInvalid([_("The zip holds too many or too large files.")])
        files: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            if info.filename != "datapackage.json" and info.filename not in BY_PATH:
                self.error(info.filename, None, _("unknown file; expected only the tables."))
                continue
            try:
                files[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError):
                self.error(info.filename, None, _("cannot be read from the zip."))
        return files

    def check_descriptor(self, files: dict[str, bytes]) -> None:
        raw = files.get("datapackage.json")
        if raw is None:
            self.error("datapackage.json", None, _("missing."))
            return
        try:
            descriptor = json.loads(raw.decode("utf-8-sig"))
            resources = descriptor["resources"]
            declared = {str(r["path"]) for r in resources}
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            self.error("datapackage.json", None, _("not a data package descriptor."))
            return
        for path in sorted(declared - set(BY_PATH)):
            self.error("datapackage.json", None, _("unknown table %(path)s.") % {"path": path})
        for path in sorted(set(files) - declared - {"datapackage.json"}):
            self.error(path, None, _("not declared in datapackage.json."))
        if ORGANIZATIONS.path not in files:
            self.error(ORGANIZATIONS.path, None, _("missing."))

    def rows(self, table: Table, files: dict[str, bytes]) -> list[tuple[int, dict[str, str]]]:
        """The table's rows (row number, cells), checked for columns, ids and required cells."""
        raw = files.get(table.path)
        if raw is None:
            return []
        try:
            text = raw.decode("utf-8-sig")
            records = list(csv.reader(io.StringIO(text, newline="")))
        except (UnicodeDecodeError, csv.Error):
            self.error(table.path, None, _("not a UTF-8 CSV file."))
            return []
        if not records:
            self.error(table.path, None, _("empty: the header row is missing."))
            return []
        header = records[0]
        unknown = [name for name in header if name not in table.column_names]
        missing = [c.name for c in table.columns if c.required and c.name not in header]
        if unknown or missing or len(set(header)) != len(header):
            self.error(
                table.path,
                1,
                _("unknown columns: %(unknown)s; missing columns: %(missing)s.")
                % {"unknown": ", ".join(unknown) or "-", "missing": ", ".join(missing) or "-"},
            )
            return []
        out: list[tuple[int, dict[str, str]]] = []
        seen: set[str] = set()
        for number, record in enumerate(records[1:], start=2):
            if not any(record):
                continue
            if len(record) != len(header):
                self.error(table.path, number, _("wrong number of cells."))
                continue
            cells = {name: cell_unescape(value) for name, value in zip(header, record, strict=True)}
            bad = self._row_problem(table, cells)
            if bad:
                self.error(table.path, number, bad)
                continue
            for column in table.columns:
                if column.format == "uuid" and cells.get(column.name):
                    cells[column.name] = str(uuid.UUID(cells[column.name]))
            if cells["id"] in seen:
                self.error(table.path, number, _("the id %(id)s is used twice.") % cells)
                continue
            seen.add(cells["id"])
            out.append((number, cells))
        return out

    def _row_problem(self, table: Table, cells: dict[str, str]) -> str:
        for column in table.columns:
            value = cells.get(column.name, "")
            if column.required and not value.strip():
                return _("%(column)s is empty.") % {"column": column.name}
            if value and column.format == "uuid" and not _is_uuid(value):
                return _("%(column)s is not a UUID.") % {"column": column.name}
            if value and column.enum and value not in column.enum:
                return _("%(column)s must be one of %(values)s.") % {
                    "column": column.name,
                    "values": ", ".join(column.enum),
                }
        return ""


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _parsed(value: str, kind: str) -> Any:
    """A typed cell: "date" (YYYY-MM-DD), "integer", "boolean"; ValueError when malformed."""
    if kind == "date":
        return date.fromisoformat(value) if value else None
    if kind == "integer":
        return int(value)
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise ValueError(value)


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
    reader = _Reader()
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
    reader: _Reader,
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
    reader: _Reader,
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
    reader: _Reader, table: Table, number: int, cells: dict[str, str]
) -> dict[str, Any] | None:
    typed: dict[str, Any] = {}
    for column in table.columns:
        value = cells.get(column.name, "")
        if column.type == "string":
            typed[column.name] = value
            continue
        try:
            typed[column.name] = _parsed(value, column.type)
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
    reader: _Reader,
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


def _clean(reader: _Reader, orgs: dict[str, dict[str, Any]]) -> list[ImportedPartner]:
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
