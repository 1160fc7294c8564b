from django.apps import AppConfig


class CommunityConfig(AppConfig):
    """The interest group: events (office hours, conversation hours, edit-a-thons), membership."""

    name = "rightsdesk.community"
    label = "community"
