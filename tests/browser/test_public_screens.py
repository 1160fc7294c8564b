"""Every public screen at 360 and 1280 pixels, in English, Arabic and Burmese, JavaScript off.

For each page and width the test fails on: horizontal scrolling; text in Arabic or Myanmar script
that no font the page loads can draw (checked against the font files themselves with fontTools,
and in the browser that the face really loaded); any axe-core violation; tap targets under 44 px
in the main content (links that stand alone, buttons, inputs, the labels of radios and
checkboxes); a page heavier than 100 KB without its fonts. Screenshots go to a folder named for
the run (run-<id>/public under RIGHTSDESK_SCREENSHOTS, else the temporary folder; printed with -s);
a few are copied to docs/screens/ by hand for docs/interface.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.services import message_post
from rightsdesk.community.models import Event, EventKind
from rightsdesk.gaps import services as gaps_services
from rightsdesk.transparency.releases import release_approve, release_draft
from tests.browser.conftest import RUN_SCREENSHOTS, axe_violations
from tests.browser.glyphs import missing_glyphs, static_file
from tests.factories import StaffAccount, staff_account
from tests.gaps.conftest import DUMP_HEAD
from tests.transparency.releasing import cases

WIDTHS = (360, 1280)
TIMES: dict[str, float] = {}
RUN = RUN_SCREENSHOTS / "public"  # this run's screenshots
TARGET = 44  # px: the smallest tap target (WCAG 2.5.5, Apple and Android guidance)
PAGE_BUDGET = 100_000  # bytes on the wire for a page without its fonts


# Elements in the main content that are too small to tap. A link inside a sentence is exempt
# (WCAG 2.5.5 "inline"); a link that stands alone, in a list, a nav or a cell, is not.
TARGETS_JS = """(minimum) => {
  const small = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    ' "' + (el.textContent || el.value || el.name || '').trim().slice(0, 40) + '"';
  const block = (el) => {
    let parent = el.parentElement;
    while (parent && getComputedStyle(parent).display.startsWith('inline')) {
      parent = parent.parentElement;
    }
    return parent;
  };
  const inSentence = (link) => {
    const parent = block(link);
    if (!parent) return false;
    const clone = parent.cloneNode(true);
    clone.querySelectorAll('a, .note, .hint, .code, code').forEach(el => el.remove());
    return /[\\p{L}\\p{N}]/u.test(clone.textContent);
  };
  const selector = 'a[href], button, input, select, textarea, summary';
  for (const el of document.querySelector('main').querySelectorAll(selector)) {
    if (el.type === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (el.type === 'radio' || el.type === 'checkbox') {
      const label = el.labels && el.labels[0];
      const area = label ? label.getBoundingClientRect() : box;
      if (area.height < minimum - 0.5 || box.width < 24 - 0.5) {
        small.push(describe(el) + ' ' + Math.round(area.height) + 'px');
      }
      continue;
    }
    if (el.tagName === 'A' && inSentence(el)) continue;
    if (box.height < minimum - 0.5 || box.width < minimum - 0.5) {
      small.push(describe(el) + ' ' + Math.round(box.width) + 'x' + Math.round(box.height));
    }
  }
  return small;
}"""

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
# What sticks out (outermost first), to say where the sideways scrolling comes from.
WIDE_JS = """() => [...document.body.querySelectorAll('*')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1) &&
      !el.parentElement.closest('.scroll, .table-wrap') && !el.matches('.skip');
  }).slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + el.className + ' ' +
                    Math.round(el.getBoundingClientRect().width) + 'px')"""

# Bytes of the page and everything it loaded but fonts (cached, and only for the languages that
# need them), as encoded on the wire, whether or not they came from the cache this time.
WEIGHT_JS = """() => [...performance.getEntriesByType('navigation'),
                      ...performance.getEntriesByType('resource')]
  .filter(entry => !/[.]woff2?$/.test(new URL(entry.name).pathname))
  .reduce((total, entry) => total + entry.encodedBodySize, 0)"""


@dataclass
class Findings:
    language: str
    problems: dict[str, list[str]] = field(default_factory=dict)
    weights: dict[str, int] = field(default_factory=dict)

    def add(self, where: str, found: list[str]) -> None:
        if found:
            self.problems.setdefault(where, []).extend(found)


def check_screen(page: Any, findings: Findings, name: str) -> None:
    """Every check at both widths for the page the browser shows now."""
    page.wait_for_load_state("load")
    findings.weights[name] = page.evaluate(WEIGHT_JS)
    if findings.weights[name] > PAGE_BUDGET:
        findings.add(name, [f"{findings.weights[name]} bytes without fonts"])
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        where = f"{name} {findings.language} {width}px"
        overflow = page.evaluate(OVERFLOW_JS)
        if overflow > 0:
            findings.add(where, [f"scrolls sideways by {overflow}px: {page.evaluate(WIDE_JS)}"])
        findings.add(where, missing_glyphs(page))
        findings.add(where, [f"small target: {item}" for item in page.evaluate(TARGETS_JS, TARGET)])
        if width == WIDTHS[0]:  # axe at phone width: its rules hardly depend on the width
            started = time.monotonic()
            findings.add(where, axe_violations(page, width))
            TIMES["axe"] = TIMES.get("axe", 0) + time.monotonic() - started
        started = time.monotonic()
        RUN.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RUN / f"{name}-{findings.language}-{width}.png"), full_page=True)
        TIMES["shot"] = TIMES.get("shot", 0) + time.monotonic() - started


@pytest.fixture
def staff(transactional_db: None) -> StaffAccount:
    return staff_account(username="nadia")


@pytest.fixture
def event(transactional_db: None) -> Event:
    start = timezone.now() + timedelta(days=5)
    return Event.objects.create(
        kind=EventKind.OFFICE_HOURS,
        title="Digital safety office hours",
        description="Bring your questions about accounts, phones and doxxing.",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        languages="en,ar,my",
        online_url="https://meet.example.org/room",
        capacity=10,
    )


@dataclass
class World:
    staff: StaffAccount
    event: Event
    release: str  # an approved public transparency release's slug


@pytest.fixture
def world(settings: LazySettings, tmp_path: Path, staff: StaffAccount, event: Event) -> World:
    """A handler, an upcoming event and the observatory filled from the demo dump."""
    settings.DATA_DIR = tmp_path
    gaps_services.scan(dump=DUMP_HEAD)
    return World(staff, event, _release(staff))


def _release(staff: StaffAccount) -> str:
    """The half-year's public transparency report, drafted by `staff`, approved by an admin."""
    cases(23, country="DE", priority="P3")
    cases(9, country="FR", priority="P2", late=True)
    cases(1, country="LS", priority="P1", threat_types=("arrest",))
    now = timezone.now()
    draft = release_draft(actor=staff.user, audience="public", period="2026-H1", now=now)
    admin = staff_account(username="screens-admin", role=User.Role.ADMIN).user
    return release_approve(actor=admin, release=draft, now=now).slug


def press(page: Any, value: str) -> None:
    page.locator(f'button[name="go"][value="{value}"]').click()
    page.wait_for_load_state("load")


@pytest.mark.screens
@pytest.mark.parametrize("language", ["en", "ar", "my"])
def test_public_screens(page: Any, live_server: Any, world: World, language: str) -> None:
    findings = Findings(language)
    page.goto("/")
    page.select_option("#language", language)
    page.locator("form.language button").click()
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == language
    check_screen(page, findings, "home")
    report = page.locator("main a.button").first  # the main action is a primary button
    assert report.get_attribute("href") == "/report/"
    report.click()

    check_screen(page, findings, "report-1")
    press(page, "next")  # nothing typed: the error summary, above the step's questions
    assert page.locator(".error-summary a[href='#id_narrative']").count() == 1
    check_screen(page, findings, "report-1-error")
    page.locator("#id_threat_types_0").check()
    page.locator("#id_narrative").fill("My address was posted on a forum.")
    for step in range(2, 6):
        press(page, "next")
        check_screen(page, findings, f"report-{step}")
    press(page, "next")
    check_screen(page, findings, "report-6-review")
    if language == "en":
        hint = page.locator("#attachments-hint").inner_text()
        assert "each at most 500\xa0MB" in hint or "each at most 500 MB" in hint
    press(page, "send")
    receipt = page.locator(".secret code").inner_text()
    check_screen(page, findings, "receipt")

    from rightsdesk.cases.models import Case  # noqa: PLC0415 - after the report was filed

    message_post(
        case=Case.objects.latest("id"),  # the report just filed (the release counted others)
        body="We read your report and will write back today.",
        author=world.staff.user,
    )
    page.goto("/inbox/login/")
    check_screen(page, findings, "inbox-login")
    page.locator("#id_receipt").fill(receipt)
    page.locator("main form button").click()
    page.wait_for_load_state("load")
    assert "We read your report" in page.content()
    check_screen(page, findings, "inbox")

    for name, url in (
        ("safety", "/safety/"),
        ("guide", "/safety/guides/doxxing/"),
        ("checkup", "/safety/checkup/"),
        ("quiz", "/safety/learn/passwords/"),
        ("events", "/community/events/"),
        ("event", f"/community/events/{world.event.id}/"),
        ("gaps", "/gaps/"),
        ("transparency", "/transparency/"),
        ("transparency-release", f"/transparency/{world.release}/"),
    ):
        page.goto(url)
        check_screen(page, findings, name)

    print(f"\npage weights without fonts ({language}):", findings.weights)
    print("screenshots:", RUN, {k: round(v, 1) for k, v in TIMES.items()})
    assert not findings.problems, "\n".join(f"{k}: {v}" for k, v in findings.problems.items())


def test_the_glyph_check_fails_without_the_fonts(
    page: Any, live_server: Any, transactional_db: None
) -> None:
    """The check is not vacuous: a Burmese page whose font stylesheet is not served has text no
    loaded font covers."""
    page.goto("/")
    page.select_option("#language", "my")
    page.locator("form.language button").click()
    page.route("**/fonts-my.css", lambda route: route.fulfill(body="", content_type="text/css"))
    page.goto("/")
    missing = missing_glyphs(page)
    assert any("(Myanmar)" in problem for problem in missing)


def test_the_target_and_overflow_checks_fail_on_a_bad_page(
    page: Any, live_server: Any, transactional_db: None
) -> None:
    bad = (
        "<html lang='en'><body><main><p><a href='/x'>Alone</a></p><button>b</button>"
        "<p>A sentence with <a href='/y'>a link</a> in it.</p>"
        "<div class='wide'>x</div></main></body></html>"
    )
    page.route(
        live_server.url + "/bad-page/",
        lambda route: route.fulfill(body=bad, content_type="text/html"),
    )
    page.goto("/bad-page/")
    page.set_viewport_size({"width": 360, "height": 800})
    small = page.evaluate(TARGETS_JS, TARGET)
    assert any('"Alone"' in item for item in small)
    assert any('"b"' in item for item in small)
    assert not any('"a link"' in item for item in small)  # inside a sentence: exempt
    page.set_content("<html><body><div style='width:2000px'>wide</div></body></html>")
    assert page.evaluate(OVERFLOW_JS) > 0


def test_the_page_budget_counts_bytes(page: Any, live_server: Any, transactional_db: None) -> None:
    page.goto("/")
    page.wait_for_load_state("load")
    html = len(page.content().encode())
    css = Path(static_file(live_server.url + "/static/rightsdesk/site.css")).stat().st_size
    assert page.evaluate(WEIGHT_JS) >= html + css - 200  # the page and site.css at least
