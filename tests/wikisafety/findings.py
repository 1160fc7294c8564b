"""Findings for the queue's tests without a wiki: a registered wiki (an address nothing
answers on), a seen revision and its finding, and staff with the queue's permissions."""

from __future__ import annotations

import itertools
import uuid
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.wikisafety.mediawiki.services import wiki_register
from rightsdesk.wikisafety.models import Finding, SeenRevision, Wiki
from tests.factories import StaffAccount, staff_account

_revids = itertools.count(1000)


def grant(user: User, *codenames: str) -> User:
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label="wikisafety", codename=codename)
        )
    return User.objects.get(pk=user.pk)  # permissions are cached per instance


def evaluator(*, remove: bool = False, username: str | None = None) -> StaffAccount:
    """A handler with `evaluate_findings` (and `remove_revisions` with `remove`)."""
    account = staff_account(username=username)
    codenames = ["evaluate_findings", *(["remove_revisions"] if remove else [])]
    account.user = grant(account.user, *codenames)
    return account


def offline_wiki() -> Wiki:
    """A registered wiki on a loopback port nothing listens on (the page must say so)."""
    admin = staff_account(role=User.Role.ADMIN).user
    return wiki_register(
        actor=admin,
        name=f"offline {uuid.uuid4().hex[:6]}",
        api_url=f"http://127.0.0.1:9/{uuid.uuid4().hex[:6]}/api.php",
        namespaces=[0, 3],
        language="en",
        bot_username="Bot@x",
        bot_password="secret-password-x",
        now=timezone.now(),
    )


def finding_on(wiki: Wiki, *, priority: str = "", title: str = "User talk:Someone") -> Finding:
    revid = next(_revids)
    now = timezone.now()
    revision = SeenRevision.objects.create(
        wiki=wiki,
        revid=revid,
        parent_revid=revid - 1,
        page_title=title,
        namespace=3,
        user="Attacker",
        timestamp=now - timedelta(minutes=3),
        seen_at=now,
    )
    return Finding.objects.create(
        revision=revision,
        found_at=now,
        kinds=["phone"],
        recognisers=["phone"],
        spans=[[10, 25, "phone"]],
        priority=priority,
    )
