"""Who is on duty, and the record of deadlines met, missed and paged (clear metadata)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.models.case import Case


class OnCallShift(models.Model):
    """Who is on duty when (times in UTC; shown in each person's time zone)."""

    class Role(models.TextChoices):
        ON_CALL = "on_call", _("on-call handler")
        LEAD = "lead", _("on-call lead")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oncall_shifts"
    )
    role = models.CharField(max_length=8, choices=Role.choices)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        ordering = ("starts_at",)

    def __str__(self) -> str:
        return f"{self.role} shift of {self.user_id}"


class DeadlineEvent(models.Model):
    """A deadline met or missed, or a page sent: the record the transparency reports count."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadline_events")
    kind = models.CharField(max_length=32)  # ack.met, ack.late, ack.missed, page.<role>
    at = models.DateTimeField()
    count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("at",)

    def __str__(self) -> str:
        return f"{self.kind} on {self.case_id}"
