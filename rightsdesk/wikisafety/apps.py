from django.apps import AppConfig


class WikisafetyConfig(AppConfig):
    """Trust and safety on the wikis: the watcher of recent changes, detection of personal data
    and of protected volunteers' identifiers, the evaluation queue, removal on the wiki."""

    name = "rightsdesk.wikisafety"
    label = "wikisafety"
