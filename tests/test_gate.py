"""The access gates are enforced by tests, not by memory.

1. No view module queries a sensitive model directly: it goes through the gate of its entity
   (`access_case`) and the selectors behind it. "Sensitive" is computed from the models
   themselves (a sealed binary field, or a foreign key to such a model), so a new pillar's models
   are covered the day they are written.
2. Every staff URL that names a case answers a case the user may not read exactly as it answers a
   case that does not exist, for every method: missing and forbidden look the same.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rightsdesk.cases.models import Case
from tests.factories import StaffAccount, signed_in
from tests.reporting import file_report

ROOT = Path(__file__).resolve().parent.parent / "rightsdesk"
MISSING = "RD-0000NOPE"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def sensitive_models() -> set[str]:
    """Models holding sealed bytes, and models pointing at them (their rows reveal which case)."""
    ours = [m for m in apps.get_models() if m.__module__.startswith("rightsdesk.")]
    sealed = {m for m in ours if any(isinstance(f, models.BinaryField) for f in m._meta.fields)}
    pointing = {
        m
        for m in ours
        for f in m._meta.fields
        if isinstance(f, models.ForeignKey) and f.related_model in sealed
    }
    return {m.__name__ for m in sealed | pointing}


def view_modules() -> list[Path]:
    """Every module that answers HTTP requests: views, the case action layer, the API routers."""
    found = [p for p in ROOT.rglob("*.py") if p.name == "views.py" or p.parent.name == "views"]
    found += [ROOT / "cases" / "http.py", ROOT / "cases" / "page.py"]
    found += [ROOT / "diligence" / "http.py", ROOT / "diligence" / "page.py"]
    found += [ROOT / "demands" / "http.py", ROOT / "demands" / "page.py"]
    found += [ROOT / "wikisafety" / "queue" / "page.py"]
    found += (ROOT / "api" / "routers").glob("*.py")
    return sorted(found)


def direct_queries(path: Path, names: set[str]) -> list[str]:
    """`Model.objects` (or another manager) on a sensitive model, with the line it is on."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        f"{path}:{node.lineno}: {node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in names
        and node.attr in {"objects", "_default_manager", "_base_manager"}
    ]


def test_sensitive_models_are_found() -> None:
    """The rule is only as good as its list: the case and its sealed children must be on it."""
    names = sensitive_models()
    for expected in ("Case", "KeyWrap", "Message", "Attachment", "Note", "Crisis", "SearchEntry"):
        assert expected in names
    for expected in ("Grievance", "GrievanceWrap", "Recusal", "Move", "Appeal", "Remedy"):
        assert expected in names  # a new pillar's models are covered the day they are written
    for expected in ("Demand", "DemandWrap", "ReviewNote", "Approval", "DemandMove",
                     "DemandDocument", "PublicNotice"):  # fmt: skip
        assert expected in names  # the demand register's rows all go through its gate
    assert "FindingDecision" in names  # a decision's sealed note: read through the queue's gate
    assert "ReplyTemplate" not in names  # the team's own texts are not case content


def test_no_view_queries_a_sensitive_model_directly() -> None:
    names = sensitive_models()
    modules = view_modules()
    assert len(modules) >= 10
    found = [hit for path in modules for hit in direct_queries(path, names)]
    assert found == [], "go through the entity's gate and its selectors:\n" + "\n".join(found)


def test_the_scan_catches_a_direct_query(tmp_path: Path) -> None:
    """The scan itself can fail: a view that reads a case past the gate is reported."""
    bad = tmp_path / "views.py"
    bad.write_text(
        "def page(request, number):\n"
        "    note = Note.objects.first()\n"
        "    return Case._default_manager.get(number=number)\n"
    )
    assert direct_queries(bad, {"Case", "Note"}) == [
        f"{bad}:2: Note.objects",
        f"{bad}:3: Case._default_manager",
    ]


def _page(content: bytes, number: str) -> bytes:
    """The page without its per-response CSRF token (masked differently on every answer) and
    with the number asked for (echoed in the language form's `next`) made neutral."""
    content = CSRF.sub(b'name="csrfmiddlewaretoken" value=""', content)
    return content.replace(number.encode(), b"RD-?")


def case_urls() -> list[tuple[str, dict[str, str]]]:
    """(url name, extra kwargs) of every staff URL pattern that takes a case `number`."""
    found = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif "number" in entry.pattern.regex.groupindex and entry.name:
                extra = {
                    group: {"uid": "00000000-0000-0000-0000-000000000000"}.get(group, "x")
                    for group in entry.pattern.regex.groupindex
                    if group != "number"
                }
                found.append((f"{namespace}:{entry.name}", extra))

    walk(get_resolver().url_patterns, "")
    # Casework's and the pillars' pages on a case (a referral from a case: `partners:`).
    return [(name, extra) for name, extra in found if name.startswith(("cases:", "partners:"))]


def test_every_case_url_is_found() -> None:
    names = {name for name, _ in case_urls()}
    assert {"cases:detail", "cases:reply", "cases:grant", "cases:classify"} <= names
    assert {"partners:case_refer", "partners:case_referral_draft"} <= names
    assert len(names) >= 15


@pytest.mark.django_db
def test_forbidden_and_missing_look_the_same_on_every_case_url(
    client: Client, handler: StaffAccount, other_handler: StaffAccount
) -> None:
    file_report(client, narrative="Only omar may read this.")
    case = Case.objects.get()
    # Only omar reads it; hana holds no wrap.
    case.wraps.filter(user=handler.user).delete()
    hana = signed_in(handler)
    before = (Case.objects.get().version, case.messages.count(), case.notes.count())
    for name, extra in case_urls():
        for method in ("get", "post"):
            real = getattr(hana, method)(reverse(name, kwargs={"number": case.number, **extra}))
            missing = getattr(hana, method)(reverse(name, kwargs={"number": MISSING, **extra}))
            assert real.status_code in (404, 405), (name, method, real.status_code)
            assert (real.status_code, _page(real.content, case.number)) == (
                missing.status_code,
                _page(missing.content, MISSING),
            ), (name, method)
    assert (Case.objects.get().version, case.messages.count(), case.notes.count()) == before
