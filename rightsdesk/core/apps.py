from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces with no data of their own: data directory, headers, base templates."""

    name = "rightsdesk.core"
    label = "core"

    def ready(self) -> None:
        from rightsdesk.core import checks  # noqa: F401, PLC0415 - registers the system checks
