"""Crisis playbooks: translations as checked data files, admins' edits as revisions, the checklist
in the viewer's language with an English fallback that says so, and open crises that keep their
steps whatever is edited later."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.crisis.playbooks import files as playbook_files
from rightsdesk.cases.crisis.playbooks import store
from rightsdesk.cases.crisis.playbooks.store import Playbook, PlaybookError
from rightsdesk.cases.crisis.services import crisis_open
from rightsdesk.cases.models import Case, Crisis, PlaybookRevision
from tests.factories import StaffAccount, signed_in, staff_account
from tests.reporting import file_report

ARABIC = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def admin(db: None) -> StaffAccount:
    return staff_account(username="amina", role=User.Role.ADMIN)


@pytest.fixture
def isolated_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A playbook directory of the test's own; the caches of the real files are restored."""
    monkeypatch.setattr(playbook_files, "PLAYBOOK_DIR", tmp_path)
    store.shipped.cache_clear()
    store.shipped_translations.cache_clear()
    yield tmp_path
    store.shipped.cache_clear()
    store.shipped_translations.cache_clear()


def source_data(**changes: Any) -> dict[str, Any]:
    data = store.shipped()["doxxing"].as_data()
    data.update(changes)
    return data


def translation_data(language: str = "es") -> dict[str, Any]:
    return store.shipped_translations()[("doxxing", language)].as_data()


def crisis_for(client: Client, threat: str = "doxxing") -> Case:
    """A case granted to the handlers that exist now, with its crisis open."""
    file_report(client, threat_types=[threat])
    case = Case.objects.order_by("-pk").first()
    assert case is not None
    crisis_open(case=case, now=timezone.now(), actor="system:test")
    return case


def edit_url(slug: str = "doxxing", language: str = "en") -> str:
    return reverse("cases:playbook_edit", args=[slug, language])


def source_post(
    book: Playbook,
    *,
    based_on: int = 0,
    remove: tuple[str, ...] = (),
    add: dict[str, Any] | None = None,
    **changes: Any,
) -> dict[str, Any]:
    """What the source editor posts: every step, the remove boxes, and the blank row."""
    data: dict[str, Any] = {
        "title": book.title,
        "threat_types": list(book.threat_types),
        "based_on": based_on,
        "steps-TOTAL_FORMS": len(book.steps) + 1,
        "steps-INITIAL_FORMS": len(book.steps),
        "steps-MIN_NUM_FORMS": 0,
        "steps-MAX_NUM_FORMS": store.STEPS_MAX,
    }
    for index, step in enumerate(book.steps):
        for key, value in vars(step).items():
            data[f"steps-{index}-{key}"] = value
        if step.id in remove:
            data[f"steps-{index}-DELETE"] = "on"
    for key in ("id", "minutes", "title", "detail"):
        data[f"steps-{len(book.steps)}-{key}"] = (add or {}).get(key, "")
    data.update(changes)
    return data


# --- the files --------------------------------------------------------------------------------


def test_every_playbook_ships_complete_arabic_and_spanish_translations() -> None:
    sources = store.shipped()
    texts = store.shipped_translations()
    shipped_languages = {(slug, lang) for slug in sources for lang in ("ar", "es")}
    assert shipped_languages <= set(texts)  # more languages may come; these two must be complete
    for (slug, lang), text in texts.items():
        source = sources[slug]
        assert list(text.steps) == [step.id for step in source.steps]
        if lang not in ("ar", "es"):
            continue
        english = {step.title for step in source.steps} | {step.detail for step in source.steps}
        for title, detail in text.steps.values():
            assert title not in english
            assert detail not in english  # translated, not copied
            if lang == "ar":
                assert ARABIC.search(title)
                assert ARABIC.search(detail)
    # technical terms stay recognisable next to the translation
    assert "oversight" in texts[("doxxing", "es")].steps["suppress"][0]
    assert "2FA" in texts[("account_compromise", "ar")].steps["twofactor"][0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["steps"].pop("suppress"), r"es/doxxing\.json: step suppress: not translated"),
        (lambda d: d["steps"].update(extra={"title": "x", "detail": "y"}), r"step extra: not in"),
        (
            lambda d: d["steps"]["evidence"].update(detail="  "),
            r"step evidence: the detail is empty",
        ),
        (lambda d: d["steps"]["contact"].update(minutes=5), r"step contact: unexpected or missing"),
        (lambda d: d.update(threat_types=["doxxing"]), r"es/doxxing\.json: unexpected or missing"),
        (lambda d: d["steps"]["support"].update(title="x" * 201), r"support: the title is longer"),
    ],
)
def test_a_broken_translation_file_is_refused_naming_file_and_step(
    tmp_path: Path, change: Any, message: str
) -> None:
    data = translation_data()
    change(data)
    (tmp_path / "es").mkdir()
    path = tmp_path / "es" / "doxxing.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(PlaybookError, match=message):
        store.load_translation_file(path, store.shipped()["doxxing"])


def test_the_loader_refuses_a_broken_file_in_the_playbook_directory(isolated_files: Path) -> None:
    real = Path(store.__file__).parent / "data"
    (isolated_files / "doxxing.json").write_text((real / "doxxing.json").read_text("utf-8"))
    (isolated_files / "ar").mkdir()
    broken = json.loads((real / "ar" / "doxxing.json").read_text("utf-8"))
    del broken["steps"]["takedown"]
    (isolated_files / "ar" / "doxxing.json").write_text(json.dumps(broken), encoding="utf-8")
    assert set(store.shipped()) == {"doxxing"}
    with pytest.raises(PlaybookError, match=r"ar/doxxing\.json: step takedown: not translated"):
        store.shipped_translations()


def test_a_translation_needs_a_source_and_a_site_language(isolated_files: Path) -> None:
    (isolated_files / "xx").mkdir()
    with pytest.raises(PlaybookError, match="xx: not a translation language"):
        store.shipped_translations()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"steps": []}, "1 to 30 steps"),
        ({"title": " "}, "the title is empty"),
        ({"threat_types": ["doxxing", "doxxing"]}, "each threat type once"),
        ({"threat_types": ["aliens"]}, "unknown threat type: aliens"),
        ({"extra": 1}, "unexpected or missing: extra"),
    ],
)
def test_the_source_checks(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(PlaybookError, match=message):
        store.parse_source(source_data(**changes), "doxxing.json")


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"id": "contact"}, "step contact: this id is used twice"),
        ({"id": "Not A Slug"}, "step 8: the id may use only"),
        ({"minutes": 0}, "step new: the deadline must be 1 to 43200 minutes"),
        ({"minutes": True}, "step new: the deadline must be a whole number"),
        ({"minutes": "15"}, "step new: the deadline must be a whole number"),
        ({"detail": "d" * 2001}, "step new: the detail is longer than 2000 characters"),
        ({"title": "t" * 201}, "step new: the title is longer than 200 characters"),
    ],
)
def test_the_step_checks(step: dict[str, Any], message: str) -> None:
    new = {"id": "new", "minutes": 30, "title": "A new step", "detail": "What to do."} | step
    data = source_data()
    data["steps"].append(new)
    with pytest.raises(PlaybookError, match=f"doxxing.json: {message}"):
        store.parse_source(data, "doxxing.json")


def test_at_most_thirty_steps() -> None:
    steps = [{"id": f"s{n}", "minutes": n + 1, "title": "t", "detail": "d"} for n in range(31)]
    with pytest.raises(PlaybookError, match="1 to 30 steps"):
        store.parse_source(source_data(steps=steps), "doxxing.json")
    store.parse_source(source_data(steps=steps[:30]), "doxxing.json")


# --- in force -----------------------------------------------------------------------------------


def test_the_language_in_force_and_the_fallback(db: None) -> None:
    arabic = store.localised("doxxing", "ar")
    assert not arabic.fallback
    assert ARABIC.search(arabic.book.title)
    assert [s.minutes for s in arabic.book.steps] == [
        s.minutes for s in store.shipped()["doxxing"].steps
    ]
    assert store.localised("doxxing", "es-mx").book.title.startswith("Información privada")
    french = store.localised("doxxing", "fr")
    assert french.fallback
    assert french.book == store.shipped()["doxxing"]
    english = store.localised("doxxing", "en")
    assert not english.fallback
    assert english.book == store.shipped()["doxxing"]


# --- the editor over HTTP -----------------------------------------------------------------------


def test_handlers_are_refused_the_editor_and_nothing_is_saved(
    client: Client, handler: StaffAccount, admin: StaffAccount
) -> None:
    hana, amina = signed_in(handler), signed_in(admin)
    book = store.shipped()["doxxing"]
    posted = source_post(book, title="Changed by a handler")
    revert = reverse("cases:playbook_revert", args=["doxxing", "en"])
    listing = reverse("cases:playbooks")

    assert hana.get(listing).status_code == 403
    assert hana.get(edit_url()).status_code == 403
    assert hana.post(edit_url(), posted).status_code == 403
    assert hana.post(revert, {"based_on": 0}).status_code == 403
    assert f'href="{listing}"' not in hana.get(reverse("cases:home")).content.decode()
    assert not PlaybookRevision.objects.exists()

    assert amina.get(listing).status_code == 200
    assert f'href="{listing}"' in amina.get(reverse("cases:home")).content.decode()
    assert amina.get(edit_url()).status_code == 200
    assert amina.post(edit_url(), posted).status_code == 302
    assert PlaybookRevision.objects.get().data["title"] == "Changed by a handler"
    assert AuditEntry.objects.filter(
        action="playbook.edit", actor=f"user:{admin.user.pk}", target_id="doxxing/en"
    ).exists()


def test_unknown_playbook_or_language_is_not_found(admin: StaffAccount) -> None:
    amina = signed_in(admin)
    assert amina.get(edit_url("nonsense")).status_code == 404
    assert amina.get(edit_url("doxxing", "xx")).status_code == 404
    assert amina.get(edit_url("doxxing", "ar")).status_code == 200


def test_the_editor_pages_list_languages_and_need_no_script(admin: StaffAccount) -> None:
    amina = signed_in(admin)
    listing = amina.get(reverse("cases:playbooks")).content.decode()
    assert listing.count("shipped file") >= 15  # five playbooks x (en, ar, es)
    assert "none: English is shown" in listing  # fa, fr, ru, my
    page = amina.get(edit_url()).content.decode()
    assert "Remove this step" in page
    assert 'name="steps-7-id"' in page  # the blank row after the seven steps
    assert 'name="steps-TOTAL_FORMS"' in page
    translation = amina.get(edit_url("doxxing", "ar")).content.decode()
    assert 'lang="ar" dir="rtl"' in translation
    assert "Request suppression or oversight on the wiki" in translation  # English beside it
    for html in (listing, page, translation):
        assert "<script" not in html
        assert " style=" not in html


def test_an_edit_applies_to_new_crises_and_an_open_crisis_keeps_its_steps(
    client: Client, handler: StaffAccount, admin: StaffAccount
) -> None:
    before = crisis_for(client)
    amina = signed_in(admin)
    book = store.shipped()["doxxing"]
    response = amina.post(
        edit_url(),
        source_post(
            book,
            remove=("takedown",),
            add={"id": "statement", "minutes": 90, "title": "Agree on a statement", "detail": "X"},
        ),
    )
    assert response.status_code == 302
    edited = store.source("doxxing")
    assert "takedown" not in [s.id for s in edited.steps]
    assert edited.steps[-1].id == "statement"

    after = crisis_for(client)
    ids = set(Crisis.objects.get(case=after).steps.values_list("step_id", flat=True))
    assert "statement" in ids
    assert "takedown" not in ids
    old = set(Crisis.objects.get(case=before).steps.values_list("step_id", flat=True))
    assert "takedown" in old
    assert "statement" not in old

    hana = signed_in(handler)
    page = hana.get(reverse("cases:detail", args=[before.number])).content.decode()
    assert "Send takedown requests to hosts" in page  # its last known text
    assert "step “takedown”, since removed from the playbook" in page
    assert reverse("cases:crisis_step", args=[before.number, "takedown"]) in page
    arabic = hana.get(
        reverse("cases:detail", args=[before.number]), headers={"accept-language": "ar"}
    ).content.decode()
    assert store.shipped_translations()[("doxxing", "ar")].steps["takedown"][0] in arabic
    new_page = hana.get(reverse("cases:detail", args=[after.number])).content.decode()
    assert "Agree on a statement" in new_page


def test_bad_source_edits_are_refused_with_400_and_nothing_saved(admin: StaffAccount) -> None:
    amina = signed_in(admin)
    book = store.shipped()["doxxing"]
    cases = [
        source_post(book, add={"id": "contact", "minutes": 5, "title": "t", "detail": "d"}),
        source_post(book, add={"id": "Bad Id", "minutes": 5, "title": "t", "detail": "d"}),
        source_post(book, add={"id": "late", "minutes": 0, "title": "t", "detail": "d"}),
        source_post(book, add={"id": "half", "minutes": 5, "title": "", "detail": ""}),
        source_post(book, remove=tuple(step.id for step in book.steps)),
        source_post(book, threat_types=["surveillance"]),  # already the surveillance playbook's
        source_post(book, threat_types=[]),
        source_post(book, title="t" * 201),
        {**source_post(book), "steps-TOTAL_FORMS": "x"},  # a tampered management form
        {**source_post(book), "steps-0-detail": "d" * 2001},
    ]
    for posted in cases:
        response = amina.post(edit_url(), posted)
        assert response.status_code == 400, posted
        assert 'role="alert"' in response.content.decode()
    assert not PlaybookRevision.objects.exists()
    assert not AuditEntry.objects.filter(action="playbook.edit").exists()


def test_thirty_one_steps_are_refused(admin: StaffAccount) -> None:
    amina = signed_in(admin)
    book = store.shipped()["doxxing"]
    many = Playbook(
        slug=book.slug,
        title=book.title,
        threat_types=book.threat_types,
        steps=tuple(
            store.Step(id=f"s{n}", minutes=n + 1, title="t", detail="d") for n in range(30)
        ),
    )
    posted = source_post(many, add={"id": "s30", "minutes": 99, "title": "t", "detail": "d"})
    response = amina.post(edit_url(), posted)
    assert response.status_code == 400
    assert "1 to 30 steps" in response.content.decode()
    assert not PlaybookRevision.objects.exists()
    assert amina.post(edit_url(), source_post(many)).status_code == 302


def test_a_stale_editor_is_refused_with_409(admin: StaffAccount) -> None:
    amina = signed_in(admin)
    book = store.shipped()["doxxing"]
    assert amina.post(edit_url(), source_post(book, title="First")).status_code == 302
    stale = amina.post(edit_url(), source_post(book, title="Second", based_on=0))
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Someone saved this playbook in the meantime" in html
    assert store.source("doxxing").title == "First"
    assert 'value="Second"' in html  # what the second admin typed is not lost
    based_on = re.search(r'name="based_on" value="(\d+)"', html)
    assert based_on is not None
    assert int(based_on.group(1)) == PlaybookRevision.objects.get().pk
    again = source_post(book, title="Second", based_on=int(based_on.group(1)))
    assert amina.post(edit_url(), again).status_code == 302
    assert store.source("doxxing").title == "Second"


def test_translation_edit_revert_history_and_the_case_page(
    client: Client, handler: StaffAccount, admin: StaffAccount
) -> None:
    case = crisis_for(client)
    amina, hana = signed_in(admin), signed_in(handler)
    detail = reverse("cases:detail", args=[case.number])

    arabic = hana.get(detail, headers={"accept-language": "ar"}).content.decode()
    assert store.shipped_translations()[("doxxing", "ar")].steps["suppress"][0] in arabic
    assert "playbook-language" not in arabic  # no "shown in English" note
    french_page = hana.get(detail, headers={"accept-language": "fr"})
    assert french_page.context["crisis"]["checklist"].fallback
    french = french_page.content.decode()
    assert "Request suppression or oversight on the wiki" in french
    assert 'class="note playbook-language"' in french
    assert 'lang="en" dir="ltr"' in french
    assert "Private information published (doxxing)" in french

    posted: dict[str, Any] = {"title": "Información privada publicada", "based_on": 0}
    for sid, (title, text) in store.shipped_translations()[("doxxing", "es")].steps.items():
        posted[f"{sid}-title"], posted[f"{sid}-detail"] = title, text
    posted["suppress-title"] = "Pedir la supresión ya"
    empty = amina.post(edit_url("doxxing", "es"), {**posted, "contact-detail": " "})
    assert empty.status_code == 400
    assert not PlaybookRevision.objects.exists()
    assert amina.post(edit_url("doxxing", "es"), posted).status_code == 302
    spanish = hana.get(detail, headers={"accept-language": "es"}).content.decode()
    assert "Pedir la supresión ya" in spanish

    # the English gains a step: the Spanish shows it in English, and says so
    book = store.shipped()["doxxing"]
    add = {"id": "statement", "minutes": 90, "title": "Agree on a statement", "detail": "X"}
    assert amina.post(edit_url(), source_post(book, add=add)).status_code == 302
    listing = amina.get(reverse("cases:playbooks")).content.decode()
    assert "the English changed since" in listing
    fresh = crisis_for(client)
    spanish_page = hana.get(
        reverse("cases:detail", args=[fresh.number]), headers={"accept-language": "es"}
    )
    shown = spanish_page.context["crisis"]["checklist"]
    assert shown.partly_english
    assert not shown.fallback
    assert [item.english for item in shown.items if item.row.step_id == "statement"] == [True]
    spanish = spanish_page.content.decode()
    assert "Agree on a statement" in spanish
    assert "Pedir la supresión ya" in spanish
    assert 'class="note playbook-language"' in spanish
    # saving the Spanish now needs the new step translated too
    row = PlaybookRevision.objects.get(language="es")
    again = amina.post(edit_url("doxxing", "es"), {**posted, "based_on": row.pk})
    assert again.status_code == 400
    assert PlaybookRevision.objects.filter(language="es").count() == 1

    revert = reverse("cases:playbook_revert", args=["doxxing", "es"])
    assert amina.post(revert, {"based_on": 0}).status_code == 409  # stale: an edit exists
    assert amina.post(revert, {"based_on": "x"}).status_code == 400
    assert store.origin("doxxing", "es") == "edit"
    assert amina.post(revert, {"based_on": row.pk}).status_code == 302
    assert (
        "Pedir la supresión ya"
        not in hana.get(detail, headers={"accept-language": "es"}).content.decode()
    )
    assert store.origin("doxxing", "es") == "file"
    page = amina.get(edit_url("doxxing", "es")).content.decode()
    assert "back to the shipped file" in page
    assert "amina" in page
    assert AuditEntry.objects.filter(action="playbook.revert", target_id="doxxing/es").exists()
    # a second revert has nothing to do
    newest = PlaybookRevision.objects.filter(language="es").first()
    assert newest is not None
    amina.post(revert, {"based_on": newest.pk})
    assert PlaybookRevision.objects.filter(language="es").count() == 2


def test_a_language_without_a_file_can_be_written_by_an_admin(
    client: Client, handler: StaffAccount, admin: StaffAccount
) -> None:
    case = crisis_for(client, "surveillance")
    amina, hana = signed_in(admin), signed_in(handler)
    book = store.shipped()["surveillance"]
    posted: dict[str, Any] = {"title": "Surveillance (fr)", "based_on": 0}
    for step in book.steps:
        posted[f"{step.id}-title"] = f"{step.id} en français"
        posted[f"{step.id}-detail"] = "Détail."
    assert amina.post(edit_url("surveillance", "fr"), posted).status_code == 302
    page = hana.get(
        reverse("cases:detail", args=[case.number]), headers={"accept-language": "fr"}
    ).content.decode()
    assert "channel en français" in page
    assert "playbook-language" not in page
