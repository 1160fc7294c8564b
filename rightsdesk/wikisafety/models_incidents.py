"""Reports sent from a wiki's ReportIncident dialog (docs/wikisafety.md, "Reports from the wiki").

Clear on purpose (docs/security/crypto.md): the wiki, when it arrived, the dialog's closed choices
(incident type, behaviour type, physical harm type), the page title and revision id (public on
the wiki, and the queue's finding is keyed on them), and what became of the report (the case it
opened, the finding it joined). Sealed under the `wiki-incident` server sub-key, bound to (table,
row, field): everything a person typed or named, that is the details, the "something else"
details, the direct report, the reported user's name and the discussion thread id. A report is
an accusation: the name of the accused stays sealed until a person reads the report.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.wikisafety.models_queue import Finding
from rightsdesk.wikisafety.models_wikis import Wiki


class IncidentType(models.TextChoices):
    """ReportIncident's `incidentType` values (IncidentReport::THREAT_TYPE_*)."""

    IMMEDIATE = "immediate-threat-physical-harm", _("Immediate threat of physical harm")
    BEHAVIOR = "unacceptable-user-behavior", _("Unacceptable user behaviour")


class PhysicalHarmType(models.TextChoices):
    """ReportIncident's `physicalHarmType` values (emergencies only)."""

    PHYSICAL = "threats-physical-harm", _("Threats of physical harm")
    SELF = "threats-self-harm", _("Threats of self-harm")
    PUBLIC = "threats-public-harm", _("Threats to public safety")


class BehaviorType(models.TextChoices):
    """ReportIncident's `behaviorType` values (IncidentReport::behaviorTypes())."""

    DOXING = "doxing", _("Doxing")
    HATE = "hate-or-discrimination", _("Hate or discrimination")
    INTIMIDATION = "intimidation", _("Intimidation")
    SEXUAL = "sexual-harassment", _("Sexual harassment")
    SPAM = "spam", _("Spam")
    TROLLING = "trolling", _("Trolling")
    SOMETHING_ELSE = "something-else", _("Something else")
    SOCKPUPPETRY = "sockpuppetry", _("Sockpuppetry")
    VANDALISM = "vandalism", _("Vandalism")
    USER_DISPUTE = "userdispute", _("User dispute")
    DISRUPTIVE = "disruptiveediting", _("Disruptive editing")
    OTHER = "other", _("Other")


class IncidentReport(models.Model):
    """One report a wiki forwarded: an emergency opens a P1 case (and its crisis), anything
    else joins the evaluation queue as a finding on the reported revision."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    wiki = models.ForeignKey(Wiki, on_delete=models.PROTECT, related_name="incident_reports")
    received_at = models.DateTimeField()
    incident_type = models.CharField(max_length=40, choices=IncidentType.choices)
    behavior_type = models.CharField(
        max_length=40, blank=True, default="", choices=BehaviorType.choices
    )
    physical_harm_type = models.CharField(
        max_length=40, blank=True, default="", choices=PhysicalHarmType.choices
    )
    page_title = models.CharField(max_length=512, blank=True, default="")
    revision_id = models.BigIntegerField(default=0)
    # JSON of {details, somethingElseDetails, directReport, reportedUser, threadId}, sealed.
    sealed = models.BinaryField(default=b"")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )

    class Meta:
        ordering = ("-received_at", "-id")

    def __str__(self) -> str:
        return f"incident report {self.uid}"
