from django.apps import AppConfig


class GapsConfig(AppConfig):
    """The human-rights content-gap observatory: coverage of human-rights topics per Wikipedia."""

    name = "rightsdesk.gaps"
    label = "gaps"
