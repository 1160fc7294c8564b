from django.apps import AppConfig


class GrievancesConfig(AppConfig):
    """Access to remedy: the grievance channel, its procedure, appeals, remedies, the register."""

    name = "rightsdesk.grievances"
    label = "grievances"

    def ready(self) -> None:
        # The grievance clock runs in the same round as the case deadlines through
        # settings.RIGHTSDESK_CLOCKS (`rightsdesk cases watch`, the `check_deadlines` task).
        from rightsdesk.grievances import checks  # noqa: F401, PLC0415 - registers the checks
