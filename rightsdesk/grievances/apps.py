from django.apps import AppConfig


class GrievancesConfig(AppConfig):
    """Access to remedy: the grievance channel, its procedure, appeals, remedies, the register."""

    name = "rightsdesk.grievances"
    label = "grievances"

    def ready(self) -> None:
        # The grievance clock runs in the same round as the case deadlines (`rightsdesk cases
        # watch`, the `check_deadlines` task), so one worker keeps every clock.
        from rightsdesk.cases.oncall.deadlines import register_clock  # noqa: PLC0415 - apps ready
        from rightsdesk.grievances.clock import grievance_clock  # noqa: PLC0415 - apps ready

        register_clock(grievance_clock)
        from rightsdesk.grievances import checks  # noqa: F401, PLC0415 - registers the checks
