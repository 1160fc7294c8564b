"""Disclosure control: the rules every published number passes (docs/transparency.md).

Pure functions over frozen tables; no database. The order a release applies them in:
`roll_up_countries` / `roll_up_months` (coarsen), `protect` (suppress and audit), `check` (the
gate, again, on what will be published), `release_note` (what was done and why).
"""

from rightsdesk.transparency.disclosure.audit import Finding, Where, audit, audit_difference
from rightsdesk.transparency.disclosure.linked import (
    Link,
    LinkSpec,
    Sum,
    SumSpec,
    audit_linked,
    members,
    protect_linked,
    resolve,
)
from rightsdesk.transparency.disclosure.refusals import DisclosureRefused
from rightsdesk.transparency.disclosure.rollup import (
    Coarsened,
    Merge,
    merge,
    roll_up_countries,
    roll_up_months,
)
from rightsdesk.transparency.disclosure.rules import (
    BOARD,
    PUBLIC,
    RULES_VERSION,
    Protected,
    RuleSet,
    Status,
)
from rightsdesk.transparency.disclosure.suppress import check, margin, protect
from rightsdesk.transparency.disclosure.tables import GRAND, Cell, CountTable
from rightsdesk.transparency.disclosure.wording import (
    cell_name,
    label_name,
    release_note,
    release_notes,
    rules_label,
    shown_text,
)

__all__ = [
    "BOARD",
    "GRAND",
    "PUBLIC",
    "RULES_VERSION",
    "Cell",
    "Coarsened",
    "CountTable",
    "DisclosureRefused",
    "Finding",
    "Link",
    "LinkSpec",
    "Merge",
    "Protected",
    "RuleSet",
    "Status",
    "Sum",
    "SumSpec",
    "Where",
    "audit",
    "audit_difference",
    "audit_linked",
    "cell_name",
    "check",
    "label_name",
    "margin",
    "members",
    "merge",
    "protect",
    "protect_linked",
    "release_note",
    "release_notes",
    "resolve",
    "roll_up_countries",
    "roll_up_months",
    "rules_label",
    "shown_text",
]
