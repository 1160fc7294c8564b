"""A guide's answers reach the report form's questions: filled in, and no error before Send."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.safety import flows

pytestmark = pytest.mark.django_db


def _mapped_answers() -> list[tuple[str, str, int]]:
    """(slug, node, answer index) of every answer in every English guide that fills a field."""
    found = []
    for slug in flows.flow_slugs():
        flow = flows.load_flow(slug, flows.REFERENCE_LANGUAGE)
        assert flow is not None
        for node in flow.nodes.values():
            found += [(slug, node.id, i) for i, a in enumerate(node.answers) if a.report]
    return found


def _walk_to_an_end(flow: flows.Flow, node_id: str, index: int) -> tuple[str, list[flows.Step]]:
    """A trail from the start through (node_id, index) to an advice node of the same guide."""
    paths: dict[str, list[flows.Step]] = {flow.start: []}
    todo = [flow.start]
    while todo:  # breadth first: the shortest trail to every node
        here = todo.pop(0)
        for i, answer in enumerate(flow.nodes[here].answers):
            if answer.to in flow.nodes and answer.to not in paths:
                paths[answer.to] = [*paths[here], (here, i)]
                todo.append(answer.to)
    steps = [*paths[node_id], (node_id, index)]
    current = flow.nodes[node_id].answers[index].to
    while flow.nodes[current].kind != "advice":
        i, answer = next(
            (i, a) for i, a in enumerate(flow.nodes[current].answers) if a.to in flow.nodes
        )
        steps.append((current, i))
        current = answer.to
    return current, steps


def _tell(client: Client, slug: str, end: str, steps: list[flows.Step]) -> dict[str, Any]:
    url = reverse("safety:guide_node", kwargs={"slug": slug, "node": end})
    response = client.get(url, {"trail": flows.trail_string(steps)})
    assert response.status_code == 200
    tell: dict[str, Any] = response.context["tell"]
    return tell


def _post_to_report(client: Client, tell: dict[str, Any]) -> str:
    """What the guide's form posts (its hidden inputs), as the report form receives it."""
    data: dict[str, Any] = {
        "ticket": tell["ticket"],
        "step": "1",
        "go": "back",
        "narrative": tell["narrative"],
        "threat_types": list(tell["threat_types"]),
    }
    for name, value in tell["fields"]:
        data.setdefault(name, []).append(value)
    response = client.post("/report/", data)
    assert response.status_code == 200
    return response.content.decode()


def _checked(page: str, name: str, value: str) -> bool:
    inputs = re.findall(r"<input[^>]*>", page)
    return any(
        f'name="{name}"' in tag and f'value="{value}"' in tag and "checked" in tag for tag in inputs
    ) or any(f'type="hidden" name="{name}" value="{value}"' in tag for tag in inputs)


def test_some_answers_of_the_guides_fill_report_fields() -> None:
    slugs = {slug for slug, _node, _i in _mapped_answers()}
    assert {"doxxing", "harassment", "surveillance"} <= slugs


@pytest.mark.parametrize(("slug", "node_id", "index"), _mapped_answers())
def test_every_mapped_answer_arrives_filled_in(
    client: Client, slug: str, node_id: str, index: int
) -> None:
    flow = flows.load_flow(slug, flows.REFERENCE_LANGUAGE)
    assert flow is not None
    end, steps = _walk_to_an_end(flow, node_id, index)
    tell = _tell(client, slug, end, steps)
    page = _post_to_report(client, tell)
    assert "Step 1 of 6" in page
    assert "errorlist" not in page
    assert 'role="alert"' not in page
    expected = flows.report_answers(flow, steps)
    assert expected  # every guide here names a threat type or fills a field
    for name, given in flow.nodes[node_id].answers[index].report:
        assert set(given) <= set(expected[name])
    for name, values in expected.items():
        for value in values:
            assert _checked(page, name, value), (name, value)


def test_doxxing_danger_yes_opens_the_form_answered_yes_with_the_emergency_note(
    client: Client,
) -> None:
    flow = flows.load_flow("doxxing", "en")
    assert flow is not None
    tell = _tell(client, "doxxing", "danger", [("start", 0)])
    assert ("emergency", "yes") in tell["fields"]
    page = _post_to_report(client, tell)
    assert _checked(page, "emergency", "yes")
    assert not _checked(page, "emergency", "no")
    assert "errorlist" not in page
    assert "field-errors" not in page


def test_a_guide_that_did_not_ask_leaves_danger_unanswered_and_shows_no_error(
    client: Client,
) -> None:
    """The form as the guide page posts it today (no danger answer): no error, nothing set."""
    page = _post_to_report(
        client,
        {"ticket": "t", "narrative": "From the self-help guide", "threat_types": [], "fields": []},
    )
    assert "field-errors" not in page
    assert not _checked(page, "emergency", "no")
    assert not _checked(page, "emergency", "yes")


@pytest.mark.parametrize("language", ["ar", "es"])
def test_translations_report_the_same_fields(language: str) -> None:
    for slug in flows.flow_slugs():
        english = flows.load_flow(slug, "en")
        translated = flows.load_flow(slug, language)
        assert english is not None
        if translated is None:
            continue
        for node_id, node in english.nodes.items():
            mine = [a.report for a in translated.nodes[node_id].answers]
            assert [a.report for a in node.answers] == mine


def test_the_guide_page_itself_posts_the_danger_answer(client: Client) -> None:
    url = reverse("safety:guide_node", kwargs={"slug": "doxxing", "node": "danger"})
    page = client.get(url, {"trail": "start.0"}).content.decode()
    form = page[page.index('action="/report/"') :]
    form = form[: form.index("</form>")]
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    data: dict[str, list[str]] = {}
    for name, value in hidden:
        data.setdefault(name, []).append(html_lib.unescape(value))
    report = client.post("/report/", data).content.decode()
    assert _checked(report, "emergency", "yes")
