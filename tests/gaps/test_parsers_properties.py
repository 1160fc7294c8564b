"""Property tests: the fast line parser agrees with full decoding; SQL tuples round-trip."""

from __future__ import annotations

import contextlib
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.gaps.readers.sqldump import parse_insert
from rightsdesk.gaps.readers.wikidata import (
    MalformedLine,
    parse_entity,
    parse_head,
    parse_sitelinks,
    sitelinks_of,
    strip_line,
)

text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
sites = st.from_regex(r"[a-z]{2,5}wiki", fullmatch=True)


@st.composite
def entities(draw: st.DrawFn) -> dict[str, Any]:
    qid = f"Q{draw(st.integers(1, 10**9))}"
    links = draw(st.dictionaries(sites, text, max_size=6))
    entity: dict[str, Any] = {
        "type": "item",
        "id": qid,
        # Labels and claims may hold anything, including text that looks like our keys.
        "labels": {"en": {"language": "en", "value": draw(text)}},
        "claims": {"P1": [{"mainsnak": {"datavalue": {"value": draw(text)}}}]},
    }
    if draw(st.booleans()):
        entity["labels"]["x"] = {"language": "x", "value": '"sitelinks":{"enwiki":{}}'}
    entity["sitelinks"] = (
        {s: {"site": s, "title": t, "badges": []} for s, t in links.items()} if links else []
    )
    if draw(st.booleans()):
        entity["lastrevid"] = draw(st.integers(0, 10**9))
    return entity


@settings(max_examples=300, deadline=None)
@given(entities(), st.booleans(), st.booleans())
def test_fast_sitelinks_equal_full_decoding(
    entity: dict[str, Any], ascii_only: bool, trailing_comma: bool
) -> None:
    line = json.dumps(entity, ensure_ascii=ascii_only, separators=(",", ":")).encode()
    line += b",\n" if trailing_comma else b"\n"
    body = strip_line(line)
    assert parse_head(body) == entity["id"]
    assert parse_sitelinks(body) == sitelinks_of(parse_entity(body))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_garbage_never_crashes_the_line_parser(junk: bytes) -> None:
    body = strip_line(junk)
    with contextlib.suppress(MalformedLine):
        parse_sitelinks(body)


sql_values = st.one_of(
    st.none(),
    st.integers(-(2**40), 2**40),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=25),
)


def _mysql_literal(value: int | str | None) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    escaped = (
        value.replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\0", "\\0")
        .replace("\x1a", "\\Z")
    )
    return f"'{escaped}'"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(sql_values, min_size=1, max_size=6), min_size=1, max_size=5))
def test_sql_tuples_round_trip(rows: list[list[int | str | None]]) -> None:
    line = (
        "INSERT INTO `page` VALUES "  # noqa: S608 - builds test input, runs no query
        + ",".join("(" + ",".join(_mysql_literal(v) for v in row) + ")" for row in rows)
        + ";\n"
    ).encode()
    table, parsed = parse_insert(line)
    assert table == "page"
    assert [list(row) for row in parsed] == rows
