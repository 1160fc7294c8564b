from django.apps import AppConfig


class DemandsConfig(AppConfig):
    """The register of government demands for user data and content changes, decided under
    published rules (the GNI and ICCPR test), with exports in the field's formats."""

    name = "rightsdesk.demands"
    label = "demands"
