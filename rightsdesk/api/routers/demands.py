"""The demand register: list, register, read, move and review (staff, through the demand gate).

Every demand goes through `access_demand`: one the token's user may not read (no
`handle_demands` permission, or no wrap of its key) answers the same 404 as a missing one. Input
is checked by the same forms as the pages, then the same services, so the published rules refuse
here exactly as there (a skipped state, compliance without a legal basis or without two
reviewers, a delay without reason or review date: 400 with the rule's own message).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from rightsdesk.accounts.models import User
from rightsdesk.api import shapes
from rightsdesk.api.auth import staff_of, staff_token
from rightsdesk.api.errors import errors, validated
from rightsdesk.api.parsing import In, Json, choices_of, doc
from rightsdesk.demands import rules
from rightsdesk.demands.access import access_demand, unlock_demand
from rightsdesk.demands.forms import DecideForm, DemandForm, MoveForm, ReviewForm
from rightsdesk.demands.models import Demand
from rightsdesk.demands.selectors import readable_demands
from rightsdesk.demands.services.common import DemandRefused, facts_of
from rightsdesk.demands.services.demands import DemandValues, demand_create, demand_open
from rightsdesk.demands.services.procedure import demand_decide, demand_move, review_record
from rightsdesk.demands.services.readers import demand_revoke

router = Router(tags=["demands"], auth=staff_token, by_alias=True)
D = "/demands/{uid}"


class DemandSummary(shapes.Out):
    id: str
    requester_kind: str
    country: str
    instrument: str
    channel: str
    received_on: str
    deadline: str | None
    asks: list[str]
    state: str
    decision: str
    gag_order: bool
    notify: str
    user_notified: bool
    review_owed: bool


class DemandList(shapes.Out):
    demands: list[DemandSummary]


class DemandDetail(shapes.Out):
    demand: DemandSummary
    requester_name: str
    laws: str
    summary: str
    accounts: list[str]
    pages: list[str]
    cases: list[str]
    review: dict[str, dict[str, str]]
    next_moves: list[str]
    may_decide: bool
    rules_version: int


class DemandIn(In):
    requester_kind: str = doc(enum=choices_of(DemandForm, "requester_kind"))
    requester_name: str = doc("", maxLength=300, description="sealed")
    country: str = doc(pattern="^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    instrument: str = doc(enum=choices_of(DemandForm, "instrument"))
    channel: str = doc(enum=choices_of(DemandForm, "channel"))
    sent_on: str = doc("", format="date")
    received_on: str = doc(format="date")
    deadline: str = doc("", format="date")
    gag_order: bool = False
    gag_until: str = doc("", format="date")
    asks: list[str] = doc(minItems=1, items={"enum": choices_of(DemandForm, "asks")})
    laws: str = doc("", maxLength=2000, description="sealed")
    reference: str = doc("", maxLength=200, description="sealed")
    summary: str = doc("", maxLength=4000, description="sealed")
    text: str = doc("", maxLength=20000, description="sealed")
    accounts: list[str] = doc([], description="sealed")
    pages: list[str] = doc([], description="sealed")
    cases: list[str] = doc([], description="sealed")


class MoveIn(In):
    to: str = doc(description='a state, or "decided" with `decision`')
    decision: str = doc("", enum=["", *choices_of(DecideForm, "decision")])
    note: str = doc("", maxLength=4000, description="sealed")
    affected: int | None = doc(None, minimum=0, maximum=100000)
    version: int | None = None


class ReviewIn(In):
    item: str = doc(enum=choices_of(ReviewForm, "item"))
    verdict: str = doc(enum=choices_of(ReviewForm, "verdict"))
    note: str = doc(minLength=1, maxLength=4000, description="sealed")


def summary_of(d: Demand) -> DemandSummary:
    return DemandSummary(
        id=str(d.uid),
        requester_kind=d.requester_kind,
        country=d.country,
        instrument=d.instrument,
        channel=d.channel,
        received_on=d.received_on.isoformat(),
        deadline=d.deadline.isoformat() if d.deadline else None,
        asks=list(d.asks),
        state=d.state,
        decision=d.decision,
        gag_order=d.gag_order,
        notify=d.notify,
        user_notified=d.user_notified_at is not None,
        review_owed=d.fast_path and d.emergency_reviewed_at is None,
    )


@router.get(
    "/demands",
    response={200: DemandList, **errors(401)},
    operation_id="demandList",
    summary="The demands you may read: clear metadata only",
)
def demand_list(request: HttpRequest) -> DemandList:
    return DemandList(demands=[summary_of(d) for d in readable_demands(staff_of(request).user)])


@router.post(
    "/demands",
    response={201: shapes.Created, **errors(400, 401, 415)},
    operation_id="demandCreate",
    summary="Register a demand; what you type is sealed to the people who handle demands",
)
def demand_register(
    request: HttpRequest, body: Annotated[DemandIn, Json()]
) -> Status[shapes.Created]:
    staff = staff_of(request)
    data: dict[str, Any] = body.model_dump()
    for name in ("accounts", "pages"):
        data[name] = "\n".join(data[name])
    data["cases"] = " ".join(data["cases"])
    form = validated(DemandForm(data))
    made = demand_create(
        actor=staff.user, values=DemandValues(**form.cleaned_data), now=timezone.now()
    )
    return Status(201, shapes.Created(id=str(made.uid)))


def _detail(request: HttpRequest, uid: str) -> DemandDetail:
    staff = staff_of(request)
    found = access_demand(staff.user, uid)
    key = unlock_demand(found, staff.user, staff.key)
    opened = demand_open(demand=found, key=key, actor=staff.user)
    facts = facts_of(found)
    text = opened.text
    return DemandDetail(
        demand=summary_of(found),
        requester_name=str(text.get("requester_name", "")),
        laws=str(text.get("laws", "")),
        summary=str(text.get("summary", "")),
        accounts=list(text.get("accounts", [])),
        pages=list(text.get("pages", [])),
        cases=list(text.get("cases", [])),
        review={
            item: {"verdict": r["verdict"], "note": str(r["note"])}
            for item, r in opened.review.items()
        },
        next_moves=rules.next_moves(facts),
        may_decide=rules.may_decide(facts),
        rules_version=rules.RULES_VERSION,
    )


@router.get(
    D,
    response={200: DemandDetail, **errors(401, 404)},
    operation_id="demandDetail",
    summary="One demand, decrypted with your key (audited), and what the rules allow next",
)
def demand_detail(request: HttpRequest, uid: str) -> DemandDetail:
    return _detail(request, uid)


@router.post(
    f"{D}/move",
    response={200: DemandDetail, **errors(400, 401, 404, 409, 415)},
    operation_id="demandMove",
    summary='Move one published step, or decide (to "decided" with a decision)',
)
def demand_step(request: HttpRequest, uid: str, body: Annotated[MoveIn, Json()]) -> DemandDetail:
    staff = staff_of(request)
    found = access_demand(staff.user, uid)
    data = body.model_dump()
    now = timezone.now()
    if data["to"] == "decided":
        decided = validated(DecideForm({k: data[k] for k in ("decision", "note", "version")
                                        if data[k] is not None}))  # fmt: skip
        demand_decide(demand=found, actor=staff.user, now=now, **decided.cleaned_data)
    else:
        raw = {k: v for k, v in data.items() if k != "decision" and v is not None}
        form = validated(MoveForm(raw))
        demand_move(demand=found, actor=staff.user, now=now, **form.cleaned_data)
    return _detail(request, uid)


@router.post(
    f"{D}/review",
    response={200: DemandDetail, **errors(400, 401, 404, 415)},
    operation_id="demandReview",
    summary="Record one item of the legal checklist with the reviewer's note (sealed)",
)
def demand_review(
    request: HttpRequest, uid: str, body: Annotated[ReviewIn, Json()]
) -> DemandDetail:
    staff = staff_of(request)
    found = access_demand(staff.user, uid)
    form = validated(ReviewForm(body.model_dump()))
    review_record(demand=found, actor=staff.user, now=timezone.now(), **form.cleaned_data)
    return _detail(request, uid)


@router.delete(
    f"{D}/readers/{{username}}",
    response={204: None, **errors(400, 401, 404)},
    operation_id="demandRevoke",
    summary="Take a reader's access away: their key wrap is deleted (never the registrant's or "
    "the last one)",
)
def demand_reader_remove(request: HttpRequest, uid: str, username: str) -> Status[None]:
    staff = staff_of(request)
    found = access_demand(staff.user, uid)
    reader = User.objects.filter(username=username).first()
    if reader is None:
        raise DemandRefused(_("This person has no access to revoke."))
    demand_revoke(demand=found, actor=staff.user, reader=reader)
    return Status(204, None)
