"""Demo casework for `rightsdesk demo`: a few invented reports a newcomer can work through.

Everything goes through the real services (intake, grants, links, rota), so the demo cases are
sealed, granted, indexed for search and audited exactly like real ones. The reports are invented;
no real person or account is named. Only for RIGHTSDESK_DEMO=1 (the command checks).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rightsdesk.accounts.models import User
from rightsdesk.cases.access import unlock_case
from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.grants import case_grant
from rightsdesk.cases.links.services import case_link
from rightsdesk.cases.models import Case, CaseLink, OnCallShift
from rightsdesk.cases.oncall.services import shift_add
from rightsdesk.cases.selectors import may_read
from rightsdesk.cases.services import CaseMetadata, case_submit, note_add
from rightsdesk.crypto import unlock_with_password

REPORTS = (
    (
        ReportContent(
            narrative="Two men came to my flat this morning asking for the person who edits the "
            "article about the election protests. My flatmate told them I was away. I am staying "
            "with a friend now.",
            contact="Signal, the number I gave at the meetup",
            actor_types=["government"],
            reasons=["controversial_topic"],
            since="today",
            ongoing="yes",
            language="en",
        ),
        CaseMetadata(
            threat_types=["offline_harassment"], rights=["security"], country="", emergency=True
        ),
    ),
    (
        ReportContent(
            narrative="A forum published my real name, my employer and a photo of my house next "
            "to my username, calling me a traitor for my edits on the minority language article.",
            actor_types=["extremist"],
            reasons=["personal_traits", "controversial_topic"],
            since="week",
            ongoing="yes",
            language="en",
        ),
        CaseMetadata(
            threat_types=["doxxing"], rights=["privacy", "security"], country="", emergency=False
        ),
    ),
    (
        ReportContent(
            narrative="Desde que revertí vandalismo en el artículo del alcalde recibo decenas de "
            "mensajes insultantes cada día en mi página de discusión y en redes sociales.",
            actor_types=["individual"],
            reasons=["maintenance"],
            since="month",
            ongoing="yes",
            language="es",
        ),
        CaseMetadata(
            threat_types=["online_harassment"],
            rights=["dignity", "expression"],
            country="",
            emergency=False,
        ),
    ),
    (
        ReportContent(
            narrative="نشرت صفحة على فيسبوك أكاذيب عني وتقول إنني أتلقى أموالاً لتعديل المقالات.",
            actor_types=["individual"],
            reasons=["criticism"],
            since="months",
            ongoing="no",
            language="ar",
        ),
        CaseMetadata(
            threat_types=["defamation"], rights=["reputation"], country="", emergency=False
        ),
    ),
)


def demo_casework(*, admin: User, handler: User, handler_password: str, now: datetime) -> int:
    """File the demo reports, share them with the admin, link two, and put both on the rota
    (with example.org mail addresses, so that pages reach the console).

    Does nothing when there are cases already (so it is safe to run again). `handler_password`
    unlocks the handler's key, as their sign-in would, to grant the admin access. Returns how
    many cases were filed.
    """
    if Case.objects.exists():
        return 0
    for person in (admin, handler):  # pages go by mail; the demo prints them to the console
        if not person.email:
            person.email = f"{person.username}@example.org"
            person.save(update_fields=["email"])
    # The rota first: the P1 among the reports pages whoever is on call when it arrives.
    start = now - timedelta(hours=1)
    shift_add(
        person=handler,
        role=OnCallShift.Role.ON_CALL,
        starts_at=start,
        ends_at=start + timedelta(days=7),
        actor=admin,
    )
    shift_add(
        person=admin,
        role=OnCallShift.Role.LEAD,
        starts_at=start,
        ends_at=start + timedelta(days=7),
        actor=admin,
    )
    cases = [
        case_submit(report=report, metadata=metadata, prepared=()).case
        for report, metadata in REPORTS
    ]
    private = unlock_with_password(handler.keyring.bundle(), handler_password)
    for case in cases:
        if may_read(admin, case):  # the P1's crisis already made the admin, its lead, a reader
            continue
        case_grant(
            case=case, grantee=admin, actor=handler, case_key=unlock_case(case, handler, private)
        )
    note_add(
        case=cases[1],
        author=handler,
        body="Asked the oversighters to suppress the revisions; waiting for the forum host.",
    )
    case_link(
        case=cases[1],
        other_number=cases[2].number,
        kind=CaseLink.Kind.SAME_WAVE,
        actor=handler,
    )
    return len(cases)
