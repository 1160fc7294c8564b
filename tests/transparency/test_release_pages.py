"""The public transparency pages, CSV, zip and the staff pages over HTTP: published numbers are
never 1 to 4, a volunteer alone in a small country never shows as "1", live data changes after
approval change nothing, and who may see and approve what (denied beside allowed)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.accounts.models import User
from rightsdesk.transparency.models import Release
from rightsdesk.transparency.releases import release_approve, release_draft
from tests.factories import (
    demand_made,
    demand_permission,
    signed_in,
    staff_account,
    without_tokens,
)
from tests.transparency.releasing import NOW, cases

pytestmark = pytest.mark.django_db

SMALL = re.compile(r"^[1-4]$")


def _half_year() -> None:
    cases(23, country="DE", priority="P3")
    cases(9, country="FR", priority="P2", late=True)
    cases(1, country="LS", priority="P1", threat_types=("arrest",))  # alone, in a small country
    cases(6, country="BR", priority="P3", status="in_progress", threat_types=("surveillance",))


def _approved(period: str = "2026-H1") -> Release:
    drafter = staff_account().user
    admin = staff_account(role=User.Role.ADMIN).user
    release = release_draft(actor=drafter, audience="public", period=period, now=NOW)
    return release_approve(actor=admin, release=release, now=NOW)


def _cell_texts(html: str) -> list[str]:
    inside = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    values = re.findall(r'<span class="bar-value[^"]*">([^<]*)</span>', html)
    return [text.strip() for text in inside + values]


def _public_files(client: Client, release: Release) -> dict[str, str]:
    files = {}
    for table in release.published["tables"]:
        answer = client.get(reverse("transparency:csv", args=(release.slug, table["name"])))
        assert answer.status_code == 200
        assert answer["Content-Disposition"].startswith("attachment")
        files[table["name"]] = answer.content.decode()
    answer = client.get(reverse("transparency:wikimedia", args=(release.slug,)))
    files["wikimedia"] = answer.content.decode()
    answer = client.get(reverse("transparency:package", args=(release.slug,)))
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        for name in archive.namelist():
            files[f"zip:{name}"] = archive.read(name).decode()
    return files


def test_no_public_number_is_between_1_and_4_and_the_lone_volunteer_never_shows() -> None:
    _half_year()
    release = _approved()
    client = Client()
    for language in ("en", "ar", "my", "fr"):
        client.cookies["django_language"] = language
        html = client.get(reverse("transparency:release", args=(release.slug,))).content.decode()
        texts = _cell_texts(html)
        assert texts
        assert not [t for t in texts if SMALL.match(t)]
        assert "Lesotho" not in html
        assert ">1<" not in html
    files = _public_files(client, release)
    for name, body in files.items():
        if name.endswith("datapackage.json"):
            package = json.loads(body)
            assert {r["path"] for r in package["resources"]} >= {"regions.csv", "wikimedia.csv"}
            continue
        rows = list(csv.DictReader(io.StringIO(body)))
        counts = [row.get("count", row.get("value", "")) for row in rows]
        assert not [c for c in counts if SMALL.match(c)], name
        assert "LS" not in {row.get("row_key") for row in rows}
        assert "LS" not in {row.get("country_or_region") for row in rows}
    api = client.get(f"/api/v1/transparency/releases/{release.slug}").json()
    shown = [c[3] for t in api["tables"] for c in t["cells"] if c[3] is not None]
    assert shown
    assert not [n for n in shown if 1 <= n <= 4]


def test_live_changes_after_approval_change_nothing_public() -> None:
    _half_year()
    release = _approved()
    client = Client()
    url = reverse("transparency:release", args=(release.slug,))
    before = without_tokens(client.get(url).content)
    csv_before = _public_files(client, release)
    cases(40, country="US", on=date(2026, 2, 1))
    cases(3, country="LS", on=date(2026, 2, 1))
    assert without_tokens(client.get(url).content) == before
    assert _public_files(client, release) == csv_before


def test_drafts_board_packs_withdrawn_and_missing_releases_are_the_same_404() -> None:
    _half_year()
    drafter = staff_account().user
    admin = staff_account(role=User.Role.ADMIN).user
    draft = release_draft(actor=drafter, audience="public", period="2026-H2", now=NOW)
    board = release_draft(actor=drafter, audience="board", period="2026-Q2", now=NOW)
    release_approve(actor=admin, release=board, now=NOW)
    client = Client()
    missing = client.get(reverse("transparency:release", args=("2031-h1",)))
    assert missing.status_code == 404
    for slug in (draft.slug, board.slug):
        for name, args in (
            ("transparency:release", (slug,)),
            ("transparency:csv", (slug, "regions")),
            ("transparency:package", (slug,)),
            ("transparency:wikimedia", (slug,)),
        ):
            answer = client.get(reverse(name, args=args))
            assert answer.status_code == 404
            assert without_tokens(answer.content) == without_tokens(missing.content)
    assert client.get(f"/api/v1/transparency/releases/{board.slug}").status_code == 404
    index = client.get(reverse("transparency:index")).content.decode()
    assert draft.slug not in index
    assert board.slug not in index


def test_staff_pages_draft_preview_and_approve_denied_and_allowed() -> None:
    cases(12, country="DE")
    cases(2, country="LS")
    handler = staff_account()
    other = staff_account()
    admin = staff_account(role=User.Role.ADMIN)
    as_handler = signed_in(handler)
    # anonymous: the login page; a partner's user would get a 404 (staff_required)
    assert Client().get(reverse("transparency:staff_list")).status_code == 302
    bad = as_handler.post(
        reverse("transparency:staff_list"), {"audience": "public", "period": "2026"}
    )
    assert bad.status_code == 400
    assert Release.objects.count() == 0
    answer = as_handler.post(
        reverse("transparency:staff_list"), {"audience": "public", "period": "2026-H1"}
    )
    assert answer.status_code == 302
    release = Release.objects.get()
    preview = as_handler.get(reverse("transparency:staff_release", args=(release.slug,)))
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "fewer than 5" in text
    assert "Approve and publish" not in text
    # the rule set is named in words, never by its code
    assert "the public disclosure rules, version" in text
    assert "“public”" not in text
    # public: not yet
    assert Client().get(reverse("transparency:release", args=(release.slug,))).status_code == 404
    approve = reverse("transparency:staff_approve", args=(release.slug,))
    assert signed_in(other).post(approve).status_code == 403  # a handler may not approve
    assert as_handler.post(approve).status_code == 403
    as_admin = signed_in(admin)
    assert as_admin.get(approve).status_code == 405
    assert as_admin.post(approve).status_code == 302
    assert Release.objects.get().state == "approved"
    assert Client().get(reverse("transparency:release", args=(release.slug,))).status_code == 200
    missing = as_admin.get(reverse("transparency:staff_release", args=("1999-h1",)))
    assert missing.status_code == 404
    withdraw = reverse("transparency:staff_withdraw", args=(release.slug,))
    assert as_handler.post(withdraw).status_code == 403
    assert as_admin.post(withdraw).status_code == 302
    assert Client().get(reverse("transparency:release", args=(release.slug,))).status_code == 404


def test_the_drafter_cannot_approve_their_own_release_even_as_admin() -> None:
    cases(12)
    admin = staff_account(role=User.Role.ADMIN)
    as_admin = signed_in(admin)
    as_admin.post(reverse("transparency:staff_list"), {"audience": "public", "period": "2026-H1"})
    release = Release.objects.get()
    answer = as_admin.post(reverse("transparency:staff_approve", args=(release.slug,)))
    assert answer.status_code == 409
    assert "someone other" in answer.content.decode()
    assert Release.objects.get().state == "draft"


def test_board_examples_are_sealed_and_shown_to_admins_only() -> None:
    cases(12)
    admin = staff_account(role=User.Role.ADMIN)
    handler = staff_account()
    secret = "Example: a volunteer in a capital city was followed after an edit-a-thon."
    as_handler = signed_in(handler)
    as_handler.post(
        reverse("transparency:staff_list"),
        {"audience": "board", "period": "2026-Q2", "examples": secret},
    )
    release = Release.objects.get()
    assert release.examples.count() == 1
    assert secret.encode() not in bytes(release.examples.get().sealed)
    url = reverse("transparency:staff_release", args=(release.slug,))
    assert secret not in as_handler.get(url).content.decode()
    assert secret in signed_in(admin).get(url).content.decode()


def test_a_single_demand_from_a_small_country_never_shows_as_a_1() -> None:
    """Issue 15: a lone demand (one country, one instrument, one requester kind, one account)
    over a half-year appears nowhere public as a 1, nor names its country."""
    _half_year()
    handler = staff_account()
    demand_permission(handler)
    for _ in range(6):
        demand_made(handler.user, country="DE", received_on=date(2026, 2, 3))
    demand_made(
        handler.user,
        country="LS",
        requester_kind="court",
        instrument="national_security",
        received_on=date(2026, 4, 7),
    )
    release = _approved()
    names = {table["name"] for table in release.published["tables"]}
    assert {"demand_user_data", "demand_content", "demand_regions", "demand_accounts"} <= names
    client = Client()
    html = client.get(reverse("transparency:release", args=(release.slug,))).content.decode()
    assert not [t for t in _cell_texts(html) if SMALL.match(t)]
    assert "Lesotho" not in html
    for name, body in _public_files(client, release).items():
        if name.endswith(".json"):
            continue
        rows = list(csv.DictReader(io.StringIO(body)))
        counts = [row.get("count", row.get("value", "")) for row in rows]
        assert not [c for c in counts if SMALL.match(c)], name
        assert "LS" not in {row.get("row_key") for row in rows}, name
    api = client.get(f"/api/v1/transparency/releases/{release.slug}").json()
    shown = [c[3] for t in api["tables"] for c in t["cells"] if c[3] is not None]
    assert not [n for n in shown if 1 <= n <= 4]
