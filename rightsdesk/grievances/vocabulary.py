"""The grievance procedure's vocabulary. Codes are stored and exported; labels translate.

The codes follow the anchors (issue 13, ../shared/research/policy-pillars.md section 3): the
stages of the independent accountability mechanisms and OECD NCPs, the outcome types the
Accountability Console compares across mechanisms, and a remedy catalogue of rights-compatible
outcomes. Never rename a code: the public register and exports use them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("grievance stage", "Received")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("grievance stage", "Acknowledged")
    ELIGIBILITY = "eligibility", pgettext_lazy("grievance stage", "Eligibility")
    ASSESSMENT = "assessment", pgettext_lazy("grievance stage", "Assessment")
    RESOLUTION = "resolution", pgettext_lazy("grievance stage", "Resolution")
    DECISION = "decision", pgettext_lazy("grievance stage", "Decision or agreement")
    REMEDY = "remedy", pgettext_lazy("grievance stage", "Remedy carried out")
    MONITORING = "monitoring", pgettext_lazy("grievance stage", "Monitoring")
    CLOSED = "closed", pgettext_lazy("grievance stage", "Closed")


STAGE_EXPLANATIONS = {
    Stage.RECEIVED: _("Your grievance is stored, encrypted. Nobody it names can read it."),
    Stage.ACKNOWLEDGED: _("A handler has read it and confirmed it to you."),
    Stage.ELIGIBILITY: _(
        "The handlers check that it concerns the organisation's projects, products, programmes, "
        "grants, events or people. They accept it, point you to a better channel, or decline it "
        "with their reasons."
    ),
    Stage.ASSESSMENT: _(
        "The handlers learn what happened, from you and from the people concerned, and propose "
        "how to resolve it."
    ),
    Stage.RESOLUTION: _(
        "Dialogue or mediation with you, or an investigation, or a referral to a channel that "
        "can decide it."
    ),
    Stage.DECISION: _(
        "A written decision, or an agreement you accepted, with the reasons. You can appeal."
    ),
    Stage.REMEDY: _(
        "What was decided is carried out: each remedy has someone responsible and a date, and "
        "you are asked whether it remedied the harm."
    ),
    Stage.MONITORING: _("The handlers check that the remedy lasts."),
    Stage.CLOSED: _("The grievance is closed. You are asked how the procedure went for you."),
}


class Outcome(models.TextChoices):
    """What a move decided: eligibility, the resolution track, the decision."""

    ACCEPTED = "accepted", _("Accepted")
    REDIRECTED = "redirected", _("Redirected to a better channel")
    DECLINED = "declined", _("Declined, with reasons")
    DIALOGUE = "dialogue", _("Dialogue or mediation")
    INVESTIGATION = "investigation", _("Investigation")
    REDIRECT_TRACK = "redirect", _("Referred to another channel")
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    NOT_UPHELD = "not_upheld", _("Not upheld")
    AGREEMENT = "agreement", _("Agreement reached")
    NO_AGREEMENT = "no_agreement", _("No agreement")


ELIGIBILITY_OUTCOMES = (Outcome.ACCEPTED, Outcome.REDIRECTED, Outcome.DECLINED)
TRACKS = (Outcome.DIALOGUE, Outcome.INVESTIGATION, Outcome.REDIRECT_TRACK)
ENDING_OUTCOMES = (Outcome.REDIRECTED, Outcome.DECLINED, Outcome.REDIRECT_TRACK)
DECISIONS = (
    Outcome.UPHELD,
    Outcome.PARTLY_UPHELD,
    Outcome.NOT_UPHELD,
    Outcome.AGREEMENT,
    Outcome.NO_AGREEMENT,
)


class Category(models.TextChoices):
    """The issue category: what kind of harm; published in the register (grouped when rare)."""

    CONTENT = "content", _("Content removed, changed or kept")
    ACCOUNT = "account", _("Account blocked, banned or restricted")
    PRIVACY = "privacy", _("Privacy or personal data")
    CONDUCT = "conduct", _("Conduct of staff or volunteers acting for the organisation")
    DISCRIMINATION = "discrimination", _("Discrimination or exclusion")
    SAFETY = "safety", _("Safety put at risk")
    FUNDING = "funding", _("Grants or funding decisions")
    OTHER = "other", _("Something else")


class Concerns(models.TextChoices):
    """What the grievance is about (never published: a small project could identify someone)."""

    PROJECT = "project", _("A project or wiki")
    PRODUCT = "product", _("A product or tool")
    PROGRAMME = "programme", _("A programme")
    GRANT = "grant", _("A grant")
    EVENT = "event", _("An event")
    STAFF_ACTION = "staff_action", _("An action by staff")
    OTHER = "other", _("Something else")


class RemedyKind(models.TextChoices):
    """The catalogue of rights-compatible outcomes (UNGP 31 f)."""

    APOLOGY = "apology", _("Acknowledgement and apology")
    RESTORATION = "restoration", _("Restoring content or an account")
    POLICY_CHANGE = "policy_change", _("A change of policy or product")
    REFERRAL = "referral", _("A referral to a partner")
    COMPENSATION = "compensation", _("Compensation or support")
    NON_REPETITION = "non_repetition", _("A guarantee of non-repetition")


class RemedyView(models.TextChoices):
    """The person's own view of whether a remedy remedied the harm."""

    REMEDIED = "remedied", _("Yes, it remedied the harm")
    PARTLY = "partly", _("Partly")
    NOT_REMEDIED = "not_remedied", _("No")


class AppealOutcome(models.TextChoices):
    """An appeal reviews whether the grievance was handled properly; it does not re-decide it."""

    PROPER = "proper", _("Handled properly: the decision stands")
    IMPROPER = "improper", _("Not handled properly: the grievance is reopened")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")


class Learning(models.TextChoices):
    """What the organisation learned from a grievance (UNGP 31 g)."""

    NONE = "", _("Nothing linked yet")
    RISK = "risk", _("Linked to a risk in the due-diligence register")
    POLICY = "policy", _("Led to a policy change")
