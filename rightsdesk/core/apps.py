from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces: data directory, headers, base templates; its one table holds the
    site-wide admission budgets (core/budgets.py)."""

    name = "rightsdesk.core"
    label = "core"

    def ready(self) -> None:
        from rightsdesk.core import checks  # noqa: F401, PLC0415 - registers the system checks
