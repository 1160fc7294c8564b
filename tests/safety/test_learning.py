"""Modules with a quiz graded on the server, and the checkup's plan; forged input is just wrong."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rightsdesk.safety import checkup, modules

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["en", "ar", "es"])
def test_every_module_file_parses(language: str) -> None:
    found = modules.modules_in(language)
    english = modules.modules_in("en")
    assert set(found) <= set(english)
    for slug, module in found.items():
        assert [q.answer for q in module.quiz] == [q.answer for q in english[slug].quiz]
        assert [len(q.options) for q in module.quiz] == [len(q.options) for q in english[slug].quiz]


@pytest.mark.parametrize("language", ["ar", "es"])
def test_every_module_is_translated(language: str) -> None:
    assert set(modules.modules_in(language)) == set(modules.modules_in("en"))


def test_seven_modules_in_english() -> None:
    assert set(modules.modules_in("en")) == {
        "digital-hygiene",
        "doxxing",
        "social-engineering",
        "passwords",
        "vpn-tor",
        "end-to-end-encryption",
        "safe-editing",
    }


def _right_answers(slug: str) -> dict[str, str]:
    module = modules.modules_in("en")[slug]
    return {f"q{i}": str(q.answer) for i, q in enumerate(module.quiz)}


def test_quiz_passes_and_is_remembered_in_this_browser(client: Client) -> None:
    url = reverse("safety:module", kwargs={"slug": "passwords"})
    page = client.get(url).content.decode()
    assert 'type="radio"' in page
    response = client.post(url, _right_answers("passwords"))
    assert response.status_code == 200
    assert "you passed this module" in response.content.decode()
    assert response.cookies["rd_learn"]["httponly"]
    listing = client.get(reverse("safety:learn")).content.decode()
    assert "passed" in listing


@pytest.mark.parametrize(
    "posted",
    [{}, {"q0": "9"}, {"q0": "-1", "q1": "x"}, {"q0": "²"}, {"q0": "9" * 5000}, {"q0": "\u0660"}],
)
def test_missing_or_forged_answers_are_wrong_never_500(
    client: Client, posted: dict[str, str]
) -> None:
    url = reverse("safety:module", kwargs={"slug": "passwords"})
    response = client.post(url, posted)
    assert response.status_code == 200
    assert "Not yet" in response.content.decode()
    assert "rd_learn" not in response.cookies


def test_unknown_module_is_404(client: Client) -> None:
    assert client.get("/safety/learn/nope/").status_code == 404


def test_module_falls_back_to_english(client: Client) -> None:
    page = client.get(
        reverse("safety:module", kwargs={"slug": "vpn-tor"}), headers={"accept-language": "fa"}
    )
    with translation.override("fa"):
        notice = translation.gettext(
            "This page is not yet available in your language, so it is shown in English."
        )
    html = page.content.decode()
    assert notice in html  # the fallback notice, itself in the visitor's language
    assert 'lang="fa"' in html


def test_checkup_has_fifteen_questions_and_urgent_first(client: Client) -> None:
    assert len(checkup.CHECKS) == 15
    page = client.get(reverse("safety:checkup")).content.decode()
    assert page.count("<fieldset>") == 15
    answers = {c.name: "unsure" for c in checkup.CHECKS} | {"hours": "yes", "reuse": "yes"}
    response = client.post(reverse("safety:checkup"), answers)
    plan = response.content.decode()
    assert response.status_code == 200
    assert plan.index("own password") < plan.index("Vary your editing hours")
    assert reverse("safety:module", kwargs={"slug": "passwords"}) in plan


def test_checkup_good_answers_and_forged_values() -> None:
    safe = {c.name: (checkup.NO if checkup.YES in c.risky else checkup.YES) for c in checkup.CHECKS}
    assert checkup.plan(safe) == []
    forged = checkup.plan({"reuse": "<script>"})
    assert len(forged) == len(checkup.CHECKS)  # unknown counts as "not sure": every step shown
    assert [s.urgency for s in forged] == sorted(s.urgency for s in forged)
