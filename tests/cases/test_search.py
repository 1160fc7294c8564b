"""Search over encrypted cases: only what the handler can read, found despite encryption."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case, SearchEntry
from rightsdesk.cases.search.selectors import _SecretOpener, entry_aad
from rightsdesk.cases.search.text import QueryRefused, normalise, query_terms
from rightsdesk.cases.services import message_post, note_add
from tests.factories import StaffAccount, signed_in, staff_account


def report(client: Client, narrative: str) -> Case:
    response = client.post(
        "/api/v1/reports",
        json.dumps({"narrative": narrative, "threat_types": ["doxxing"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    return Case.objects.order_by("-id").first()  # type: ignore[return-value]


def found(client: Client, query: str) -> str:
    response = client.post(reverse("cases:search"), {"q": query})
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def test_granted_handler_finds_words_from_report_message_and_note(
    client: Client, handler: StaffAccount
) -> None:
    target = report(client, "A sockpuppet called Quillfeather published my address.")
    other = report(client, "Nothing to see here.")
    message_post(case=target, body="The reporter adds: zebracrossing", author=None)
    note_add(case=other, author=handler.user, body="Internal: marmalade lead")
    hana = signed_in(handler)

    page = found(hana, "quillfeather")
    assert target.number in page
    assert other.number not in page
    assert target.number in found(hana, "ZEBRACROSSING")
    page = found(hana, "marmalade")
    assert other.number in page
    assert target.number not in page
    # Every word must occur; one missing word finds nothing.
    assert target.number not in found(hana, "quillfeather marmalade")
    assert SearchEntry.objects.filter(user=handler.user, kind="sealed").count() == 0
    assert AuditEntry.objects.filter(action="case.search").count() == 4
    # Text added later is merged into the reader's one entry per case, with what was there.
    note_add(case=target, author=handler.user, body="Later: bergamot")
    assert target.number in found(hana, "bergamot quillfeather zebracrossing")
    assert SearchEntry.objects.filter(user=handler.user, case=target).count() == 1


def test_search_follows_grants(client: Client, handler: StaffAccount) -> None:
    case = report(client, "Threats from Wolfsbane Collective")
    late = staff_account(username="late")  # joined after the report: not granted
    outsider, hana = signed_in(late), signed_in(handler)

    assert case.number not in found(outsider, "wolfsbane")  # denied...
    assert case.number in found(hana, "wolfsbane")  # ...and allowed, side by side

    granted = hana.post(reverse("cases:grant", args=[case.number]), {"username": "late"})
    assert granted.status_code == 302
    assert case.number in found(outsider, "wolfsbane")
    revoked = hana.post(reverse("cases:revoke", args=[case.number, "late"]), {"confirm": "yes"})
    assert revoked.status_code == 302
    assert case.number not in found(outsider, "wolfsbane")
    assert not SearchEntry.objects.filter(case=case, user=late.user).exists()


def test_a_deleted_case_leaves_no_search_entry(client: Client, handler: StaffAccount) -> None:
    case = report(client, "Ephemeral words")
    assert case.number in found(signed_in(handler), "ephemeral")
    assert SearchEntry.objects.filter(case=case).exists()
    case.delete()
    assert not SearchEntry.objects.exists()


def test_accents_case_and_arabic_vowel_signs_do_not_matter(
    client: Client, handler: StaffAccount
) -> None:
    latin = report(client, "José Martínez was detained")
    arabic = report(client, "نشروا عُنواني")  # with a damma on the ayn
    hana = signed_in(handler)
    assert latin.number in found(hana, "jose MARTINEZ")
    assert arabic.number in found(hana, "عنواني")


def test_bad_queries_get_a_message_not_an_error(client: Client, handler: StaffAccount) -> None:
    report(client, "anything")
    hana = signed_in(handler)
    for query in ("a", "x" * 201, " ".join(f"w{i}" for i in range(9))):
        response = hana.post(reverse("cases:search"), {"q": query})
        assert response.status_code == 400
        assert "Search for 2 to 200 characters" in response.content.decode()
    assert not AuditEntry.objects.filter(action="case.search").exists()


def test_a_tampered_entry_is_not_found_and_breaks_nothing(
    client: Client, handler: StaffAccount
) -> None:
    case = report(client, "Tamperproof words")
    hana = signed_in(handler)
    assert case.number in found(hana, "tamperproof")
    entry = SearchEntry.objects.get(case=case, user=handler.user)
    body = bytearray(bytes(entry.body))
    body[-1] ^= 1
    SearchEntry.objects.filter(pk=entry.pk).update(body=bytes(body))
    assert case.number not in found(hana, "tamperproof")


def test_an_entry_moved_to_another_case_does_not_open(
    client: Client, handler: StaffAccount
) -> None:
    """The associated data binds an entry to its case: moving it does not make case B match A's
    words."""
    a = report(client, "Words of case alpha: heliotrope")
    b = report(client, "Words of case beta")
    hana = signed_in(handler)
    found(hana, "heliotrope")
    SearchEntry.objects.filter(case=b).delete()
    SearchEntry.objects.filter(case=a).update(case=b)
    page = found(hana, "heliotrope")
    assert b.number not in page
    assert a.number not in page


def test_the_search_page_needs_sign_in(client: Client) -> None:
    response = client.post(reverse("cases:search"), {"q": "anything"})
    assert response.status_code in (302, 404)


@given(st.text(max_size=60))
def test_normalising_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


WORD = st.text(
    # Latin with accents, Turkish dotted and dotless i, German sharp s, Arabic with vowel signs.
    alphabet=st.sampled_from(
        "abcdefgiklmnoprstuzéèüñçß\u0130\u0131Ğğ\u0627بتثجحخدعنوي\u064f\u064e\u0650\u0651 "
    ),
    min_size=2,
    max_size=12,
).filter(lambda word: len(normalise(word)) >= 2 and " " not in normalise(word))


@given(st.lists(WORD, min_size=1, max_size=8), st.integers(min_value=0, max_value=7))
def test_every_word_of_a_text_finds_it(words: list[str], pick: int) -> None:
    text = " ".join(words)
    terms = query_terms(words[pick % len(words)])
    assert all(term in normalise(text) for term in terms)


def test_query_limits() -> None:
    with pytest.raises(QueryRefused):
        query_terms(" ")
    assert query_terms("Ab  ab AB") == ["ab"]


def test_the_search_loop_binds_entries_like_everything_else(
    client: Client, handler: StaffAccount
) -> None:
    """The unrolled opener of the search loop and `entry_aad` agree, byte for byte."""
    case = report(client, "Binding check")
    found(signed_in(handler), "binding")
    entry = SearchEntry.objects.get(case=case, user=handler.user, kind="secret")
    opener = _SecretOpener(bytes(32), handler.user.pk)
    assert opener.bind(f"{entry.user_id}:{entry.case_id}") == entry_aad(entry)
