from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The public, untrusted side: where a threatened volunteer reports (built out by issue 3)."""

    name = "rightsdesk.intake"
    label = "intake"
