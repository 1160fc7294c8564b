from django.apps import AppConfig


class TransparencyConfig(AppConfig):
    """Public transparency reports and the board pack: every published number goes through one
    pipeline of disclosure-control rules (`disclosure`), so no count can expose a volunteer."""

    name = "rightsdesk.transparency"
    label = "transparency"
