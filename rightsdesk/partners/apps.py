from django.apps import AppConfig


class PartnersConfig(AppConfig):
    """Partner organisations and referrals: the directory, consent, packets, the partner portal."""

    name = "rightsdesk.partners"
    label = "partners"
