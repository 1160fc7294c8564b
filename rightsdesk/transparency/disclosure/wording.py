"""Everything the rules say to people, translatable: how a suppressed number is shown, how a
cell is named, a refusal, and the note every release carries."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from rightsdesk.core.countries import country_codes, country_name
from rightsdesk.core.regions import NAMES as REGION_NAMES
from rightsdesk.transparency.disclosure.audit import Where
from rightsdesk.transparency.disclosure.rollup import REGION_PREFIX, Merge, quarter_of
from rightsdesk.transparency.disclosure.rules import Protected, Status
from rightsdesk.transparency.disclosure.tables import Cell, CountTable


def label_name(key: str) -> str:
    """A row or column key in the reader's language: a country, a region standing for its
    countries too few to show, a quarter; anything else is the key itself (the caller's
    vocabulary names it)."""
    if key.startswith(REGION_PREFIX) and key[len(REGION_PREFIX) :] in REGION_NAMES:
        region = str(REGION_NAMES[key[len(REGION_PREFIX) :]])
        return _("%(region)s (other countries)") % {"region": region}
    if len(key) == 2 and key in country_codes():
        return country_name(key)
    if len(key) == 7 and key[4:6] == "-Q" and key[:4].isdigit():
        return _("Q%(quarter)s %(year)s") % {"quarter": key[6], "year": key[:4]}
    return key


def shown_text(protected: Protected, cell: Cell) -> str:
    """The published text of a number: the count, "fewer than 5", or "hidden"."""
    status = protected.status(cell)
    if status is Status.SMALL:
        return _("fewer than %(threshold)d") % {"threshold": protected.rules.threshold}
    if status is Status.HIDDEN or status is Status.WITHHELD:
        return pgettext("a published number", "hidden")
    return str(protected.table.value(cell))


def cell_name(table: CountTable, cell: Cell) -> str:
    row, col = table.labels(cell)
    if row is not None and col is not None:
        return _("row “%(row)s”, column “%(col)s”") % {
            "row": label_name(row),
            "col": label_name(col),
        }
    if row is not None:
        if table.one_way:
            return _("“%(row)s”") % {"row": label_name(row)}
        return _("the total of row “%(row)s”") % {"row": label_name(row)}
    if col is not None:
        return _("the total of column “%(col)s”") % {"col": label_name(col)}
    return _("the grand total")


def refusal_message(table: CountTable, cell: Cell, where: Where | None) -> str:
    values = {"table": table.name, "cell": cell_name(table, cell)}
    if where is Where.DIFFERENCE or where is Where.EARLIER:
        return (
            _(
                "Table “%(table)s”, read with its earlier release, would let a reader work out "
                "%(cell)s, a number under the threshold. Nothing was published."
            )
            % values
        )
    return (
        _(
            "Table “%(table)s” would show or let a reader work out %(cell)s, a number under the "
            "threshold. Nothing was published."
        )
        % values
    )


def release_note(
    protected: Protected, merges: tuple[Merge, ...] = (), *, kept_pattern: bool = False
) -> list[str]:
    """What was suppressed in one table and why, in plain language, one sentence a line.

    It counts what a reader can see anyway (the flags) and states the rules; it never names
    which countries or months were merged (that the rest are listed says as much as is safe).
    """
    table, k = protected.table, protected.rules.threshold
    values = {"table": table.name, "threshold": k}
    lines = []
    if any(merge.into.startswith(REGION_PREFIX) for merge in merges):
        lines.append(
            _(
                "Countries with fewer than %(threshold)d (in all, or of any kind) are counted "
                "in their region, as “other countries”."
            )
            % values
        )
    quarters = [merge.into for merge in merges if quarter_of(merge.members[0]) == merge.into]
    if quarters:
        lines.append(
            _("Months with a number under %(threshold)d are counted by quarter: %(quarters)s.")
            % {**values, "quarters": ", ".join(label_name(q) for q in quarters)}
        )
    if protected.small:
        count = len(protected.small)
        lines.append(
            ngettext(
                "%(count)d number in “%(table)s” is under %(threshold)d and is shown as "
                "“fewer than %(threshold)d”.",
                "%(count)d numbers in “%(table)s” are under %(threshold)d and are shown as "
                "“fewer than %(threshold)d”.",
                count,
            )
            % {**values, "count": count}
        )
    if protected.hidden or protected.withheld:
        # one sentence for both: the reader is not told which hidden numbers are small
        count = len(protected.hidden | protected.withheld)
        lines.append(
            ngettext(
                "%(count)d more number is hidden so that no number under %(threshold)d can be "
                "worked out from the totals.",
                "%(count)d more numbers are hidden so that no number under %(threshold)d can be "
                "worked out from the totals.",
                count,
            )
            % {**values, "count": count}
        )
    if kept_pattern:
        lines.append(_("Numbers hidden in the earlier release stay hidden unless they are zero."))
    if not protected.suppressed:
        lines.append(_("No number in “%(table)s” needed hiding.") % values)
    lines.append(_("Zero means none: it is always shown."))
    return lines


def rules_label(name: str) -> str:
    """A rule set's name in the reader's language: "public" and "board" are codes, never shown
    as such on a page."""
    labels = {
        "public": _("the public disclosure rules"),
        "board": _("the board's disclosure rules"),
    }
    return labels.get(name, _("the disclosure rules “%(code)s”") % {"code": name})


def release_notes(
    tables: Sequence[tuple[Protected, tuple[Merge, ...]]], *, kept_pattern: bool = False
) -> list[str]:
    """The note a whole release carries: the rules it was made under, then each table's note."""
    if not tables:
        return []
    rules = tables[0][0].rules
    lines = [
        _(
            "Published under %(rules)s, version %(version)s: no number from 1 to %(below)d is "
            "shown, and none can be worked out from the others."
        )
        % {"rules": rules_label(rules.name), "version": rules.version, "below": rules.threshold - 1}
    ]
    for protected, merges in tables:
        lines += [
            line
            for line in release_note(protected, merges, kept_pattern=kept_pattern)
            if line not in lines
        ]
    return lines
