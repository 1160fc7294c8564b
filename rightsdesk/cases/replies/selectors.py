"""Reads of reply templates: the shipped texts, the team's own, and a template filled for a case
in the reporter's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.models import Case, ReplyTemplate

TITLE_MAX = 120

BODY_MAX = 5_000

PLACEHOLDERS = ("case",)

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class ShippedTemplate:
    title: Promise
    body: Promise


# The bodies are sent to people under threat, in their language: the translator comments ask for
# warm, plain text that keeps {case} and [[...]] exactly as they are.
SHIPPED: dict[str, ShippedTemplate] = {
    "initial": ShippedTemplate(
        title=gettext_lazy("First answer"),
        # Translators: sent to a person under threat. Keep {case} and [[...]] as they are.
        body=gettext_lazy(
            "Hello,\n\n"
            "Thank you for writing to us. We have received your report; your case number is "
            "{case}.\n\n"
            "We are the human-rights team of the open knowledge community. We support "
            "volunteers who are threatened or harassed because of what they contribute. Only "
            "the few people on our team who work on your case can read what you sent. It is "
            "stored encrypted, and we will not share it with anyone without asking you first.\n\n"
            "What happens next: a member of the team will read your report carefully and answer "
            "you here, in this inbox. If we need to know more, we will ask only for what we "
            "really need in order to help. You never have to share anything you are not "
            "comfortable sharing.\n\n"
            "While you wait:\n"
            "- Keep your receipt somewhere safe and private. It is the only way to read our "
            "answers, and anyone who has it can read this conversation.\n"
            "- If you are in physical danger now, turn first to people you trust near you or "
            "to local emergency services, if it is safe to do so. We cannot come to you in "
            "person.\n"
            "- Do not answer or confront the people who threaten you. Keep what they sent "
            "(messages, links, screenshots) where only you can reach it.\n"
            "- If you think your phone, computer or accounts may be watched, read this inbox "
            "from a device you trust, and turn on two-step login for your accounts.\n\n"
            "You are not alone in this. We will write again soon.\n\n"
            "The human-rights team"
        ),
    ),
    "harassment_initial": ShippedTemplate(
        title=gettext_lazy("First answer: harassment"),
        # Translators: sent to a person under threat. Keep {case} and [[...]] as they are.
        body=gettext_lazy(
            "Hello,\n\n"
            "Thank you for telling us what is happening to you. We have received your report; "
            "your case number is {case}. We are the human-rights team of the open knowledge "
            "community, and supporting volunteers who are harassed for their work is part of "
            "what we do. Only the people on our team who work on your case can read it.\n\n"
            "Harassment is never your fault, and you do not have to face it alone. A member of "
            "the team will read your report and answer you here. We will ask only for what we "
            "need.\n\n"
            "Until then, some things that help:\n\n"
            "Keep a record. For each message, post or edit that harms you, keep the link, the "
            "date and time, the name of the account, and a screenshot of the whole screen. "
            "Store it where only you can reach it. You do not have to read everything again "
            "yourself: someone you trust can collect it for you. Do not send us more than you "
            "are comfortable with; we will ask if we need something specific.\n\n"
            "Report it where it happens. Most platforms and wiki projects have a way to report "
            "harassment (a report button, the administrators of your project, or the "
            "organisation's safety team). A report leaves a record even when nothing changes at "
            "once. If you do not know where to report, tell us and we will help you find it.\n\n"
            "Protect your accounts. Turn on two-step login, use a different strong password "
            "for each account, and check what personal information about you can be found "
            "publicly (your user page, old posts, photos).\n\n"
            "Do not answer the people who harass you: it rarely helps and can make things "
            "worse. Blocking or muting them is fine, once you have kept a record.\n\n"
            "If you fear for your physical safety, turn first to people you trust near you or "
            "to local emergency services, if it is safe to do so, and tell us.\n\n"
            "The human-rights team"
        ),
    ),
    "out_of_mandate": ShippedTemplate(
        title=gettext_lazy("Out of mandate, with a referral"),
        # Translators: sent to a person under threat. Keep {case} and [[...]] as they are.
        body=gettext_lazy(
            "Hello,\n\n"
            "Thank you for writing to us about case {case}. We have read what you sent "
            "carefully.\n\n"
            "We are the human-rights team of the open knowledge community. We can only take on "
            "the cases of people who are threatened because of their contributions to open "
            "knowledge projects, and what you describe is outside what we are able to do. This "
            "is not a judgement of what you are going through, and it does not mean it is not "
            "serious.\n\n"
            "We do not want to leave you without help. This organisation may be able to "
            "support you:\n\n"
            "[[Name of the organisation, what they do, and how to reach them safely]]\n\n"
            "When you contact them, you decide what to share. You may mention us if it helps, "
            "but you do not have to.\n\n"
            "What you sent us stays encrypted and will be deleted after a while. If your "
            "situation changes, or turns out to be linked to your work on open knowledge, you "
            "can write to us again.\n\n"
            "We wish you safety.\n\n"
            "The human-rights team"
        ),
    ),
    "referral_followup": ShippedTemplate(
        title=gettext_lazy("Follow-up after a referral"),
        # Translators: sent to a person under threat. Keep {case} and [[...]] as they are.
        body=gettext_lazy(
            "Hello,\n\n"
            "We are writing about case {case}. Some time ago we put you in touch with a partner "
            "organisation, and we would like to know how things are going.\n\n"
            "- Did they reach you, or were you able to reach them?\n"
            "- Is their help useful to you, or is something missing?\n"
            "- Has anything changed in your situation since we last wrote?\n\n"
            "A few words are enough, and you do not have to answer if you prefer not to. If the "
            "referral did not work out, please tell us: we will look for another way to help.\n\n"
            "If you are in danger now, please say so at the start of your message.\n\n"
            "The human-rights team"
        ),
    ),
}


@dataclass(frozen=True)
class ReplyText:
    slug: str
    language: str
    title: str
    body: str
    own: bool  # the team's saved text (True) or the shipped one (False)


@dataclass(frozen=True)
class CatalogueEntry:
    slug: str
    title: str
    shipped: bool
    own_languages: list[str]


def languages() -> dict[str, str]:
    """The site's languages, code to (translated) name."""
    return {code: str(name) for code, name in settings.LANGUAGES}


def reporter_language(report: ReportContent) -> str:
    """The language the reporter wrote in, or the site default if it is not one we offer."""
    return report.language if report.language in languages() else settings.LANGUAGE_CODE


def reply_text(slug: str, language: str) -> ReplyText | None:
    """The text of template `slug` in `language`: the team's own text for that language, else
    the shipped text translated to it, else (a template an admin added) the team's text in the
    site default language or any language it exists in. None if there is no such template."""
    rows = {row.language: row for row in ReplyTemplate.objects.filter(slug=slug)}
    row = rows.get(language)
    if row is None and slug in SHIPPED:
        with translation.override(language):
            return ReplyText(
                slug=slug,
                language=language,
                title=str(SHIPPED[slug].title),
                body=str(SHIPPED[slug].body),
                own=False,
            )
    if row is None and rows:
        row = rows.get(settings.LANGUAGE_CODE) or rows[min(rows)]
    if row is None:
        return None
    return ReplyText(slug=slug, language=row.language, title=row.title, body=row.body, own=True)


def fill(body: str, case: Case) -> str:
    """Replace the placeholders; plain replacement, never format()."""
    return body.replace("{case}", case.number)


def reply_for_case(slug: str, case: Case, report: ReportContent) -> str | None:
    """Template `slug` in the reporter's language with the placeholders filled, or None.

    Needs the opened report (for its language): call after `access_case` and `case_open`.
    """
    text = reply_text(slug, reporter_language(report))
    return fill(text.body, case) if text else None


def catalogue() -> list[CatalogueEntry]:
    """Every template (shipped first, then the team's own), titled in the current language."""
    own: dict[str, list[str]] = {}
    for slug, language in ReplyTemplate.objects.values_list("slug", "language"):
        own.setdefault(slug, []).append(language)
    current = translation.get_language() or settings.LANGUAGE_CODE
    entries = []
    for slug in [*SHIPPED, *sorted(set(own) - set(SHIPPED))]:
        text = reply_text(slug, current)
        entries.append(
            CatalogueEntry(
                slug=slug,
                title=text.title if text else slug,
                shipped=slug in SHIPPED,
                own_languages=sorted(own.get(slug, [])),
            )
        )
    return entries


def unknown_placeholders(body: str) -> list[str]:
    return sorted({name for name in _PLACEHOLDER.findall(body) if name not in PLACEHOLDERS})
