"""The referrals panel of the case page (settings.RIGHTSDESK_CASE_PANELS).

The case page (rightsdesk.cases.page) calls `case_panel` after its gate and `case_open`, with the
case key: the panel lists the case's referrals with their clock and the "Refer" step, adds the
loop's written updates to the timeline (opened with each referral's key, which the case key
unwraps), and names each referral's partner for the audit lines the timeline shows ("sent to
Legal Aid Network"). It writes nothing.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.cases.extensions import CasePanel
from rightsdesk.cases.models import Case
from rightsdesk.cases.timeline import TimelineItem
from rightsdesk.partners.access import unlock_with_case_key
from rightsdesk.partners.casework.forms import ServiceForm
from rightsdesk.partners.casework.selectors import (
    ReferralRow,
    referral_rows,
    updates_opened,
    written_updates,
)
from rightsdesk.partners.models import ReferralUpdate
from rightsdesk.partners.vocabulary import State


def _state(code: str) -> str:
    return str(State(code).label) if code in State.values else code


def _timeline(
    row: ReferralRow, case_key: PrivateKey, written: dict[int, list[ReferralUpdate]]
) -> list[TimelineItem]:
    """The referral's updates that carry text (a bare move is already an audit line)."""
    referral = row.referral
    rows = written.get(referral.pk, [])
    if not rows or not referral.public_key:
        return []  # nothing can be written into the loop before the packet exists
    try:
        referral_key = unlock_with_case_key(referral, case_key)
    except Http404:
        return []
    items = []
    for update in updates_opened(referral, referral_key, rows):
        if not update.body:
            continue
        title = (
            _("Referral to %(partner)s: now “%(state)s”")
            % {"partner": referral.partner.name, "state": _state(update.state)}
            if update.state
            else _("Referral to %(partner)s") % {"partner": referral.partner.name}
        )
        items.append(
            TimelineItem(
                kind="referral",
                label=_("Update from the partner") if update.from_partner else _("Referral update"),
                on=timezone.localtime(update.at).date(),
                at=update.at,
                who=update.who or _("rightsdesk"),
                title=title,
                body=update.body,
                direction="partner" if update.from_partner else "",
                anchor=f"referral-update-{update.uid}",
            )
        )
    return items


def case_panel(
    request: HttpRequest, case: Case, case_key: PrivateKey, bound: dict[str, forms.Form]
) -> CasePanel:
    """The panel: the case's referrals, the "Refer" step, their events for the timeline."""
    rows = referral_rows(case, timezone.now())
    written = written_updates(case) if rows else {}
    return CasePanel(
        template="partners/casework/_panel.html",
        context={
            "rows": rows,
            "service_form": bound.get("refer") or ServiceForm(auto_id="refer_%s"),
        },
        timeline=[item for row in rows for item in _timeline(row, case_key, written)],
        subjects={f"referral:{row.referral.uid}": row.referral.partner.name for row in rows},
        anchor="referrals",
        title=_("Referrals"),
    )
