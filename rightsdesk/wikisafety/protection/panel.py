"""The protected volunteers' panel of the case page (settings.RIGHTSDESK_CASE_PANELS).

Called by the case page after its gate and `case_open`: shows who is protected on this case
(labels of the kinds registered, consent, dates: there is no value to show, only digests
exist) and the way to the form. Writes nothing.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.cases.extensions import CasePanel
from rightsdesk.cases.models import Case
from rightsdesk.wikisafety.protection.selectors import volunteers_of
from rightsdesk.wikisafety.protection.services import ENDED


def case_panel(
    request: HttpRequest, case: Case, case_key: PrivateKey, bound: dict[str, forms.Form]
) -> CasePanel:
    return CasePanel(
        template="wikisafety/protect/_panel.html",
        context={"volunteers": volunteers_of(case.pk), "open": case.status not in ENDED},
        anchor="wiki-protection",
        title=_("Protection on the wikis"),
    )
