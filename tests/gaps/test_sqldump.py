"""The page and wb_items_per_site SQL dump readers on hand-made dumps in mysqldump's format."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from rightsdesk.gaps.readers.compressed import DumpError
from rightsdesk.gaps.readers.tables import read_items_per_site, read_page_table

from .conftest import FIXTURES

MY_PAGES = FIXTURES / "mywiki-20240101-page.sql"


def test_page_lengths_and_exact_95th_percentile() -> None:
    result = read_page_table(MY_PAGES, wiki="mywiki", wanted_titles={"အယ်လ်ဖာ", "Redirect"})
    assert result.lengths == {"အယ်လ်ဖာ": (400, False), "Redirect": (30, True)}
    # 20 main-namespace articles (redirect and talk page left out): 400, 1000, ..., 19000.
    assert result.articles == 20
    assert result.percentile(0.95) == 18000


def test_titles_with_quotes_and_parentheses() -> None:
    result = read_page_table(
        FIXTURES / "enwiki-20240101-page.sql", wiki="enwiki", wanted_titles={"It's_(quoted)"}
    )
    assert result.lengths == {"It's_(quoted)": (10, False)}


def test_page_dump_of_another_wiki_is_refused() -> None:
    with pytest.raises(DumpError, match="from mywiki, not dewiki"):
        read_page_table(MY_PAGES, wiki="dewiki", wanted_titles=set())


def test_wrong_table_is_named(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match="dump of table `page`, expected `wb_items_per_site`"):
        read_items_per_site(MY_PAGES, wanted={"Q1"}, on_link=lambda *a: None)


def test_cut_insert_line_is_counted_not_fatal(tmp_path: Path) -> None:
    text = MY_PAGES.read_text(encoding="utf-8").splitlines(keepends=True)
    inserts = [i for i, line in enumerate(text) if line.startswith("INSERT")]
    text[inserts[0]] = text[inserts[0]][:80] + "\n"
    cut = tmp_path / "mywiki-20240101-page.sql"
    cut.write_text("".join(text), encoding="utf-8")
    result = read_page_table(cut, wiki="mywiki", wanted_titles=set())
    assert result.info is not None
    assert result.info.malformed == 1
    assert result.info.malformed_lines[0][0] == inserts[0] + 1


def test_items_per_site_gzip(tmp_path: Path) -> None:
    dump = tmp_path / "wikidatawiki-20240101-wb_items_per_site.sql.gz"
    dump.write_bytes(
        gzip.compress(
            b"-- Host: db1    Database: wikidatawiki\n"
            b"CREATE TABLE `wb_items_per_site` (\n"
            b"  `ips_row_id` bigint(20) unsigned NOT NULL AUTO_INCREMENT,\n"
            b"  `ips_item_id` int(10) unsigned NOT NULL,\n"
            b"  `ips_site_id` varbinary(32) NOT NULL,\n"
            b"  `ips_site_page` varbinary(310) NOT NULL,\n"
            b"  PRIMARY KEY (`ips_row_id`)\n"
            b") ENGINE=InnoDB;\n"
            b"INSERT INTO `wb_items_per_site` VALUES (1,1001,'enwiki','Alpha'),"
            b"(2,1001,'mywiki','\xe1\x80\xa1'),(3,7,'enwiki','Other');\n"
        )
    )
    links: list[tuple[str, str, str]] = []
    rows = read_items_per_site(dump, wanted={"Q1001"}, on_link=lambda *a: links.append(a))
    assert rows == 3
    assert links == [("Q1001", "enwiki", "Alpha"), ("Q1001", "mywiki", "\u1021")]


def test_not_sql_at_all(tmp_path: Path) -> None:
    bad = tmp_path / "x-page.sql"
    bad.write_text('{"type":"item"}\n', encoding="utf-8")
    with pytest.raises(DumpError, match="line 1 is not mysqldump output"):
        read_page_table(bad, wiki="mywiki", wanted_titles=set())
