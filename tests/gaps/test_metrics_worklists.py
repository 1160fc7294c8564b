"""Metrics, worklists and their exports against figures computed by hand (see the comments)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from rightsdesk.gaps import services
from rightsdesk.gaps.metrics import queries
from rightsdesk.gaps.readers.compressed import DumpError
from rightsdesk.gaps.store import connect_published
from rightsdesk.gaps.topics.io import read_topics
from rightsdesk.gaps.worklists import to_csv, to_wikitext

from .conftest import FIXTURES

# Importance = ln(2 + Wikipedias): Q1001 in 3 -> ln 5; Q1002 in 2 -> ln 4; Q1003 in 1 -> ln 3.
IMP = {"Q1001": math.log(5), "Q1002": math.log(4), "Q1003": math.log(3)}
TOTAL = sum(IMP.values())


@pytest.fixture
def small_store(data_dir: Path) -> None:
    topics, header = read_topics(FIXTURES / "small-topics.tsv")
    services.scan(
        dump=FIXTURES / "small-dump.json",
        topics=topics,
        topic_source=header,
        page_dumps=[
            (None, FIXTURES / f"{w}-20240101-page.sql") for w in ("mywiki", "enwiki", "dewiki")
        ],
    )


def test_wiki_metrics_by_hand(small_store: None) -> None:
    con = connect_published()
    assert con is not None
    my = queries.wiki_row(con, "mywiki")
    de = queries.wiki_row(con, "dewiki")
    assert my is not None
    assert de is not None
    assert my["present"] == 1
    assert de["present"] == 2
    assert my["coverage"] == pytest.approx(IMP["Q1001"] / TOTAL)  # 0.3931
    assert de["coverage"] == pytest.approx((IMP["Q1001"] + IMP["Q1002"]) / TOTAL)
    # mywiki's p95 article is 18,000 bytes; its one topic article has 400: sqrt(400/18000).
    assert my["length_basis"] == "page-dump-p95"
    assert my["extent"] == pytest.approx(math.sqrt(400 / 18000))  # 0.149: a stub
    assert my["stubs"] == 1
    assert my["gap_index"] == pytest.approx(1 - (IMP["Q1001"] / TOTAL) * math.sqrt(400 / 18000))
    # Burmese is national in Myanmar, data-risk 80.87.
    assert my["need"] == pytest.approx(0.8087)
    assert my["priority"] == pytest.approx(my["gap_index"] * (0.5 + 0.5 * 0.8087))
    # Q1004 is not a topic: it is counted in linked items but not in the metrics.
    assert my["linked_items"] == 2
    con.close()


def test_worklist_by_hand(small_store: None) -> None:
    con = connect_published()
    assert con is not None
    rows = queries.worklist(con, wiki="mywiki", sources=["enwiki", "dewiki"])
    con.close()
    # Missing first: Q1003 is about Myanmar (local, risk 80.87): ln3 x 2 x 1.8087 = 3.974;
    # Q1002: ln4 = 1.386. Then the stub Q1001: ln5 = 1.609.
    assert [(r["qid"], r["status"]) for r in rows] == [
        ("Q1003", "missing"),
        ("Q1002", "missing"),
        ("Q1001", "stub"),
    ]
    assert rows[0]["score"] == pytest.approx(math.log(3) * 2 * 1.8087)
    assert rows[1]["score"] == pytest.approx(math.log(4))
    # Best source: the largest among the named languages (Beta: de 7,000 > en 5,000).
    assert [(r["source_wiki"], r["source_len"]) for r in rows] == [
        ("enwiki", 3000),
        ("dewiki", 7000),
        ("enwiki", 9000),
    ]
    assert to_csv(rows) == (
        "rank,qid,label,grp,country,status,title,page_len,source_wiki,source_title,source_len,score\n"
        "1,Q1003,Human rights in Myanmar,country-series,MM,missing,,,"
        "enwiki,Human rights in Myanmar,3000,3.974\n"
        "2,Q1002,Beta,concept,,missing,,,dewiki,Beta,7000,1.386\n"
        "3,Q1001,Alpha,concept,,stub,အယ်လ်ဖာ,400,enwiki,Alpha,9000,1.609\n"
    )
    assert to_wikitext(rows, wiki="mywiki") == (
        '{| class="wikitable sortable"\n'
        "! # !! Topic !! Wikidata !! Status !! Translate or expand from !! Bytes\n"
        "|-\n"
        "| 1 || <nowiki>Human rights in Myanmar</nowiki> || [[d:Q1003|Q1003]] || missing "
        "|| [[:en:Human rights in Myanmar]] || 3,000\n"
        "|-\n"
        "| 2 || <nowiki>Beta</nowiki> || [[d:Q1002|Q1002]] || missing || [[:de:Beta]] || 7,000\n"
        "|-\n"
        "| 3 || [[အယ်လ်ဖာ]] (stub) || [[d:Q1001|Q1001]] || stub || [[:en:Alpha]] || 9,000\n"
        "|}\n"
    )


def test_failed_scan_keeps_the_published_store(small_store: None) -> None:
    with pytest.raises(DumpError):
        services.scan(dump=FIXTURES / "mywiki-20240101-page.sql", topics=None)
    con = connect_published()
    assert con is not None
    assert queries.wiki_row(con, "mywiki") is not None
    con.close()
