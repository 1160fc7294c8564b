"""Writes of releases: draft, approve, withdraw (docs/transparency.md, "Releases").

Every published number passes here: each table definition counts its pillar's clear metadata
for the period, the rules coarsen, protect (with the previous approved release of the same
audience: its pattern, and the difference check when this release counts all it did) and gate
(`check`) it, and the result is frozen into the release. Drafting publishes nothing; another
staff member with the admin role or the `publish_transparency` permission approves, and the
gate runs again then against whatever release was approved in between. Audited here.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.accounts.policy import AdminOnly, is_admin
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.transparency.disclosure import (
    BOARD,
    PUBLIC,
    Cell,
    CountTable,
    Merge,
    Protected,
    RuleSet,
    check,
    members,
    protect,
    protect_linked,
    resolve,
    roll_up_countries,
    roll_up_months,
)
from rightsdesk.transparency.drafting import (
    ReleaseRefused,
    describe,
    new_slug,
    noisy_choice,
    seal_examples,
)
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.presentation import note_record
from rightsdesk.transparency.selectors import previous_release
from rightsdesk.transparency.snapshots import (
    Period,
    folded,
    pad,
    parse_period,
    protected_json,
    protected_of,
    published_json,
    reshape,
    table_of,
    union,
)
from rightsdesk.transparency.tables import TableDef, definition_hash, registry, tables_for
from rightsdesk.transparency.trends import (
    budget_year,
    draw,
    is_noisy,
    noisy_published,
    noisy_snapshot,
)

__all__ = [
    "EXAMPLES_MAX",
    "ReleaseConflict",
    "ReleaseRefused",
    "difference_check",
    "may_publish",
    "protect_table",
    "release_approve",
    "release_draft",
    "release_withdraw",
]

EXAMPLES_MAX = 5000
RULES = {"public": PUBLIC, "board": BOARD}


class ReleaseConflict(ReleaseRefused):
    """An approval or withdrawal the release's state or its drafter rules out; nothing changed."""

    status = 409


def may_publish(user: User) -> bool:
    """Approve and withdraw: an active admin, or a team member given `publish_transparency`."""
    return is_admin(user) or (
        user.is_active and user.is_team and user.has_perm("transparency.publish_transparency")
    )


def _require_publisher(user: User) -> None:
    if not may_publish(user):
        raise AdminOnly(
            _("Only an admin, or someone allowed to publish transparency reports, may do this.")
        )


def _grows(release_period: Period, earlier: Release | None) -> bool:
    """This release counts everything the earlier one did (the same period again, or a longer
    one containing it): a reader may subtract the two."""
    return (
        earlier is not None
        and release_period.start <= earlier.start
        and earlier.end <= release_period.end
    )


def _earlier_table(earlier: Release | None, name: str, rules: RuleSet) -> dict[str, Any] | None:
    if earlier is None:
        return None
    data: dict[str, Any] | None = earlier.snapshot.get("tables", {}).get(name)
    if data is None or earlier.snapshot.get("hashes", {}).get(name) != _hash_of(name):
        return None  # another counting: the two are not compared
    if is_noisy(data):
        return None  # noisy, not suppressed: no pattern to keep, nothing exact to subtract
    return data


def _hash_of(name: str) -> str:
    definition = registry().get(name)
    return definition_hash([definition]) if definition is not None else ""


def _aligned(protected: Protected, earlier: Protected) -> tuple[Protected, Protected]:
    rows = union(protected.table.rows, earlier.table.rows)
    cols = union(protected.table.cols, earlier.table.cols)
    return reshape(protected, rows, cols), reshape(earlier, rows, cols)


def protect_table(
    definition: TableDef,
    period: Period,
    rules: RuleSet,
    *,
    earlier: dict[str, Any] | None,
    grows: bool,
    raw: CountTable | None = None,
    keep: AbstractSet[Cell] = frozenset(),
    withhold: AbstractSet[Cell] = frozenset(),
) -> tuple[Protected, dict[str, Any]]:
    """One table counted (unless `raw` is given), coarsened, protected and gated; with its
    staff-only record. `keep`, `withhold`: what linked tables suppressed (`protect_linked`)."""
    if raw is None:
        raw = definition.count(period.start, period.end)
    table: CountTable = raw
    merges: tuple[Merge, ...] = ()
    before = protected_of(definition.name, earlier, rules) if earlier is not None else None
    if definition.countries:
        if grows and earlier is not None:
            table = pad(table, table_of(definition.name, earlier["raw"]).rows)
        coarse = roll_up_countries(table, rules, also=folded(earlier or {}))
        table, merges = coarse.table, coarse.merges
    if definition.months:
        coarse = roll_up_months(table, rules)
        table, merges = coarse.table, (*merges, *coarse.merges)
    together = False
    if grows and before is not None and set(before.table.cols) <= set(table.cols):
        table = pad(table, union(table.rows, before.table.rows))
        aligned = reshape(before, table.rows, table.cols)
        together = _covers(table, aligned.table)
        if together:
            before = aligned
    result = protect(table, rules, earlier=before, grows=together, keep=keep, withhold=withhold)
    check(result, earlier=before, grows=together)
    return result, protected_json(result, raw, merges)


def _covers(new: CountTable, old: CountTable) -> bool:
    """Every count of `new` is at least the same count of `old`: the new release counts all the
    earlier did and more, so their difference is a count of what happened in between (audited
    together). A correction that removed something is not a growth; only the pattern is kept."""
    return all(
        n >= o
        for line, old_line in zip(new.counts, old.counts, strict=True)
        for n, o in zip(line, old_line, strict=True)
    )


def _protect_all(
    definitions: list[TableDef],
    period: Period,
    rules: RuleSet,
    earlier: Release | None,
    grows: bool,
) -> dict[str, tuple[Protected, dict[str, Any]]]:
    """Every table protected, alone and then with the tables it shares numbers with
    (`TableDef.links`, `disclosure.protect_linked`: one status for a shared number, the linked
    set audited together). Counted once each."""
    by_name = {d.name: d for d in definitions}
    raws = {d.name: d.count(period.start, period.end) for d in definitions}
    done: dict[str, tuple[Protected, dict[str, Any]]] = {}

    def one(name: str, keep: AbstractSet[Cell], withhold: AbstractSet[Cell]) -> Protected:
        definition = by_name[name]
        before = _earlier_table(earlier, name, rules)
        done[name] = protect_table(definition, period, rules, earlier=before, grows=grows,
                                   raw=raws[name], keep=keep, withhold=withhold)  # fmt: skip
        return done[name][0]

    for definition in definitions:
        one(definition.name, frozenset(), frozenset())
    specs = [spec for d in definitions for spec in d.links]
    tables = {name: result.table for name, (result, _record) in done.items()}
    links = resolve(specs, tables)
    if links:
        linked = {name for link in links for name, _cell in members(link)}
        ordered = {d.name: tables[d.name] for d in definitions if d.name in linked}
        protect_linked(ordered, links, rules, protect_one=one)
    return done


def release_draft(  # who, what, when, and the two optional modes
    *,
    actor: User,
    audience: str,
    period: str,
    examples: str = "",
    noisy: dict[str, Decimal] | None = None,
    now: datetime,
) -> Release:
    """Count, protect and freeze every table of `audience` for `period`; nothing is public
    until another person approves. Raises `DisclosureRefused` (table and cell named) when a
    table fails the gate, `ReleaseRefused` on a bad period or examples.

    `noisy`: trend tables (by name) to draw with differential privacy instead of suppressing,
    each with its epsilon, spent from the ledger of the year the period ends in
    (`trends.draw`, inside the transaction: `BudgetRefused` when the budget cannot cover it, and
    then nothing is written, neither the spend nor the release)."""
    if audience not in RULES:
        raise ReleaseRefused(_("Choose the public report or the board pack."))
    found = parse_period(audience, period)
    if found is None:
        raise ReleaseRefused(
            _("Give the period as a half-year, such as 2026-H1.")
            if audience == "public"
            else _("Give the last quarter of the four, such as 2026-Q3.")
        )
    examples = examples.strip()
    if audience != "board" and examples:
        raise ReleaseRefused(_("Only the board pack has examples written by staff."))
    if len(examples) > EXAMPLES_MAX:
        raise ReleaseRefused(_("The examples are at most 5000 characters."))
    rules = RULES[audience]
    definitions = tables_for(audience)
    chosen = noisy_choice(definitions, noisy)
    earlier = previous_release(audience, found.start)
    grows = _grows(found, earlier)
    snapshot: dict[str, Any] = {"tables": {}, "hashes": {}}
    published: dict[str, Any] = {"tables": []}
    protected = _protect_all(
        [d for d in definitions if d.name not in chosen], found, rules, earlier, grows
    )
    for definition in definitions:
        snapshot["hashes"][definition.name] = definition_hash([definition])
        if definition.name in chosen:
            published["tables"].append({"name": definition.name})  # drawn below
            continue
        result, record = protected[definition.name]
        snapshot["tables"][definition.name] = record
        entry = published_json(result)
        describe(entry, definition, result.table)
        published["tables"].append(entry)
    with transaction.atomic():
        spends = []
        for entry in published["tables"]:
            if entry["name"] not in chosen:
                continue
            definition = registry()[entry["name"]]
            drawn = draw(
                definition.count(found.start, found.end),
                actor=actor,
                year=budget_year(found),
                epsilon=chosen[definition.name],
                now=now,
            )
            spends.append(drawn.spend)
            snapshot["tables"][definition.name] = noisy_snapshot(drawn)
            entry.update(noisy_published(drawn))
            describe(entry, definition, drawn.table)
        # the snapshot in the definitions' order
        snapshot["tables"] = {d.name: snapshot["tables"][d.name] for d in definitions}
        release = Release.objects.create(
            slug=new_slug(found.key),
            audience=audience,
            period=found.key,
            start=found.start,
            end=found.end,
            rules_name=rules.name,
            rules_version=rules.version,
            threshold=rules.threshold,
            protection=rules.protection,
            tables=[{"name": d.name, "version": d.version} for d in definitions],
            definition_hash=definition_hash(definitions),
            snapshot=snapshot,
            published=published,
            earlier=earlier,
            drafted_by=actor,
            drafted_at=now,
        )
        with translation.override("en"):
            release.notes = note_record(release)
        release.save(update_fields=("notes",))
        for spend in spends:
            spend.release = release
            spend.save(update_fields=("release",))
        if examples:
            seal_examples(release, examples)
        audit_record(
            actor=actor_label(actor),
            action="transparency.release.draft",
            target_type="release",
            target_id=release.slug,
        )
    return release


def release_approve(*, actor: User, release: Release, now: datetime) -> Release:
    """Publish a draft: a second person, allowed to publish, after the gate runs again against
    the previous approved release of the same audience (approved since the draft, perhaps)."""
    _require_publisher(actor)
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.state != "draft":
            raise ReleaseConflict(_("Only a draft can be approved."))
        if release.drafted_by_id == actor.pk:
            raise ReleaseConflict(
                _("A release is approved by someone other than the person who drafted it.")
            )
        earlier = previous_release(release.audience, release.start, exclude=release.pk)
        if earlier is not None and earlier.pk != release.earlier_id:
            difference_check(release, earlier)
        release.approved_by = actor
        release.approved_at = now
        release.save(update_fields=("approved_by", "approved_at"))
        audit_record(
            actor=actor_label(actor),
            action="transparency.release.approve",
            target_type="release",
            target_id=release.slug,
        )
    return release


def difference_check(release: Release, earlier: Release) -> None:
    """Every table of `release` read with `earlier`'s: the same gate as at drafting
    (`disclosure.check`, together when `release` counts all `earlier` did). Raises
    `DisclosureRefused` naming the table and the cell."""
    rules = RULES[release.audience]
    period = Period(release.period, release.start, release.end)
    grows = _grows(period, earlier)
    for name, data in release.snapshot.get("tables", {}).items():
        before_data = _earlier_table(earlier, name, rules)
        if before_data is None or is_noisy(data):
            continue
        result = protected_of(name, data, rules)
        before = protected_of(name, before_data, rules)
        together = False
        if grows:
            aligned, earlier_aligned = _aligned(result, before)
            together = _covers(aligned.table, earlier_aligned.table)
            if together:
                result, before = aligned, earlier_aligned
        check(result, earlier=before if together else None, grows=together)


def release_withdraw(*, actor: User, release: Release, now: datetime) -> Release:
    """Take an approved release off the public pages (it stays on record), or drop a draft."""
    _require_publisher(actor)
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if release.state == "withdrawn":
            raise ReleaseConflict(_("This release is already withdrawn."))
        release.withdrawn_by = actor
        release.withdrawn_at = now
        release.save(update_fields=("withdrawn_by", "withdrawn_at"))
        audit_record(
            actor=actor_label(actor),
            action="transparency.release.withdraw",
            target_type="release",
            target_id=release.slug,
        )
    return release
