"""The team's vocabulary (DESIGN.md section 4, from the seeds). Codes are stored; labels translate.

Codes are stable identifiers used in the database, the API and reports: never rename one. The
crosswalk to other vocabularies (HURIDOCS, UDHR article numbers) is in docs/crosswalk.md.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreatType(models.TextChoices):
    DOXXING = "doxxing", _("Private information published (doxxing)")
    SURVEILLANCE = "surveillance", _("Surveillance or being watched")
    ONLINE_HARASSMENT = "online_harassment", _("Online harassment")
    OFFLINE_HARASSMENT = "offline_harassment", _("Offline harassment or physical threat")
    ARREST = "arrest", _("Arrest, detention or prosecution")
    LEGAL_THREAT = "legal_threat", _("Legal threat")
    DEFAMATION = "defamation", _("Defamation or attack on reputation")
    ACCOUNT_COMPROMISE = "account_compromise", _("Account taken over or hacked")
    IMPERSONATION = "impersonation", _("Someone pretends to be me")
    FAMILY = "family", _("Threats to my family")
    DATA_DEMAND = "data_demand", _("A government demands data about me")
    OTHER = "other", _("Something else")


class ActorType(models.TextChoices):
    GOVERNMENT = "government", _("A government or state agency")
    EXTREMIST = "extremist", _("An extremist group")
    ORGANISED_CRIME = "organised_crime", _("Organised crime")
    CONTRIBUTOR = "contributor", _("A fellow contributor")
    INFILTRATOR = "infiltrator", _("Someone who infiltrated the community")
    COMPANY = "company", _("A company")
    INDIVIDUAL = "individual", _("An individual, or I do not know")


class TargetReason(models.TextChoices):
    CONTROVERSIAL_TOPIC = "controversial_topic", _("I edit a controversial topic")
    PERSONAL_TRAITS = (
        "personal_traits",
        _("Something personal about me was revealed (for example ethnicity or being LGBTQ+)"),
    )
    CRITICISM = "criticism", _("I criticised influential people or groups")
    MAINTENANCE = "maintenance", _("I deleted a promotional article or reverted vandalism")
    PARTICIPATION = "participation", _("Simply for taking part in the open knowledge movement")
    POLITICAL = "political", _("To scare others, or because of the wider political situation")
    ABOUT_OTHERS = (
        "about_others",
        _("Because of content about someone else (a living person, harmful content)"),
    )
    UNKNOWN = "unknown", _("I do not know")


class Right(models.TextChoices):
    """Rights affected, from the table in seed 000, with the instrument and article."""

    DIGNITY = "dignity", _("Dignity (UDHR article 1)")
    NON_DISCRIMINATION = "non_discrimination", _("Non-discrimination (UDHR article 2)")
    SECURITY = "security", _("Life, liberty and security of person (UDHR article 3)")
    PRIVACY = "privacy", _("Privacy (UDHR article 12)")
    EXPRESSION = "expression", _("Freedom of expression and information (UDHR article 19)")
    ASSEMBLY = "assembly", _("Freedom of assembly (UDHR article 20)")
    GOVERNMENT = "government", _("Taking part in government (UDHR article 21)")
    CULTURE = "culture", _("Taking part in cultural life (UDHR article 27)")
    REPUTATION = "reputation", _("Honour and reputation (ICCPR article 17)")


RIGHT_EXPLANATIONS = {
    Right.DIGNITY: _("Being treated with respect; harassment and persecution attack it."),
    Right.NON_DISCRIMINATION: _("Not being targeted for who you are: your group, sex, beliefs."),
    Right.SECURITY: _("Your physical and mental safety, and not being detained arbitrarily."),
    Right.PRIVACY: _("Your private life and information; doxxing and surveillance attack it."),
    Right.EXPRESSION: _("Saying and sharing what you know without fear, and reading freely."),
    Right.ASSEMBLY: _("Meeting and organising with others, online and offline."),
    Right.GOVERNMENT: _("Taking part in public life and decisions in your country."),
    Right.CULTURE: _("Taking part in your community's cultural and knowledge life."),
    Right.REPUTATION: _("Not having lies spread about you to damage your name."),
}


class Since(models.TextChoices):
    TODAY = "today", _("Today")
    WEEK = "week", _("In the past week")
    MONTH = "month", _("In the past month")
    MONTHS = "months", _("For several months")
    YEAR = "year", _("For more than a year")
    UNSAID = "unsaid", _("I would rather not say")


class Ongoing(models.TextChoices):
    YES = "yes", _("Yes, it is still happening")
    NO = "no", _("No, it has stopped")
    UNKNOWN = "unknown", _("I do not know")


class Status(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    REFERRED = "referred", _("Referred")
    WAITING = "waiting", _("Waiting")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    OUT_OF_MANDATE = "out_of_mandate", _("Out of mandate")
    DUPLICATE = "duplicate", _("Duplicate")


class Priority(models.TextChoices):
    """A lower code is more urgent: "P1" sorts before "P2" (`editing` relies on it)."""

    P1 = "P1", _("P1 critical: life or liberty at risk now")
    P2 = "P2", _("P2 high")
    P3 = "P3", _("P3 normal")
    P4 = "P4", _("P4 low")


# How soon each priority must be acknowledged and whom to page when it is not: the one place the
# defaults live. P1 and P2 in wall-clock minutes; P3 and P4 in the team's working days. A
# deployment may replace the table with settings.RIGHTSDESK_DEADLINES (rightsdesk.cases.oncall).
DEADLINE_DEFAULTS: dict[str, dict[str, object]] = {
    Priority.P1: {"ack_minutes": 15, "escalate": [(15, "lead"), (30, "team_lead")]},
    Priority.P2: {"ack_minutes": 120, "escalate": [(120, "lead"), (180, "team_lead")]},
    Priority.P3: {"ack_working_days": 1, "escalate_working_days": [(1, "lead")]},
    Priority.P4: {"ack_working_days": 3, "escalate_working_days": [(3, "lead")]},
}


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    # Opened from the wikis: a finding of the evaluation queue or a wiki's ReportIncident report.
    WIKI = "wiki", _("The wikis")


class Affected(models.TextChoices):
    """Who is affected (issue 4): the person a case is about, not only the one who reported."""

    CONTRIBUTOR = "contributor", _("A contributor")
    READER = "reader", _("A reader")
    STAFF = "staff", _("Staff of the organisation")
    WRITTEN_ABOUT = "written_about", _("A person written about")
    CHILD = "child", _("A child")


class Vetting(models.TextChoices):
    VERIFIED = "verified", _("Verified: the report checks out")
    UNVERIFIED = "unverified", _("Could not verify")
    NOT_NEEDED = "not_needed", _("Not needed")


class Mandate(models.TextChoices):
    IN = "in", _("Within our mandate")
    OUT = "out", _("Out of mandate")
