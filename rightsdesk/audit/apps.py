from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only, hash-chained record of who did what to which record (never content)."""

    name = "rightsdesk.audit"
    label = "audit"
