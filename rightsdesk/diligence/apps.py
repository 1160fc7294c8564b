from django.apps import AppConfig


class DiligenceConfig(AppConfig):
    """Human-rights due diligence: impact assessments, the impact register, mitigations tracked to
    effect, reassessment on a clock and on triggers, the public recommendation tracker."""

    name = "rightsdesk.diligence"
    label = "diligence"

    def ready(self) -> None:
        from rightsdesk.diligence import checks  # noqa: F401, PLC0415 - registers the checks
