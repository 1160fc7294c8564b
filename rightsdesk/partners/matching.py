"""Ranked matching: which partners fit a case's need, best first, each with the reasons.

Hard filters first (the service, the volunteer's language, their country or region, a vetting
valid today, capacity left, not marked "do not refer"); every partner that fails one is listed
apart with the reason, so a handler sees why an organisation they expected is missing. Then a
score in [0, 1]:

- response: committed response time, 1 / (1 + hours / 24); weighted more for P1 and P2 cases,
  where hours matter most;
- acceptance: accepted / answered referrals so far, with one accepted and one declined assumed
  (Laplace's rule), so a new partner starts at 0.5 rather than at 0 or 1;
- room: the share of its capacity still free.

The weights are published here and in docs/partners.md; the handler chooses, never the score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from rightsdesk.core.regions import regions_of
from rightsdesk.partners.models import Partner, Referral
from rightsdesk.partners.selectors import partners_with_load

WEIGHTS_URGENT = {"response": 0.6, "acceptance": 0.25, "room": 0.15}
WEIGHTS_NORMAL = {"response": 0.35, "acceptance": 0.4, "room": 0.25}
URGENT = frozenset({"P1", "P2"})


@dataclass(frozen=True)
class Proposal:
    partner: Partner
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Excluded:
    partner: Partner
    why: str


@dataclass(frozen=True)
class Match:
    proposals: list[Proposal]
    excluded: list[Excluded]


def _answered(partner_ids: list[int]) -> dict[int, tuple[int, int]]:
    rows = (
        Referral.objects.filter(partner_id__in=partner_ids)
        .values("partner_id")
        .annotate(
            accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
            declined=Count("pk", filter=Q(state="declined")),
        )
    )
    return {row["partner_id"]: (row["accepted"], row["declined"]) for row in rows}


def _serves_place(partner: Partner, country: str) -> str:
    """Why `partner` covers `country` ("" when it does not)."""
    if partner.worldwide:
        return _("works worldwide")
    if not country:
        return _("country not known: check with them")
    if country in partner.countries:
        return _("works in the volunteer's country")
    if set(regions_of(country)) & set(partner.regions):
        return _("works in the volunteer's region")
    return ""


def _exclusion(partner: Partner, service: str, language: str, country: str, today: date) -> str:
    """The first hard filter `partner` fails, in words; "" when it passes them all."""
    checks = (
        (partner.do_not_refer, _("marked “do not refer”")),
        (service not in partner.services, _("does not offer this service")),
        (not partner.vetting_valid_on(today), _("vetting expired or missing")),
        (
            bool(language and partner.languages and language not in partner.languages),
            _("does not work in the volunteer's language"),
        ),
        (
            not _serves_place(partner, country),
            _("does not work in the volunteer's country or region"),
        ),
        (getattr(partner, "load", 0) >= partner.capacity, _("no capacity left")),
    )
    return next((str(why) for failed, why in checks if failed), "")


def propose(*, service: str, language: str, country: str, priority: str, today: date) -> Match:
    """Partners for a need, ranked; `language` and `country` are the volunteer's (either may be
    empty when unknown). Two queries plus one for vettings."""
    partners = list(partners_with_load())
    answered = _answered([p.pk for p in partners])
    weights = WEIGHTS_URGENT if priority in URGENT else WEIGHTS_NORMAL
    proposals: list[Proposal] = []
    excluded: list[Excluded] = []
    for partner in partners:
        why = _exclusion(partner, service, language, country, today)
        if why:
            excluded.append(Excluded(partner=partner, why=why))
            continue
        accepted, declined = answered.get(partner.pk, (0, 0))
        load = getattr(partner, "load", 0)
        response = 1 / (1 + partner.response_hours / 24)
        acceptance = (accepted + 1) / (accepted + declined + 2)
        room = (partner.capacity - load) / partner.capacity if partner.capacity else 0.0
        score = (
            weights["response"] * response
            + weights["acceptance"] * acceptance
            + weights["room"] * room
        )
        reasons = [
            _serves_place(partner, country),
            _("answers within %(hours)d hours (committed)") % {"hours": partner.response_hours},
            _("accepted %(accepted)d of %(answered)d referrals so far")
            % {"accepted": accepted, "answered": accepted + declined},
            _("%(free)d of %(capacity)d places free")
            % {"free": partner.capacity - load, "capacity": partner.capacity},
        ]
        if language and language in partner.languages:
            reasons.insert(0, _("works in the volunteer's language"))
        proposals.append(Proposal(partner=partner, score=round(score, 3), reasons=reasons))
    proposals.sort(key=lambda p: (-p.score, p.partner.name))
    excluded.sort(key=lambda e: e.partner.name)
    return Match(proposals=proposals, excluded=excluded)
