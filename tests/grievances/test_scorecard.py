"""The scorecard against fixtures whose answers were worked out by hand (see each comment)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.db import transaction

from rightsdesk.grievances.content import Filing
from rightsdesk.grievances.filing import FilingMetadata, grievance_file
from rightsdesk.grievances.follow import post_message
from rightsdesk.grievances.models import Grievance, GrievanceMessage
from rightsdesk.grievances.scorecard import Ratio, kept_informed, scorecard
from rightsdesk.grievances.services import grievance_learning, grievance_move, grievance_reply
from rightsdesk.grievances.stages import Move
from tests.factories import StaffAccount


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


def filed(day: str, *, language: str, contact: str = "") -> Grievance:
    return grievance_file(
        filing=Filing(what_happened="Something went wrong.", contact=contact),
        metadata=FilingMetadata(category="content", concerns="project", language=language),
        uploads=[],
        keep_uncleaned=False,
        now=at(day),
    ).grievance


def moved(grievance: Grievance, actor: StaffAccount, day: str, target: str, **more: str) -> None:
    grievance.refresh_from_db()
    grievance_move(
        grievance=grievance,
        move=Move(target, more.get("outcome", ""), more.get("reason", "")),
        from_stage=grievance.stage,
        actor=actor.user,
        now=at(day),
    )


def test_the_scorecard_of_november(gina: StaffAccount) -> None:
    # A: filed 2 Nov, anonymous, English. "Received" is due 4 Nov (2 days from midnight):
    # acknowledged 3 Nov, on time; "acknowledged" is then due 8 Nov: eligibility 20 Nov, late.
    a = filed("2026-11-02", language="en")
    moved(a, gina, "2026-11-03", "acknowledged")
    moved(a, gina, "2026-11-20", "eligibility")
    grievance_learning(
        grievance=a, actor=gina.user, partner_advice=True, learning="risk", learning_ref="RISK-7"
    )
    # The person's own message on 12 Nov is not an update *to* them: A waits 3 -> 20 Nov
    # (17 days > 14) and is not "kept informed".
    with transaction.atomic():
        post_message(grievance=a, body="Any news?", author=None, direction="person")
    GrievanceMessage.objects.filter(grievance=a).update(created_on=date(2026, 11, 12))
    # B: filed 10 Nov with a contact, Arabic; moved 11, 12 and closed (declined) 14 Nov, every
    # stage on time; rated 2 of 5 at closing.
    b = filed("2026-11-10", language="ar", contact="b@example.org")
    moved(b, gina, "2026-11-11", "acknowledged")
    moved(b, gina, "2026-11-12", "eligibility")
    moved(b, gina, "2026-11-14", "closed", outcome="declined", reason="Not ours to decide.")
    Grievance.objects.filter(pk=b.pk).update(satisfaction=2)
    # C: filed in October (not in the population), acknowledged late on 5 Nov: counts only for
    # predictability, which counts the stages that *ended* in the period.
    c = filed("2026-10-20", language="fr")
    moved(c, gina, "2026-11-05", "acknowledged")
    # D: filed 25 Nov, anonymous, Arabic, nothing since: 6 days to the end of the period.
    filed("2026-11-25", language="ar")
    # A handler's message to C in November changes nothing for the November population.
    grievance_reply(grievance=c, body="We are on it.", actor=gina.user)

    card = scorecard(date(2026, 11, 1), date(2026, 12, 1))

    assert card.filed == 3  # A, B, D
    assert card.channels == {"web": 3}
    assert card.languages == {"en": 1, "ar": 2}
    assert card.anonymous == Ratio(2, 3)  # A, D
    assert card.on_time == Ratio(4, 6)  # A: 1 of 2, B: 3 of 3, C: 0 of 1
    assert card.updated == Ratio(2, 3)  # B and D; not A
    assert card.partner_advice == Ratio(1, 3)
    assert card.outcomes == {"declined": 1}
    assert card.learning == Ratio(1, 3)
    assert card.rated == 1
    assert card.satisfied == Ratio(0, 1)
    assert card.mean_rating == 2.0
    assert card.remedies == {}
    assert card.on_time.percent == 67


def test_an_empty_period_has_no_percentages(db: None) -> None:
    card = scorecard(date(2020, 1, 1), date(2020, 2, 1))
    assert card.filed == 0
    assert card.anonymous.percent is None
    assert card.mean_rating is None


def test_kept_informed_counts_the_wait_to_the_end() -> None:
    grievance = Grievance(filed_on=date(2026, 11, 1), closed_at=None)
    end = date(2026, 12, 1)
    assert kept_informed(grievance, [date(2026, 11, 15), date(2026, 11, 29)], end, 14)
    assert not kept_informed(grievance, [date(2026, 11, 15)], end, 14)  # 16 days to the end
    assert not kept_informed(grievance, [], end, 14)
    grievance.closed_at = at("2026-11-10")
    assert kept_informed(grievance, [], end, 14)  # closed after 9 days
