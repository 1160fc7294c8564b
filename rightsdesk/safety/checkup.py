"""The safety checkup: questions a contributor answers about themselves, and the plan they give.

Nothing is stored: the answers arrive in one POST and the plan is rendered from them. Each
risky answer adds a step with an urgency (1 most urgent) and the module that teaches it; the
plan lists the most urgent first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

YES, NO, UNSURE = "yes", "no", "unsure"
CHOICES = ((YES, _("Yes")), (NO, _("No")), (UNSURE, _("I am not sure")))


@dataclass(frozen=True)
class Check:
    name: str
    question: Promise
    risky: tuple[str, ...]  # answers that call for the step
    urgency: int
    step: Promise
    module: str


CHECKS: tuple[Check, ...] = (
    Check(
        "real_name",
        _("Is your username your real name, or easy to link to it?"),
        (YES, UNSURE),
        1,
        _(
            "Your username can lead to you. For risky topics, use a separate account with a "
            "name you use nowhere else."
        ),
        "safe-editing",
    ),
    Check(
        "user_page",
        _("Does your user page show a photo of you or personal details (city, school, work)?"),
        (YES, UNSURE),
        1,
        _(
            "Remove photos and personal details from your user page; ask for old versions "
            "to be hidden."
        ),
        "doxxing",
    ),
    Check(
        "risky_place",
        _("Do you edit from a country or place where your topics could get you into trouble?"),
        (YES, UNSURE),
        2,
        _(
            "Plan your editing on risky topics: who might care, what they can do, how they "
            "could find you."
        ),
        "safe-editing",
    ),
    Check(
        "reuse",
        _("Do you use the same password on more than one account?"),
        (YES, UNSURE),
        1,
        _("Give every account its own password, starting with e-mail and the wiki."),
        "passwords",
    ),
    Check(
        "manager",
        _("Do you use a password manager?"),
        (NO, UNSURE),
        3,
        _("Use a password manager so that unique passwords are easy."),
        "passwords",
    ),
    Check(
        "wiki_2fa",
        _("Is two-factor login turned on for your wiki account?"),
        (NO, UNSURE),
        2,
        _("Turn on two-factor login for your wiki account and keep the recovery codes on paper."),
        "passwords",
    ),
    Check(
        "mail_2fa",
        _("Is two-factor login turned on for your e-mail account?"),
        (NO, UNSURE),
        1,
        _("Turn on two-factor login for your e-mail: it can reset every other account."),
        "passwords",
    ),
    Check(
        "device_encryption",
        _("Are your phone and computer encrypted, with a passcode?"),
        (NO, UNSURE),
        2,
        _("Turn on device encryption and a passcode on your phone and computer."),
        "digital-hygiene",
    ),
    Check(
        "updates",
        _("Do you install system and app updates soon after they arrive?"),
        (NO, UNSURE),
        2,
        _("Install updates promptly; turn on automatic updates."),
        "digital-hygiene",
    ),
    Check(
        "vpn_tor",
        _("When editing risky topics, do you use Tor Browser or a trustworthy VPN?"),
        (NO, UNSURE),
        2,
        _("Use Tor Browser or a VPN you trust when your connection could reveal you."),
        "vpn-tor",
    ),
    Check(
        "social",
        _("Is your wiki account linked to your social media, or the other way round?"),
        (YES, UNSURE),
        2,
        _("Remove links between your wiki account and social media tied to your name."),
        "doxxing",
    ),
    Check(
        "photo_location",
        _("Do you upload photos without removing location data?"),
        (YES, UNSURE),
        2,
        _("Remove location data from photos before uploading them."),
        "doxxing",
    ),
    Check(
        "hours",
        _("Do you edit at regular hours that could reveal your time zone?"),
        (YES, UNSURE),
        3,
        _("Vary your editing hours on risky topics, or accept that they hint at where you live."),
        "safe-editing",
    ),
    Check(
        "e2ee",
        _("Do you talk about sensitive matters in apps with end-to-end encryption?"),
        (NO, UNSURE),
        2,
        _(
            "Move sensitive conversations to an app with end-to-end encryption and "
            "disappearing messages."
        ),
        "end-to-end-encryption",
    ),
    Check(
        "phishing",
        _("Do you sign in through links you receive in messages?"),
        (YES, UNSURE),
        2,
        _("Never sign in through a link in a message: type the address yourself."),
        "social-engineering",
    ),
)


@dataclass(frozen=True)
class PlanStep:
    urgency: int
    text: Promise
    module: str


def plan(answers: Mapping[str, str]) -> list[PlanStep]:
    """The steps the answers call for, most urgent first.

    A missing or unknown answer is treated as "not sure": the step is shown, never skipped.
    """
    steps = [
        PlanStep(check.urgency, check.step, check.module)
        for check in CHECKS
        if answers.get(check.name, UNSURE) in check.risky
        or (answers.get(check.name) not in (YES, NO, UNSURE) and UNSURE in check.risky)
    ]
    steps.sort(key=lambda s: s.urgency)
    return steps
