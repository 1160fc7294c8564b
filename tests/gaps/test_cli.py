"""`rightsdesk gaps ...` through call_command: outputs and every bad-input message."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .conftest import DUMP_HEAD, FIXTURES


def gaps(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("gaps", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_report_before_any_scan(data_dir: Path) -> None:
    with pytest.raises(CommandError, match="no data yet; run `rightsdesk gaps scan"):
        gaps("report")


def test_india_report_names_20_and_flags_bodo_and_dogri(data_dir: Path) -> None:
    gaps("scan", str(DUMP_HEAD), "--all-items", "--no-progress")
    out, _ = gaps("report", "--set", "india", "--format", "json")
    report = json.loads(out)
    with_wiki = [r for r in report["rows"] if r["has_wikipedia"]]
    assert len(report["rows"]) == 22
    assert len(with_wiki) == 20
    assert report["summary"] == "20 of 22 languages have a Wikipedia"
    assert report["no_wikipedia"] == "Bodo (brx), Dogri (doi)"
    by_code = {r["language"]: r for r in report["rows"]}
    assert by_code["hi"]["present"] == 38
    assert by_code["kok"]["wiki"] == "gomwiki"
    text, _ = gaps("report", "--set", "india")
    assert "NO WIKIPEDIA (brx)" in text
    assert "NO WIKIPEDIA (doi)" in text


def test_scan_reports_the_missing_closing_bracket_and_counts(data_dir: Path) -> None:
    out, err = gaps("scan", str(DUMP_HEAD), "--all-items", "--no-progress")
    assert "scanned 49 entities: 49 topics" in out
    assert "no closing ']'" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("worklist", "--lang", "brx"), r"Bodo \(brx\) has no Wikipedia"),
        (("worklist", "--lang", "xx"), "unknown language or wiki code 'xx'"),
        (("worklist", "--set", "mars"), "unknown language set 'mars'"),
        (("scan", "/nonexistent.json.gz", "--all-items"), "/nonexistent.json.gz: no such file"),
        (("scan", str(FIXTURES / "small-topics.tsv"), "--all-items"), "line 1 is not a Wikidata"),
        (("scan", str(DUMP_HEAD), "--all-items", "--online", "--contact", "x"), "exactly one"),
        (("scan", str(DUMP_HEAD)), "no topic set yet"),
        (
            (
                "scan",
                str(DUMP_HEAD),
                "--all-items",
                "--pages",
                f"xxwiki={FIXTURES / 'mywiki-20240101-page.sql'}",
            ),
            "unknown wiki code 'xxwiki'",
        ),
    ],
)
def test_bad_input_is_a_clear_command_error(
    data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    gaps("demo", "--dump", str(DUMP_HEAD))
    with pytest.raises(CommandError, match=message):
        gaps(*args, "--no-progress") if args[0] == "scan" else gaps(*args)


def test_worklist_for_india_skips_languages_without_wikipedia(
    data_dir: Path, tmp_path: Path
) -> None:
    gaps("demo", "--dump", str(DUMP_HEAD))
    out_file = tmp_path / "india.csv"
    _, err = gaps("worklist", "--set", "india", "--from", "en", "-o", str(out_file))
    assert "Bodo (brx) has no Wikipedia; skipped" in err
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("wiki,rank,qid")
    assert sum(1 for line in lines if line.startswith("hiwiki,")) == 49 - 38
    assert not any(line.startswith(("brxwiki", "doiwiki")) for line in lines)


def test_topics_command_on_the_dump_head(data_dir: Path, tmp_path: Path) -> None:
    out, err = gaps("topics", str(DUMP_HEAD), "-o", str(tmp_path / "t.tsv"), "--no-progress")
    assert "0 topics written" in out
    assert "no item labelled 'human rights'" in err
