"""The wiki side: the wikis watched, where the watcher stands on each, what it has seen, and
what was hidden or suppressed on the wiki (docs/wikisafety.md).

Clear on purpose (docs/security/crypto.md): a wiki's address, namespaces, language and bot user
name (configuration, not about a person); a seen revision's ids, page title, editor's user name
and time, because they are public on the wiki itself and the watcher's de-duplication and the
time from edit to suppression run on them; a removal's flags, reason code and times. Sealed under
the `wiki-bot` server sub-key: the bot's password. The revisions' text is never stored here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

REMOVE_PERMISSION = "remove_revisions"


class Wiki(models.Model):
    """A wiki the team watches, reached through its Action API with a bot account."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, unique=True)
    api_url = models.URLField(_("Action API address (…/api.php)"), max_length=300, unique=True)
    # Namespace numbers watched (0 articles, 1 talk, 2 user, 3 user talk, ...).
    namespaces = models.JSONField(default=list)
    language = models.CharField(_("language"), max_length=20, default="en")
    bot_username = models.CharField(_("bot user name"), max_length=255)
    # The bot's (bot) password, sealed under the wiki-bot sub-key, bound to (table, uid, field).
    bot_password = models.BinaryField(default=b"")
    active = models.BooleanField(_("watched"), default=True)
    # SHA-256 of the token the wiki's ReportIncident forwarder sends (shown once; "" for none).
    report_token_digest = models.CharField(max_length=64, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class WatchPosition(models.Model):
    """Where the watcher stands on one wiki: moved only in the transaction that stores what the
    round found, so a restart neither misses nor repeats an edit."""

    wiki = models.OneToOneField(Wiki, on_delete=models.CASCADE, related_name="position")
    last_rcid = models.BigIntegerField(default=0)
    last_timestamp = models.DateTimeField(null=True, blank=True)
    # The wiki's rccontinue when the last round stopped with more to read ("" otherwise).
    continue_token = models.CharField(max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"position of wiki {self.wiki_id} at rc {self.last_rcid}"


class WatcherStatus(models.Model):
    """How the watcher fares on one wiki, for the staff page: the last good round, the last
    error (a code and a short message of ours, never the wiki's answer), and the backoff."""

    wiki = models.OneToOneField(Wiki, on_delete=models.CASCADE, related_name="watcher_status")
    last_ok_at = models.DateTimeField(null=True, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True, default="")
    failures = models.PositiveIntegerField(default=0)
    backoff_until = models.DateTimeField(null=True, blank=True)
    last_round_seconds = models.FloatField(null=True, blank=True)
    last_round_revisions = models.PositiveIntegerField(default=0)
    # When the clock queued a round on the worker (None once the worker ran it).
    queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"watcher of wiki {self.wiki_id}"


class SeenRevision(models.Model):
    """A revision the watcher has handed to detection, once (unique per wiki)."""

    wiki = models.ForeignKey(Wiki, on_delete=models.CASCADE, related_name="revisions")
    revid = models.BigIntegerField()
    parent_revid = models.BigIntegerField(default=0)
    rcid = models.BigIntegerField(default=0)
    page_title = models.CharField(max_length=512)
    namespace = models.IntegerField(default=0)
    user = models.CharField(max_length=255, blank=True, default="")
    timestamp = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("wiki", "revid"), name="wikisafety_seen_once"),
        )
        indexes = (models.Index(fields=("wiki", "timestamp")),)

    def __str__(self) -> str:
        return f"revision {self.revid} on wiki {self.wiki_id}"


class Removal(models.Model):
    """One hiding (or suppression) of a revision on the wiki through the bot, and its undoing."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    revision = models.ForeignKey(SeenRevision, on_delete=models.PROTECT, related_name="removals")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hid_content = models.BooleanField(default=True)
    hid_summary = models.BooleanField(default=False)
    hid_user = models.BooleanField(default=False)
    suppressed = models.BooleanField(default=False)
    reason_code = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    # From the edit (the revision's timestamp) to its removal on the wiki.
    since_edit = models.DurationField()
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-at", "-id")
        permissions = (
            (REMOVE_PERMISSION, "May hide and suppress revisions on the wikis through the bot"),
        )

    def __str__(self) -> str:
        return f"removal of revision {self.revision_id}"
