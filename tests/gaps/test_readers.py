"""Dump readers on the real 2017 dump head and on broken files."""

from __future__ import annotations

import gzip
from collections.abc import Container
from pathlib import Path

import pytest

from rightsdesk.gaps.readers.compressed import DumpError
from rightsdesk.gaps.readers.dumpscan import ALL_ITEMS, scan_dump

from .conftest import DUMP_HEAD, FIXTURES


def _scan(
    path: Path, wanted: Container[str] = ALL_ITEMS, **kwargs: int
) -> tuple[dict[str, dict[str, str]], object]:
    items: dict[str, dict[str, str]] = {}
    result = scan_dump(
        path,
        wanted=wanted,
        on_item=lambda q, links, _b: items.__setitem__(q, links),
        **kwargs,  # type: ignore[arg-type]  # Container from a test literal
    )
    return items, result


@pytest.mark.parametrize("form", ["plain", "gzip", "bzip2"])
def test_dump_head_burmese_35_hindi_38_in_every_compression(
    dump_forms: dict[str, Path], form: str
) -> None:
    items, result = _scan(dump_forms[form])
    assert result.compression == form  # type: ignore[attr-defined]
    assert len(items) == 49
    assert sum(len(links) for links in items.values()) == 8494
    assert len({site for links in items.values() for site in links}) == 434
    holders = {
        site: sum(site in links for links in items.values()) for site in ("mywiki", "hiwiki")
    }
    assert holders == {"mywiki": 35, "hiwiki": 38}
    assert result.site_items["mywiki"] == 35  # type: ignore[attr-defined]
    assert items["Q31"]["dewiki"] == "Belgien"


def test_fast_path_counts_agree_with_full_decoding(dump_forms: dict[str, Path]) -> None:
    _items, only_one = _scan(dump_forms["plain"], wanted={"Q31"})
    _all, every = _scan(dump_forms["plain"])
    assert only_one.site_items == every.site_items  # type: ignore[attr-defined]


def test_truncated_gzip_names_the_file_and_line(tmp_path: Path) -> None:
    data = gzip.compress(DUMP_HEAD.read_bytes())
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        DumpError, match=r"cut\.json\.gz: the compressed data is truncated or corrupt after line \d"
    ):
        _scan(cut)


def test_corrupt_bzip2_is_a_dump_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json.bz2"
    bad.write_bytes(b"BZh9" + b"\x00garbage" * 100)
    with pytest.raises(DumpError, match=r"bad\.json\.bz2"):
        _scan(bad)


def test_sql_dump_passed_as_json_dump_is_recognised(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match=r"page\.sql: line 1 .*looks like an SQL dump"):
        _scan(FIXTURES / "mywiki-20240101-page.sql")


def test_malformed_lines_are_counted_with_their_numbers(tmp_path: Path) -> None:
    lines = DUMP_HEAD.read_bytes().splitlines(keepends=True)
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"".join([*lines[:3], b'{"type":"item","id":"Q9", oops\n', *lines[3:]]))
    items, result = _scan(broken, max_malformed=10)
    assert len(items) == 49
    assert result.stats.malformed == 1  # type: ignore[attr-defined]
    assert result.stats.malformed_lines[0][0] == 4  # type: ignore[attr-defined]


def test_more_malformed_lines_than_the_limit_stop_the_scan(tmp_path: Path) -> None:
    broken = tmp_path / "junk.json"
    broken.write_bytes(b"[\n" + b"{not json},\n" * 5 + b"]\n")
    with pytest.raises(DumpError, match="more than 3 malformed lines"):
        _scan(broken, max_malformed=3)


def test_over_one_percent_malformed_fails_at_the_end(tmp_path: Path) -> None:
    lines = DUMP_HEAD.read_bytes().splitlines(keepends=True)
    broken = tmp_path / "some.json"
    broken.write_bytes(b"".join([*lines, b"{bad},\n" * 11]))
    with pytest.raises(DumpError, match="11 of 60 entity lines are malformed"):
        _scan(broken)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match="no such file"):
        _scan(tmp_path / "nope.json.gz")
