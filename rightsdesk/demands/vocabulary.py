"""The demand register's vocabulary. Codes are stored and exchanged (API, exports, the
transparency statistics); labels translate. Never rename a code.

The instruments are the Wikimedia Foundation transparency report's request types, plus
preservation and emergency requests. The legal review is the GNI Principles' and ICCPR article
19(3)'s test as a checklist. The states and which moves are allowed between them are published
here (`TRANSITIONS`); `rightsdesk.demands.rules` says what each move needs.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequesterKind(models.TextChoices):
    COURT = "court", _("Court")
    POLICE = "police", _("Police")
    AGENCY = "agency", _("Government agency")
    REGULATOR = "regulator", _("Regulator")
    PRIVATE = "private", _("Private party")
    ANONYMOUS = "anonymous", _("Anonymous")


# Requesters that act for a state: their demands are "government" demands in the statistics.
GOVERNMENT = frozenset({"court", "police", "agency", "regulator"})


class Instrument(models.TextChoices):
    INFORMAL_NON_GOVERNMENT = "informal_non_government", _("Informal non-government request")
    INFORMAL_GOVERNMENT = "informal_government", _("Informal government request")
    CIVIL_SUBPOENA = "civil_subpoena", _("Civil subpoena")
    CRIMINAL_SUBPOENA = "criminal_subpoena", _("Criminal subpoena")
    ADMINISTRATIVE_SUBPOENA = "administrative_subpoena", _("Administrative subpoena")
    SEARCH_WARRANT = "search_warrant", _("Search warrant")
    COURT_ORDER = "court_order", _("Court order")
    NATIONAL_SECURITY = "national_security", _("National security request")
    PRESERVATION = "preservation", _("Preservation request")
    EMERGENCY = "emergency", _("Emergency request")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    POST = "post", _("Post")
    PORTAL = "portal", _("Online portal")
    IN_PERSON = "in_person", _("Served in person")
    PHONE = "phone", _("Telephone")
    VIA_LAWYER = "via_lawyer", _("Through a lawyer")
    OTHER = "other", _("Other")


class Ask(models.TextChoices):
    """What a demand asks for (several may apply). Content and non-content user data as the
    transparency report's FAQ distinguishes them (the ECPA's distinction)."""

    DATA_NON_CONTENT = "data_non_content", _("User data: non-content (who, when, from where)")
    DATA_CONTENT = "data_content", _("User data: content (what a user wrote or sent)")
    CONTENT_CHANGE = "content_change", _("Change of content")
    CONTENT_REMOVAL = "content_removal", _("Removal of content")


USER_DATA = frozenset({Ask.DATA_NON_CONTENT.value, Ask.DATA_CONTENT.value})
CONTENT_ALTERATION = frozenset({Ask.CONTENT_CHANGE.value, Ask.CONTENT_REMOVAL.value})


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    AUTHENTICATED = "authenticated", _("Authenticity checked")
    LEGAL_REVIEW = "legal_review", _("Legal review")
    CLARIFY = "clarify", _("Clarification asked")
    NARROW = "narrow", _("Narrowing asked")
    CHALLENGE = "challenge", _("Challenged")
    NOTIFICATION = "notification", _("Notification decision")
    DECIDED = "decided", _("Decided")
    ACTION_TAKEN = "action_taken", _("Action taken")
    CLOSED = "closed", _("Closed")


# The published moves. Deciding (into DECIDED) is its own step with its own rules
# (rules.decision_refusal); the emergency fast path RECEIVED -> DECIDED is allowed only there.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.RECEIVED: frozenset({State.AUTHENTICATED}),
    State.AUTHENTICATED: frozenset({State.LEGAL_REVIEW}),
    State.LEGAL_REVIEW: frozenset(
        {State.CLARIFY, State.NARROW, State.CHALLENGE, State.NOTIFICATION}
    ),
    State.CLARIFY: frozenset({State.LEGAL_REVIEW, State.NOTIFICATION}),
    State.NARROW: frozenset({State.LEGAL_REVIEW, State.NOTIFICATION}),
    State.CHALLENGE: frozenset({State.LEGAL_REVIEW, State.NOTIFICATION}),
    State.NOTIFICATION: frozenset({State.DECIDED}),
    State.DECIDED: frozenset({State.ACTION_TAKEN}),
    State.ACTION_TAKEN: frozenset({State.CLOSED}),
    State.CLOSED: frozenset(),
}

# Where a demand may be decided from: after the notification decision, or on the emergency
# fast path straight from receipt.
DECIDE_FROM = frozenset({State.NOTIFICATION.value})
FAST_PATH_FROM = frozenset({State.RECEIVED.value, State.AUTHENTICATED.value})
OPEN = frozenset(s.value for s in State) - {State.CLOSED.value}


class Decision(models.TextChoices):
    REFUSE = "refuse", _("Refuse")
    PARTLY = "partly", _("Comply in part")
    COMPLY = "comply", _("Comply")


DISCLOSING = frozenset({Decision.PARTLY.value, Decision.COMPLY.value})


class ReviewItem(models.TextChoices):
    """The GNI / ICCPR article 19(3) test, one item each."""

    LAW = "law", _("A law that applies: the demand has a legal basis in force where it comes from")
    AIM = "aim", _("A legitimate aim under the ICCPR (rights of others, national security, ...)")
    NECESSARY = "necessary", _("Necessary and proportionate to that aim")
    NARROW = "narrow", _("Read as narrowly as possible: only what is strictly required")
    WRITING = "writing", _("In writing, from an authority entitled to make it")


class Verdict(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Notify(models.TextChoices):
    NOTIFY = "notify", _("Notify the user before any disclosure")
    DELAY = "delay", _("Delay the notification")


class DelayReason(models.TextChoices):
    GAG_ORDER = "gag_order", _("A gag order forbids it")
    EMERGENCY = "emergency", _("An emergency: notifying would defeat it")
    DANGER = "danger", _("Notifying would put a person in danger")


class NoticeState(models.TextChoices):
    DRAFT = "draft", _("Draft: waiting for review")
    APPROVED = "approved", _("Approved for publication")


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes (from the CLDR data Babel ships)."""
    from babel import Locale  # noqa: PLC0415 - only when a form or a service asks

    codes = {str(code) for code in Locale("en").territories}
    return frozenset(c for c in codes if len(c) == 2 and c.isalpha()) - {
        "ZZ",
        "EU",
        "EZ",
        "UN",
        "QO",
    }


def country_choices(language: str = "en") -> list[tuple[str, str]]:
    """(code, name in `language`) sorted by name."""
    from babel import Locale, UnknownLocaleError  # noqa: PLC0415

    try:
        names = Locale.parse(language.replace("-", "_")).territories
    except (UnknownLocaleError, ValueError):
        names = Locale("en").territories
    return sorted(((c, str(names.get(c, c))) for c in country_codes()), key=lambda p: p[1])
