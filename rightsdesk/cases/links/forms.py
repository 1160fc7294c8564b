"""Staff pages that link and unlink cases (the "Linked cases" block of a case page).

Thin: the case is loaded through `access_case`; the other case, the limit and the audit are the
service's (`rightsdesk.cases.links`). A refusal re-renders the case page with the message, 400.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from rightsdesk.cases.links.services import NUMBER_MAX
from rightsdesk.cases.models import CaseLink


class LinkForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Case number"), max_length=NUMBER_MAX)
    kind = forms.ChoiceField(label=gettext_lazy("Kind of link"), choices=CaseLink.Kind.choices)
