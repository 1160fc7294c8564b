from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Digital safety for every contributor: guided self-help, checkup, modules, glossary."""

    name = "rightsdesk.safety"
    label = "safety"
