"""The team's "follow-up after a referral" message to the volunteer, once the partner reports.

Runs after the commit of the outcome. The text is the reply template `referral_followup`
(rightsdesk.cases.replies), in the volunteer's language, posted as a team message from the
handler who drafted the referral: it needs no case key (messages are sealed to the case's public
key), and the language is the one the volunteer chose when agreeing (the consent ledger).
"""

from __future__ import annotations

import logging

from django.conf import settings

from rightsdesk.cases.models import Case
from rightsdesk.cases.replies.selectors import fill, languages, reply_text
from rightsdesk.cases.services import message_post
from rightsdesk.partners.models import Consent, Referral

log = logging.getLogger(__name__)

TEMPLATE = "referral_followup"


def referral_follow_up(referral_pk: int) -> bool:
    """Post the follow-up; False (logged, nothing posted) when nobody can sign it."""
    referral = Referral.objects.select_related("case", "drafted_by").filter(pk=referral_pk).first()
    if referral is None or referral.drafted_by is None or not referral.drafted_by.is_active:
        log.warning("referral follow-up not sent: no active handler to sign it")
        return False
    consent = Consent.objects.filter(referral=referral).exclude(language="").order_by("-id").first()
    language = consent.language if consent else ""
    text = reply_text(TEMPLATE, language if language in languages() else settings.LANGUAGE_CODE)
    if text is None:
        return False
    case: Case = referral.case
    message_post(case=case, body=fill(text.body, case), author=referral.drafted_by)
    return True
