from django.apps import AppConfig


class CasesConfig(AppConfig):
    """The staff side: triage, casework and the crisis response (built out by later issues)."""

    name = "rightsdesk.cases"
    label = "cases"

    def ready(self) -> None:
        from rightsdesk.cases import checks  # noqa: F401, PLC0415 - registers the system checks
