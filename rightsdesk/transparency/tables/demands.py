"""Tables of government demands, from a demand's clear codes only (docs/security/crypto.md,
"Government demands"): the day received, the instrument, what was asked, the requester's kind
and country, the decision, and the counts of accounts named, affected and notified. Never a
requester's name, an account, or anything a demand says."""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from rightsdesk.demands.models import Demand
from rightsdesk.demands.vocabulary import Ask, Decision, Instrument, RequesterKind
from rightsdesk.transparency.disclosure import CountTable, LinkSpec, SumSpec, label_name
from rightsdesk.transparency.tables import TableDef
from rightsdesk.transparency.tables.casework import quarter_of, quarters_of

PENDING = "pending"
RESULTS = [*Decision.values, PENDING]
AFFECTED, SPARED = "affected", "not_affected"
NOTIFIED, UNNOTIFIED = "notified", "not_notified"
UNKNOWN = "unknown"


def _received(start: date, end: date):  # type: ignore[no-untyped-def]
    return Demand.objects.filter(received_on__gte=start, received_on__lt=end)


def _by_result(name: str, field: str, rows: list[str], start: date, end: date) -> CountTable:
    counts = {row: dict.fromkeys(RESULTS, 0) for row in rows}
    for row, decision in _received(start, end).values_list(field, "decision"):
        if row in counts:
            counts[row][decision or PENDING] += 1
    return CountTable.two(name, rows, RESULTS, [[counts[r][c] for c in RESULTS] for r in rows])


USER_DATA = frozenset({Ask.DATA_NON_CONTENT, Ask.DATA_CONTENT})
# the Wikimedia report's "information produced": all, partly, none (and not decided yet)
PRODUCED = {Decision.COMPLY: "produced_all", Decision.PARTLY: "produced_partly",
            Decision.REFUSE: "produced_none"}  # fmt: skip
PRODUCED_COLS = [*PRODUCED.values(), PENDING]


def _by_instrument(name: str, start: date, end: date, *, user_data: bool) -> CountTable:
    """Demands by instrument and what was produced or done: those that asked for user data
    (`user_data`), or the others (content changes or removals only). The two are disjoint, so
    no table is the other minus something (their grand totals add up to all demands: a `Sum`
    link)."""
    rows = list(Instrument.values)
    counts = {row: dict.fromkeys(PRODUCED_COLS, 0) for row in rows}
    for instrument, asks, decision in _received(start, end).values_list(
        "instrument", "asks", "decision"
    ):
        if instrument in counts and bool(USER_DATA & set(asks or ())) == user_data:
            counts[instrument][PRODUCED.get(decision, PENDING)] += 1
    return CountTable.two(
        name, rows, PRODUCED_COLS, [[counts[r][c] for c in PRODUCED_COLS] for r in rows]
    )


def user_data_requests(start: date, end: date) -> CountTable:
    return _by_instrument("demand_user_data", start, end, user_data=True)


def content_requests(start: date, end: date) -> CountTable:
    return _by_instrument("demand_content", start, end, user_data=False)


def by_requester(start: date, end: date) -> CountTable:
    return _by_result("demand_requesters", "requester_kind", list(RequesterKind.values), start, end)


def by_ask(start: date, end: date) -> CountTable:
    """Each demand counts once under every kind of thing it asked for (user data, content
    changes or removals; a demand may ask several)."""
    rows = list(Ask.values)
    counts = {row: dict.fromkeys(RESULTS, 0) for row in rows}
    for asks, decision in _received(start, end).values_list("asks", "decision"):
        for ask in set(asks or ()):
            if ask in counts:
                counts[ask][decision or PENDING] += 1
    return CountTable.two(
        "demand_asks", rows, RESULTS, [[counts[r][c] for c in RESULTS] for r in rows]
    )


def by_country(start: date, end: date) -> CountTable:
    """Rows: the countries demands came from (the rules fold small ones into their region)."""
    found = dict(
        _received(start, end)
        .values_list("country")
        .annotate(n=Count("id"))
        .values_list("country", "n")
    )
    pairs = sorted((code or UNKNOWN, n) for code, n in found.items())
    return CountTable.one("demand_regions", pairs or [(UNKNOWN, 0)])


def accounts_affected(start: date, end: date) -> CountTable:
    """The accounts the demands named, split into those actually affected (data produced or
    content changed) and the others, by instrument: the named count is the row's total."""
    rows = list(Instrument.values)
    counts = {row: {AFFECTED: 0, SPARED: 0} for row in rows}
    for instrument, named, affected in _received(start, end).values_list(
        "instrument", "accounts_named", "accounts_affected"
    ):
        if instrument in counts:
            hit = min(affected, named)
            counts[instrument][AFFECTED] += hit
            counts[instrument][SPARED] += named - hit
    cols = [AFFECTED, SPARED]
    return CountTable.two(
        "demand_accounts", rows, cols, [[counts[r][c] for c in cols] for r in rows]
    )


def accounts_notified(start: date, end: date) -> CountTable:
    """Of the accounts actually affected, those whose holder was notified, by instrument."""
    rows = list(Instrument.values)
    counts = {row: {NOTIFIED: 0, UNNOTIFIED: 0} for row in rows}
    for instrument, named, affected_at_most, notified in _received(start, end).values_list(
        "instrument", "accounts_named", "accounts_affected", "accounts_notified"
    ):
        if instrument in counts:
            affected = min(affected_at_most, named)  # as `accounts_affected` counts it (linked)
            told = min(notified, affected)
            counts[instrument][NOTIFIED] += told
            counts[instrument][UNNOTIFIED] += affected - told
    cols = [NOTIFIED, UNNOTIFIED]
    return CountTable.two(
        "demand_notified", rows, cols, [[counts[r][c] for c in cols] for r in rows]
    )


def by_quarter(start: date, end: date) -> CountTable:
    """The board's trend of requests for user data: by instrument in each quarter of the window
    (each demand in one cell: its instrument, the quarter it was received). Its rows are the
    rows of `demand_user_data` (linked)."""
    rows, quarters = list(Instrument.values), quarters_of(start, end)
    counts = {row: dict.fromkeys(quarters, 0) for row in rows}
    for instrument, asks, received in _received(start, end).values_list(
        "instrument", "asks", "received_on"
    ):
        key = quarter_of(received)
        if not USER_DATA & set(asks or ()):
            continue
        if instrument in counts and key in counts[instrument]:
            counts[instrument][key] += 1
    return CountTable.two(
        "demand_trend", rows, quarters, [[counts[r][q] for q in quarters] for r in rows]
    )


_OWN = {
    PENDING: _("Not decided yet"),
    "produced_all": _("Information produced: all"),
    "produced_partly": _("Information produced: partly"),
    "produced_none": _("Information produced: none"),
    AFFECTED: _("Actually affected"),
    SPARED: _("Not affected"),
    NOTIFIED: _("Notified"),
    UNNOTIFIED: _("Not notified"),
    UNKNOWN: _("Country not known"),
}


def _names(key: str) -> str:
    if key in _OWN:
        return str(_OWN[key])
    for choices in (Instrument.choices, RequesterKind.choices, Ask.choices, Decision.choices):
        found = dict(choices).get(key)
        if found is not None:
            return str(found)
    return label_name(key)


def tables() -> list[TableDef]:
    return [
        TableDef(
            "demand_user_data",
            _("Requests for user data, by instrument and information produced"),
            _("Instrument"),
            _("Information produced"),
            user_data_requests,
            names=_names,
            wikimedia="user_data_requests",
        ),
        TableDef(
            "demand_content",
            _("Demands for content changes or removals only, by instrument and result"),
            _("Instrument"),
            _("Result"),
            content_requests,
            names=_names,
            wikimedia="content_alteration_requests",
        ),
        TableDef(
            "demand_asks",
            _("Demands, by what was asked for and result"),
            _("Asked for"),
            _("Result"),
            by_ask,
            names=_names,
        ),
        TableDef(
            "demand_requesters",
            _("Demands, by who asked and result"),
            _("Requester"),
            _("Result"),
            by_requester,
            names=_names,
            links=(SumSpec("demand_requesters", ("demand_user_data", "demand_content")),),
        ),
        TableDef(
            "demand_regions",
            _("Demands, by the requester's country or region"),
            _("Country or region"),
            _("Demands"),
            by_country,
            names=_names,
            countries=True,
            wikimedia="requests_by_country",
            links=(
                SumSpec("demand_regions", ("demand_user_data", "demand_content")),
                LinkSpec("demand_regions", "grand", "demand_requesters", "grand"),
            ),
        ),
        TableDef(
            "demand_accounts",
            _("Accounts named in demands, and how many were actually affected"),
            _("Instrument"),
            _("Accounts"),
            accounts_affected,
            names=_names,
            wikimedia="user_accounts",
        ),
        TableDef(
            "demand_notified",
            _("Accounts actually affected, and how many holders were notified"),
            _("Instrument"),
            _("Accounts"),
            accounts_notified,
            names=_names,
            wikimedia="user_accounts",
            links=(LinkSpec("demand_notified", "rows", "demand_accounts", "col:affected"),),
        ),
        TableDef(
            "demand_trend",
            _("Requests for user data by instrument, quarter by quarter"),
            _("Instrument"),
            _("Quarter"),
            by_quarter,
            names=_names,
            audiences=("board",),
            trend=True,
            links=(LinkSpec("demand_trend", "rows", "demand_user_data", "rows"),),
        ),
    ]
