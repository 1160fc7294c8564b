"""Demo partner network for `rightsdesk demo`: four invented organisations, a partner user, and
two referrals a newcomer can follow from both sides.

Everything goes through the real services, so the demo's referrals are consented, sealed,
wrapped and audited exactly like real ones. The organisations are invented. Only for
RIGHTSDESK_DEMO=1 (the command checks). Safe to run again: nothing is made when the directory
already has entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from rightsdesk.accounts.models import User
from rightsdesk.cases.access import unlock_case
from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.services import CaseMetadata, case_submit
from rightsdesk.crypto import unlock_with_password
from rightsdesk.partners.models import Partner, PartnerMember
from rightsdesk.partners.services.directory import partner_save, vetting_record
from rightsdesk.partners.services.loop import partner_move
from rightsdesk.partners.services.referrals import consent_give, referral_draft
from rightsdesk.partners.vocabulary import ConsentChannel, State

ORGANISATIONS = (
    {
        "name": "Open Knowledge Legal Aid (demo)",
        "description": "Lawyers who defend contributors facing lawsuits, police summons or "
        "threats of prosecution for what they wrote.",
        "services": ["legal", "advocacy"],
        "languages": ["en", "es", "fr", "ar"],
        "worldwide": True,
        "serves": ["contributors", "journalists", "defenders"],
        "hours": "Monday to Friday, 09:00 to 18:00",
        "time_zone": "Europe/Berlin",
        "response_hours": 48,
        "capacity": 6,
        "website": "https://legal-aid.example.org/",
        "email": "intake@legal-aid.example.org",
        "public": True,
    },
    {
        "name": "Digital Shield Helpline (demo)",
        "description": "A help desk for account takeovers, surveillance and device checks, in "
        "Arabic, Persian and English.",
        "services": ["digital_security", "threat_monitoring"],
        "languages": ["ar", "fa", "en"],
        "regions": ["145", "015", "034"],
        "serves": ["contributors", "journalists", "defenders", "women", "lgbtq"],
        "hours": "Every day, around the clock",
        "time_zone": "UTC",
        "response_hours": 4,
        "capacity": 10,
        "website": "https://shield.example.org/",
        "signal": "+1 555 0100",
        "public": True,
    },
    {
        "name": "Listening Circle (demo)",
        "description": "Counselling and peer support groups for people under online attack.",
        "services": ["counselling", "support_group"],
        "languages": ["en", "es", "ru"],
        "worldwide": True,
        "serves": ["anyone"],
        "hours": "Tuesday and Thursday evenings",
        "time_zone": "America/Mexico_City",
        "response_hours": 72,
        "capacity": 4,
        "website": "https://circle.example.org/",
        "public": True,
    },
    {
        "name": "Safe Passage Network (demo)",
        "description": "Temporary relocation for people in immediate danger. Not listed "
        "publicly; its vetting has lapsed, so it receives no referral until renewed.",
        "services": ["relocation", "physical_security", "emergency_funds"],
        "languages": ["en", "ar", "my"],
        "regions": ["035", "145"],
        "serves": ["defenders", "journalists", "contributors"],
        "response_hours": 12,
        "capacity": 2,
        "public": False,
    },
)


@dataclass(frozen=True)
class DemoNetwork:
    partners: int
    receipt: str  # of the demo case whose referral waits for the volunteer's answer


def demo_partners(
    *, admin: User, handler: User, handler_password: str, partner_user: User, now: datetime
) -> DemoNetwork | None:
    """List the organisations, vet all but the last (whose vetting expired), make
    `partner_user` a user of the legal aid, and refer two invented cases: one waiting for the
    volunteer's consent (its receipt is returned, to try the inbox), one consented by phone and
    accepted by the partner, with an update. None when the directory is not empty."""
    if Partner.objects.exists():
        return None
    today = now.date()
    rows = []
    for values in ORGANISATIONS:
        partner = partner_save(
            actor=admin, values={**values, "capacity_confirmed_on": today}, notes=""
        )
        lapsed = partner.name.startswith("Safe Passage")
        vetting_record(
            actor=admin,
            partner=partner,
            vetted_on=today - timedelta(days=800 if lapsed else 30),
            expires_on=today - timedelta(days=35) if lapsed else today + timedelta(days=700),
            vouched_by="Two CiviCERT members (invented)",
            evidence="Met at the demo conference; references checked (invented).",
        )
        rows.append(partner)
    legal = rows[0]
    PartnerMember.objects.get_or_create(user=partner_user, defaults={"partner": legal})

    waiting = case_submit(
        report=ReportContent(
            narrative="A company sent me a letter saying it will sue me for the article I wrote "
            "about its factory. I do not know if I must answer or if I can be arrested.",
            contact="e-mail: volunteer@example.net",
            language="en",
        ),
        metadata=CaseMetadata(
            threat_types=["legal_threat"], rights=["expression"], country="", emergency=False
        ),
        prepared=(),
    )
    referral_draft(
        case=waiting.case,
        actor=handler,
        partner=legal,
        service="legal",
        pieces=["narrative", "threat_types"],
        purpose="Advice on whether to answer the company's letter, and how.",
        summary="",
        until=today + timedelta(days=60),
        now=now,
    )

    sent = case_submit(
        report=ReportContent(
            narrative="Someone logged into my e-mail from another country and changed my "
            "recovery phone. I think my wiki account is next.",
            contact="Signal, the number I gave at the meetup",
            language="en",
        ),
        metadata=CaseMetadata(
            threat_types=["account_compromise"], rights=["privacy"], country="", emergency=False
        ),
        prepared=(),
    )
    private = unlock_with_password(handler.keyring.bundle(), handler_password)
    case_key = unlock_case(sent.case, handler, private)
    referral = referral_draft(
        case=sent.case,
        actor=handler,
        partner=legal,
        service="legal",
        pieces=["narrative", "contact"],
        purpose="Whether to report the break-in to the police, and what the law says.",
        summary="",
        until=today + timedelta(days=90),
        now=now,
    )
    consent_give(
        referral=referral,
        case_key=case_key,
        pieces=["narrative", "contact"],
        language="en",
        now=now,
        channel=ConsentChannel.PHONE,
        recorded_by=handler,
    )
    partner_move(
        referral=referral,
        actor=partner_user,
        to_state=State.ACCEPTED,
        note="We will write to the volunteer on Signal today.",
        now=now,
        version=None,
    )
    return DemoNetwork(partners=len(rows), receipt=waiting.receipt)
