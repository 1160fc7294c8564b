"""Writes of reply templates: an admin saves or resets the team's own text (audited)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import require_admin
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.models import ReplyTemplate
from rightsdesk.cases.replies.selectors import (
    BODY_MAX,
    SLUG,
    TITLE_MAX,
    languages,
    unknown_placeholders,
)
from rightsdesk.core.refusals import Refused


class TemplateRefused(Refused):
    pass


def _validate(slug: str, language: str, title: str, body: str) -> None:
    if not SLUG.match(slug):
        raise TemplateRefused(
            _("A template name has 1 to 40 lower-case letters, digits, dashes or underscores.")
        )
    if language not in languages():
        raise TemplateRefused(_("Choose one of the site's languages."))
    if not title or len(title) > TITLE_MAX:
        raise TemplateRefused(_("Give the template a title (up to 120 characters)."))
    if not body or len(body) > BODY_MAX:
        raise TemplateRefused(_("Write the text (up to 5,000 characters)."))
    unknown = unknown_placeholders(body)
    if unknown:
        raise TemplateRefused(
            _("Unknown placeholder: %(names)s. The only placeholder is {case}.")
            % {"names": ", ".join("{" + name + "}" for name in unknown)}
        )


def reply_template_save(
    *, slug: str, language: str, title: str, body: str, actor: User, new: bool = False
) -> ReplyTemplate:
    """Save the team's text for (`slug`, `language`), replacing any earlier one; audited.

    With `new`, refuses a template that already has a text of the team's in that language (the
    "add a template" form must not silently overwrite). Raises TemplateRefused; nothing written.
    Refuses anyone but an admin (`AdminOnly`), whoever calls it.
    """
    title, body = title.strip(), body.strip()
    require_admin(actor)
    _validate(slug, language, title, body)
    with transaction.atomic():
        existing = ReplyTemplate.objects.select_for_update().filter(slug=slug, language=language)
        if new and existing.exists():
            raise TemplateRefused(
                _("This template already has the team's own text in this language: edit it.")
            )
        row, _created = ReplyTemplate.objects.update_or_create(
            slug=slug,
            language=language,
            defaults={
                "title": title,
                "body": body,
                "updated_by": actor,
                "updated_at": timezone.now(),
            },
        )
        audit_record(
            actor=actor_label(actor),
            action="reply_template.save",
            target_type="reply_template",
            target_id=f"{slug}:{language}",
        )
    return row


def reply_template_reset(*, slug: str, language: str, actor: User) -> bool:
    """Delete the team's text for (`slug`, `language`): the shipped text (if any) applies again.

    Returns whether there was one; audited when there was. Refuses anyone but an admin.
    """
    require_admin(actor)
    with transaction.atomic():
        deleted, _detail = ReplyTemplate.objects.filter(slug=slug, language=language).delete()
        if deleted:
            audit_record(
                actor=actor_label(actor),
                action="reply_template.reset",
                target_type="reply_template",
                target_id=f"{slug}:{language}",
            )
    return bool(deleted)
