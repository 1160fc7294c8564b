# ruff: noqa: RUF001 - hostile Unicode is the point
"""The text an edit added: markup neither hides nor fakes a hit; never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.wikisafety.detection import Hints, Kind, added_text, plain_text, scan_edit
from rightsdesk.wikisafety.detection.text import added_wikitext

PAGE = "== Talk ==\nFirst comment here. ~~~~\nSecond comment, unrelated.\n"


def _kinds(old: str, new: str, language: str = "en") -> set[Kind]:
    return {hit.kind for hit in scan_edit(old, new, Hints(language=language))[1]}


def test_a_comment_inside_a_number_does_not_hide_it() -> None:
    new = PAGE + "Her number: +1 2<!-- -->02 555 0<!---->199\n"
    text = added_text(PAGE, new)
    assert "+1 202 555 0199" in text
    assert _kinds(PAGE, new) == {Kind.PHONE}


def test_a_link_text_and_a_link_target_are_both_seen() -> None:
    assert Kind.PHONE in _kinds(PAGE, PAGE + "[[tel|+1 202 555 0199]]\n")
    target = added_text(PAGE, PAGE + "[[User:Jane Doe|someone]]\n")
    assert "someone" in target
    assert "User:Jane Doe" in target


def test_a_comment_is_still_published_in_the_source() -> None:
    assert Kind.PHONE in _kinds(PAGE, PAGE + "ok <!-- +33 1 42 68 53 00 -->\n")


def test_entities_and_template_parameters() -> None:
    assert Kind.EMAIL in _kinds(PAGE, PAGE + "{{contact|mail=jane&#46;doe&#64;example.org}}\n")
    assert Kind.COORDINATES in _kinds(PAGE, PAGE + "{{coord|48|51|24|N|2|17|40|E}}\n")


def test_parameters_do_not_join_into_a_fake_number() -> None:
    # Two halves in two parameters are not one number on the page.
    assert Kind.PHONE not in _kinds(PAGE, PAGE + "{{x|+1 202|555 0199}}\n")


def test_only_what_was_added() -> None:
    old = PAGE + "Old line with +1 202 555 0199 in it.\n"
    assert added_text(old, old + "Thanks!\n") == "Thanks!"
    assert _kinds(old, old + "Thanks!\n") == set()
    # Removing text adds nothing.
    assert added_text(old, PAGE) == ""


def test_a_number_completed_by_the_edit_is_seen_whole() -> None:
    old = PAGE + "Call her on +1 202 555\n"
    new = PAGE + "Call her on +1 202 555 0199\n"
    assert Kind.PHONE in _kinds(old, new)


HOSTILE = st.lists(
    st.sampled_from(
        [
            *"{}[]|=<>!-'&#;:/ \n\tab1+",
            "<!--",
            "-->",
            "{{",
            "}}",
            "[[",
            "]]",
            "<ref>",
            "</ref>",
            "\u202e",
            "\u200c",
            "\ufeff",
            "\U0001f600",
            "\ud7ff",
            "۰",
            "၉",
            "&#x110000;",
            "&#0;",
            "<nowiki>",
            "{{{",
            "}}}",
        ]
    ),
    max_size=200,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(old=st.text(max_size=200), new=st.text(max_size=400))
def test_arbitrary_text_never_crashes(old: str, new: str) -> None:
    text, hits = scan_edit(old, new, Hints(language="fa"))
    for hit in hits:
        assert 0 <= hit.start < hit.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(old=HOSTILE, new=HOSTILE)
def test_hostile_markup_never_crashes(old: str, new: str) -> None:
    text, hits = scan_edit(old, new, Hints(language="my"))
    assert isinstance(text, str)
    for hit in hits:
        assert text[hit.start : hit.end]


def test_deep_nesting_never_crashes() -> None:
    for opener, closer in (("{{", "}}"), ("[[", "]]"), ("<span>", "</span>"), ("{{{", "}}}")):
        deep = opener * 3000 + "+1 202 555 0199" + closer * 3000
        assert isinstance(plain_text(deep), str)
        assert isinstance(plain_text(opener * 5000), str)


LINE = st.text(alphabet=st.sampled_from("ab c\u00e9\u06f1"), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(LINE, max_size=30), at=st.integers(min_value=0), data=st.data())
def test_an_inserted_line_is_exactly_what_was_added(
    lines: list[str], at: int, data: st.DataObject
) -> None:
    added = data.draw(LINE.filter(lambda line: line.strip() and line not in lines))
    at = at % (len(lines) + 1)
    old = "\n".join(lines)
    new = "\n".join([*lines[:at], added, *lines[at:]])
    assert added_wikitext(old, new).strip() == added.strip()
