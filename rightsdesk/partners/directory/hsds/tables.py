"""The tables of the HSDS 3.0 Tabular Data Package this directory writes and reads, and how each
column maps to a partner. One declaration serves the export, the import's checks and
`datapackage.json`'s table schemas.

HSDS (Open Referral's Human Services Data Specification) has organisations, services, languages,
service areas and phones; what it has no column for (the vetting record, the committed response
time, capacity, who is served, the OpenPGP key, Signal, hours in a named time zone, whether the
organisation is public or not to be referred to) goes in two extension tables, `x_rightsdesk_*`,
declared in `datapackage.json` like the others. docs/partners.md has the field-by-field table.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

# Our own namespace for the ids we derive (a service of an organisation, its languages, areas
# and phones): the same directory exports the same ids every time.
NAMESPACE = uuid.UUID("6c3b8f5e-4a43-5b8e-9a57-2f0a8d3c1e71")
PROFILE = "tabular-data-package"
PACKAGE_NAME = "rightsdesk-partners"
HSDS_VERSION = "3.0"


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # Frictionless Table Schema types: string, integer, boolean, date
    required: bool = False
    format: str = ""  # "uuid", "email", "uri"
    enum: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    description: str
    # (column, table it points at): every such id must be an `id` of that table.
    foreign_keys: tuple[tuple[str, str], ...] = ()

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def schema(self) -> dict[str, object]:
        fields = []
        for column in self.columns:
            field: dict[str, object] = {"name": column.name, "type": column.type}
            if column.format:
                field["format"] = column.format
            constraints: dict[str, object] = {}
            if column.required:
                constraints["required"] = True
            if column.enum:
                constraints["enum"] = list(column.enum)
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema: dict[str, object] = {"fields": fields, "primaryKey": ["id"]}
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [column], "reference": {"resource": table, "fields": ["id"]}}
                for column, table in self.foreign_keys
            ]
        return schema


ID = Column("id", required=True, format="uuid")
ORG_ID = Column("organization_id", required=True, format="uuid")
SERVICE_ID = Column("service_id", required=True, format="uuid")

ORGANIZATIONS = Table(
    "organizations",
    (
        ID,
        Column("name", required=True),
        Column("description"),
        Column("email", format="email"),
        Column("website", format="uri"),
    ),
    "HSDS organization: one row per partner organisation.",
)
SERVICES = Table(
    "services",
    (
        ID,
        ORG_ID,
        Column("name", required=True),
        Column("status", required=True, enum=("active", "inactive", "defunct")),
    ),
    "HSDS service: one row per service an organisation gives; `name` is the service's code in "
    "rightsdesk's vocabulary (legal, digital_security, ...) or its English name.",
    (("organization_id", "organizations"),),
)
LANGUAGES = Table(
    "languages",
    (ID, SERVICE_ID, Column("name"), Column("code", required=True)),
    "HSDS language: ISO 639 codes each service is given in (the organisation's languages).",
    (("service_id", "services"),),
)
SERVICE_AREAS = Table(
    "service_areas",
    (ID, SERVICE_ID, Column("name"), Column("uri", required=True), Column("extent_type")),
    "HSDS service_area: where each service is given; `uri` is iso3166-1:<country>, "
    "m49:<sub-region> or m49:001 (worldwide).",
    (("service_id", "services"),),
)
PHONES = Table(
    "phones",
    (ID, ORG_ID, Column("number", required=True), Column("type")),
    "HSDS phone: the organisation's published phone number.",
    (("organization_id", "organizations"),),
)
CONTACTS = Table(
    "contacts",
    (ID, ORG_ID, Column("name"), Column("title"), Column("email", format="email")),
    "HSDS contact: named people. rightsdesk keeps no named contacts of an organisation, so this "
    "table is always empty and a row in it is refused on import.",
    (("organization_id", "organizations"),),
)
X_ORGANIZATIONS = Table(
    "x_rightsdesk_organizations",
    (
        ID,
        ORG_ID,
        Column("response_hours", "integer", required=True),
        Column("capacity", "integer", required=True),
        Column("capacity_confirmed_on", "date"),
        Column("serves"),
        Column("hours"),
        Column("time_zone", required=True),
        Column("signal"),
        Column("openpgp_key"),
        Column("openpgp_fingerprint"),
        Column("public", "boolean", required=True),
        Column("do_not_refer", "boolean", required=True),
        Column("team_notes"),
    ),
    "rightsdesk extension, one row per organisation: what HSDS has no column for. `serves` is "
    "a space-separated list of rightsdesk's beneficiary codes; `time_zone` an IANA zone name; "
    "`team_notes` the team's internal notes (sealed in the database, in clear here).",
    (("organization_id", "organizations"),),
)
X_VETTINGS = Table(
    "x_rightsdesk_vettings",
    (
        ID,
        ORG_ID,
        Column("vetted_on", "date", required=True),
        Column("expires_on", "date", required=True),
        Column("vouched_by", required=True),
        Column("evidence"),
    ),
    "rightsdesk extension: the vetting record of each organisation (who vouched, the evidence, "
    "from when and until when; sealed in the database, in clear here).",
    (("organization_id", "organizations"),),
)

TABLES: tuple[Table, ...] = (
    ORGANIZATIONS,
    SERVICES,
    LANGUAGES,
    SERVICE_AREAS,
    PHONES,
    CONTACTS,
    X_ORGANIZATIONS,
    X_VETTINGS,
)
BY_PATH = {table.path: table for table in TABLES}
WORLDWIDE_URI = "m49:001"


def derived_id(*parts: str) -> str:
    """A stable id for a row we derive from an organisation (its service, language, area)."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))
