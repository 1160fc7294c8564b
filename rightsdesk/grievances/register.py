"""The public register of grievances, as OECD Watch asks: a number, the month, the issue
category, the stage and the outcome type per grievance; never a name, a project or free text.

Nothing is public until a staff member approves a grievance's entry (a snapshot of its codes;
approving again updates it). Categories with fewer than RIGHTSDESK_GRIEVANCE_REGISTER_MIN
approved entries are shown together as "other categories", so a rare kind of complaint cannot
point at the one person who could have made it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rightsdesk.accounts.models import User
from rightsdesk.core.refusals import Refused
from rightsdesk.grievances.models import Grievance, RegisterEntry
from rightsdesk.grievances.selectors import register_entries
from rightsdesk.grievances.services import audit_grievance
from rightsdesk.grievances.vocabulary import Category, Outcome, Stage

GROUPED = "grouped"
NUMBER_ATTEMPTS = 5


class RegisterBusy(Refused):
    """Approvals raced for the same number more often than it is worth retrying."""

    status = 503
    code = "busy"


@dataclass(frozen=True)
class PublicRow:
    number: str
    month: str  # "2026-11"
    category: str  # a Category code, or GROUPED
    stage: str
    outcome: str

    @property
    def category_label(self) -> str:
        if self.category == GROUPED:
            return str(_("Other categories (grouped: too few to show apart)"))
        return str(Category(self.category).label)

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome else "—"


def register_approve(*, grievance: Grievance, actor: User) -> RegisterEntry:
    """Publish (or refresh, or publish again) the grievance's entry from its clear codes. Call
    after the gate. A new entry takes the year's next number; two approvals at once cannot take
    the same one (the unique number refuses the second, which takes the next)."""
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                entry = (
                    RegisterEntry.objects.select_for_update().filter(grievance=grievance).first()
                )
                if entry is None:
                    entry = RegisterEntry(
                        grievance=grievance, public_number=_next_number(grievance.filed_on.year)
                    )
                entry.month = grievance.filed_on.replace(day=1)
                entry.category = grievance.category
                entry.stage = grievance.stage
                entry.outcome = grievance.outcome_type
                entry.approved_by = actor
                entry.approved_on = timezone.now().date()
                entry.withdrawn_on = None
                entry.save()
                audit_grievance(actor, "grievance.register.approve", grievance)
        except IntegrityError:
            continue
        return entry
    raise RegisterBusy(_("The register is busy. Nothing was changed: try again."))


def _next_number(year: int) -> str:
    """The year's next public number: one past the highest ever given (withdrawn included)."""
    highest = 0
    for number in RegisterEntry.objects.filter(public_number__startswith=f"{year}-").values_list(
        "public_number", flat=True
    ):
        highest = max(highest, int(number.partition("-")[2]))
    return f"{year}-{highest + 1:04d}"


def register_withdraw(*, grievance: Grievance, actor: User) -> None:
    """Take the grievance's entry out of the register (its number stays reserved to it). Call
    after the gate."""
    with transaction.atomic():
        RegisterEntry.objects.filter(grievance=grievance).update(withdrawn_on=timezone.now().date())
        audit_grievance(actor, "grievance.register.withdraw", grievance)


def public_rows(minimum: int | None = None) -> list[PublicRow]:
    """The register as published: approved entries, rare categories grouped."""
    minimum = settings.RIGHTSDESK_GRIEVANCE_REGISTER_MIN if minimum is None else minimum
    entries = list(register_entries())
    sizes = Counter(entry.category for entry in entries)
    return [
        PublicRow(
            number=entry.public_number,
            month=entry.month.strftime("%Y-%m"),
            category=entry.category if sizes[entry.category] >= minimum else GROUPED,
            stage=entry.stage,
            outcome=entry.outcome,
        )
        for entry in entries
    ]
