from django.apps import AppConfig


class CasesConfig(AppConfig):
    """The staff side: triage, casework and the crisis response (built out by later issues)."""

    name = "rightsdesk.cases"
    label = "cases"
