"""The due-diligence vocabulary. Codes are stored and exchanged (API, CSV); labels translate.

Codes are stable identifiers: never rename one. The phases are the Danish Institute for Human
Rights' impact assessment phases; the rights extend the casework vocabulary (DESIGN.md section 4,
`rightsdesk.cases.vocabulary.Right`) with the rights of the child and the other treaty rights an
assessment of products and programmes needs. The scales are published (docs/diligence.md and the
public page of the rule) and each step has a label, so a score is never a bare number.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.vocabulary import Right as CaseRight


class SubjectKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    FEATURE = "feature", _("Feature")
    ALGORITHM = "algorithm", _("Algorithmic system")
    POLICY = "policy", _("Policy")
    GRANT = "grant", _("Grant")
    CAMPAIGN = "campaign", _("Campaign")
    EVENT = "event", _("Event")
    ORGANISATION = "organisation", _("The whole organisation")


class Phase(models.IntegerChoices):
    SCOPING = 1, _("Planning and scoping")
    CONTEXT = 2, _("Data collection and context analysis")
    ANALYSIS = 3, _("Analysing impacts")
    MITIGATION = 4, _("Impact prevention, mitigation and remediation")
    REPORTING = 5, _("Reporting and evaluation")


# Each phase's checklist: (code, label). A phase is signed off only when every item is ticked.
CHECKLISTS: dict[int, tuple[tuple[str, object], ...]] = {
    Phase.SCOPING: (
        ("subject", _("The subject and its boundaries are described")),
        ("team", _("The assessment team and its independence are recorded")),
        ("rightsholders", _("Potentially affected rights-holder groups are identified")),
        ("plan", _("An engagement plan says how each group will be consulted")),
    ),
    Phase.CONTEXT: (
        ("desk", _("Desk review of the subject and its context is done")),
        ("consulted", _("Rights-holders were consulted, not only staff and experts")),
        ("vulnerable", _("Groups at heightened risk were reached safely")),
        ("baseline", _("A baseline of the current situation is recorded")),
    ),
    Phase.ANALYSIS: (
        ("register", _("Every impact found is in the register with its scores")),
        ("involvement", _("Cause, contribution or direct link is decided for each impact")),
        ("validated", _("Findings were validated with affected rights-holders")),
    ),
    Phase.MITIGATION: (
        ("actions", _("Every high or top impact has a mitigation with an owner and a date")),
        ("indicators", _("Each mitigation has an indicator and a feedback source")),
        ("remedy", _("Remedy is planned where the organisation caused or contributed")),
    ),
    Phase.REPORTING: (
        ("report", _("The report is written and reviewed")),
        ("published", _("Recommendations are published on the public tracker")),
        ("feedback", _("Rights-holders were told what was found and what will be done")),
    ),
}


def checklist_codes(phase: int) -> list[str]:
    return [code for code, _label in CHECKLISTS[phase]]


class AssessmentState(models.TextChoices):
    OPEN = "open", _("In progress")
    COMPLETE = "complete", _("Complete")
    REOPENED = "reopened", _("Reopened for reassessment")


class Trigger(models.TextChoices):
    """Why an assessment was reopened before its review date."""

    SCHEDULE = "schedule", _("Its review date came")
    LAUNCH = "launch", _("A new launch of the subject")
    CRISIS = "crisis", _("A crisis opened in a related threat type")
    CASES = "cases", _("Cases touching the same rights are rising")
    GRIEVANCES = "grievances", _("Grievances touching the same rights are rising")


class Right(models.TextChoices):
    """Rights an impact may affect: the casework rights (same codes), then the rights of the
    child and the other treaty rights with instrument and article."""

    DIGNITY = CaseRight.DIGNITY.value, CaseRight.DIGNITY.label
    NON_DISCRIMINATION = CaseRight.NON_DISCRIMINATION.value, CaseRight.NON_DISCRIMINATION.label
    SECURITY = CaseRight.SECURITY.value, CaseRight.SECURITY.label
    PRIVACY = CaseRight.PRIVACY.value, CaseRight.PRIVACY.label
    EXPRESSION = CaseRight.EXPRESSION.value, CaseRight.EXPRESSION.label
    ASSEMBLY = CaseRight.ASSEMBLY.value, CaseRight.ASSEMBLY.label
    GOVERNMENT = CaseRight.GOVERNMENT.value, CaseRight.GOVERNMENT.label
    CULTURE = CaseRight.CULTURE.value, CaseRight.CULTURE.label
    REPUTATION = CaseRight.REPUTATION.value, CaseRight.REPUTATION.label
    CHILD_BEST_INTERESTS = "child_best_interests", _("Best interests of the child (CRC article 3)")
    CHILD_VIEWS = "child_views", _("A child's right to be heard (CRC article 12)")
    CHILD_INFORMATION = "child_information", _("A child's access to information (CRC article 17)")
    CHILD_PROTECTION = (
        "child_protection",
        _("Protection of children from violence and exploitation (CRC articles 19 and 34)"),
    )
    EDUCATION = "education", _("Education (ICESCR article 13, CRC article 28)")
    SCIENCE = "science", _("Enjoying the benefits of science (ICESCR article 15)")
    WORK = "work", _("Work and fair conditions of work (ICESCR articles 6 and 7)")
    HEALTH = "health", _("Health, including mental health (ICESCR article 12)")
    FAIR_TRIAL = "fair_trial", _("Fair trial and due process (ICCPR article 14)")
    THOUGHT = "thought", _("Thought, conscience and religion (ICCPR article 18)")
    ASSOCIATION = "association", _("Freedom of association (ICCPR article 22)")
    MINORITIES = (
        "minorities",
        _("Rights of minorities to their own culture and language (ICCPR article 27)"),
    )
    REMEDY = "remedy", _("Effective remedy (ICCPR article 2)")


class RightsHolder(models.TextChoices):
    """Rights-holder groups an assessment considers and consults."""

    CONTRIBUTORS = "contributors", _("Contributors (editors, uploaders)")
    READERS = "readers", _("Readers")
    SUBJECTS = "subjects", _("People written about")
    CHILDREN = "children", _("Children and young people")
    FUNCTIONARIES = "functionaries", _("Administrators and other functionaries")
    AFFILIATES = "affiliates", _("Affiliates and their staff")
    STAFF = "staff", _("Staff and contractors")
    COMMUNITIES = "communities", _("Language and local communities")


class Vulnerability(models.TextChoices):
    REPRESSIVE_STATE = "repressive_state", _("Lives under a repressive government")
    MINORITY = "minority", _("Ethnic, religious or linguistic minority")
    LGBTQ = "lgbtq", _("LGBTQ+")
    WOMEN = "women", _("Women and girls")
    CHILD = "child", _("Child")
    DISABILITY = "disability", _("Disability")
    LOW_CONNECTIVITY = "low_connectivity", _("Low connectivity or older devices")
    PUBLIC_PROFILE = "public_profile", _("Public profile or known identity")


class EngagementMethod(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    WORKSHOP = "workshop", _("Workshop or focus group")
    SURVEY = "survey", _("Survey")
    ON_WIKI = "on_wiki", _("Public on-wiki consultation")
    VALIDATION = "validation", _("Validation of findings")
    WRITTEN = "written", _("Written submission")


class ImpactKind(models.TextChoices):
    ACTUAL = "actual", _("Actual (happening or happened)")
    POTENTIAL = "potential", _("Potential (may happen)")


class Involvement(models.TextChoices):
    """UN Guiding Principle 17: how the organisation is involved in the impact."""

    CAUSE = "cause", _("Caused by us")
    CONTRIBUTE = "contribute", _("Contributed to by us")
    LINKED = "linked", _("Directly linked to our products or services")


# The published scales (1 to 4). Each step's label is what the number means.
SCALE = {
    1: _("Minor: an inconvenience, easily absorbed"),
    2: _("Moderate: a real but limited harm to a right"),
    3: _("Serious: a grave harm to a right or to health"),
    4: _("Grave: loss of life, liberty or physical safety"),
}
SCOPE = {
    1: _("A few people"),
    2: _("A group or one community"),
    3: _("Many people across communities or countries"),
    4: _("Most users, or a whole population"),
}
IRREMEDIABILITY = {
    1: _("Easily remedied, fully and quickly"),
    2: _("Remediable with effort"),
    3: _("Hard to remedy: only partly reversible"),
    4: _("Irremediable: cannot be undone"),
}
LIKELIHOOD = {
    1: _("Unlikely"),
    2: _("Possible"),
    3: _("Likely"),
    4: _("Almost certain"),
}
CONFIDENCE = {
    1: _("Low: little evidence, assumptions"),
    2: _("Medium: some evidence"),
    3: _("High: strong evidence, validated with rights-holders"),
}
LEVERAGE = {
    1: _("Little: we cannot change the cause"),
    2: _("Some: we can influence those who can"),
    3: _("Strong: we control the cause"),
}


def published_scales() -> list[tuple[Any, dict[int, Any]]]:
    """The four scales the rule reads, named, for the public page and the report."""
    return [
        (_("Scale"), SCALE),
        (_("Scope"), SCOPE),
        (_("Irremediability"), IRREMEDIABILITY),
        (_("Likelihood"), LIKELIHOOD),
    ]


class MitigationState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    EFFECTIVE = "effective", _("Done and shown effective")
    NOT_EFFECTIVE = "not_effective", _("Done but not effective")
    DROPPED = "dropped", _("Dropped")


MITIGATION_TRANSITIONS: dict[str, frozenset[str]] = {
    MitigationState.PLANNED: frozenset({MitigationState.IN_PROGRESS, MitigationState.DROPPED}),
    MitigationState.IN_PROGRESS: frozenset({MitigationState.DONE, MitigationState.DROPPED}),
    MitigationState.DONE: frozenset(
        {MitigationState.EFFECTIVE, MitigationState.NOT_EFFECTIVE, MitigationState.IN_PROGRESS}
    ),
    MitigationState.NOT_EFFECTIVE: frozenset({MitigationState.IN_PROGRESS}),
    MitigationState.EFFECTIVE: frozenset({MitigationState.IN_PROGRESS}),
    MitigationState.DROPPED: frozenset(),
}
# Mitigations that still owe work: these can be overdue.
MITIGATION_OPEN = frozenset({MitigationState.PLANNED, MitigationState.IN_PROGRESS})


class RecommendationStatus(models.TextChoices):
    """What volunteers asked for (wikimedia-l, July 2022): the status of each recommendation."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTLY_DONE = "partly_done", _("Partly done")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined, with reasons")
