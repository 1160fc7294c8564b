from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff and partner users: roles, two-factor login, and each user's key pair."""

    name = "rightsdesk.accounts"
    label = "accounts"
