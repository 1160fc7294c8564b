from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting pieces with no data of their own: data directory, headers, base templates."""

    name = "rightsdesk.core"
    label = "core"
