"""The report form's effort script in a real browser (chromium, JavaScript on).

Its scrypt (WebCrypto PBKDF2 + our Salsa20/8 ROMix, static intake/effort-worker.js) must equal
Python's hashlib.scrypt, which verifies it on the server; and a person with JavaScript on gets a
receipt past an exhausted report budget because the page solved the puzzle while they wrote.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings

from rightsdesk.cases.models import Case
from rightsdesk.core import admission
from rightsdesk.intake import gauge
from tests.browser.conftest import screenshot

WORKER = Path(__file__).resolve().parents[2] / "rightsdesk/intake/static/intake/effort-worker.js"

# Seeded: pytest-xdist workers must collect the same parameters.
RANDOM = random.Random(7914)  # noqa: S311 - test data, not a secret

SCRYPT_IN_WORKER = """async (job) => {
  const url = document.getElementById("effort-puzzle").dataset.worker;
  const worker = new Worker(url);
  const answer = await new Promise((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data.hex);
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage(job);
  });
  worker.terminate();
  return answer;
}"""


NOTE_WATCH = """() => {
  const note = document.getElementById("effort-wait");
  new MutationObserver(() => {
    if (!note.hidden) console.log("effort-wait shown");
  }).observe(note, {attributes: true});
}"""


@pytest.fixture
def js_page(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    width = getattr(request, "param", 1280)
    context = browser.new_context(
        java_script_enabled=True,
        base_url=live_server.url,
        viewport={"width": width, "height": 800},
    )
    context.set_default_timeout(20000)
    page = context.new_page()
    page.requested = []
    page.problems = []
    page.on("request", lambda req: page.requested.append(req.url))
    page.on("console", lambda msg: page.problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def js_scrypt(page: Any, password: bytes, salt: bytes, params: tuple[int, int, int, int]) -> str:
    n, r, p, dk = params
    job = {
        "op": "scrypt",
        "password": list(password),
        "salt": list(salt),
        "n": n,
        "r": r,
        "p": p,
        "dkLen": dk,
    }
    return str(page.evaluate(SCRYPT_IN_WORKER, job))


@pytest.mark.parametrize(
    ("password", "salt", "params"),
    [
        (b"", b"", (16, 1, 1, 64)),  # RFC 7914 section 12, the first two vectors
        (b"password", b"NaCl", (1024, 8, 16, 64)),
        (RANDOM.randbytes(57), RANDOM.randbytes(23), (1024, 8, 1, 32)),  # random, puzzle-sized
    ],
)
def test_the_browser_scrypt_equals_hashlib(
    js_page: Any,
    transactional_db: None,
    password: bytes,
    salt: bytes,
    params: tuple[int, int, int, int],
) -> None:
    js_page.goto("/report/")
    n, r, p, dk = params
    expected = hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, dklen=dk).hex()
    assert js_scrypt(js_page, password, salt, params) == expected
    assert not js_page.problems


def test_the_rfc_vectors_are_what_the_rfc_says() -> None:
    """hashlib itself against RFC 7914's printed outputs (so the comparison above means it)."""
    assert hashlib.scrypt(b"", salt=b"", n=16, r=1, p=1, dklen=64).hex().startswith("77d65762")
    assert (
        hashlib.scrypt(b"password", salt=b"NaCl", n=1024, r=8, p=16, dklen=64)
        .hex()
        .startswith("fdbabe1c")
    )


@pytest.fixture
def exhausted_budget(settings: Settings, transactional_db: None) -> Iterator[None]:
    admission.reset()
    gauge.reset()
    settings.RIGHTSDESK_REPORTS_PER_HOUR = 10  # a burst of one
    budget = admission.bucket("reports", per_hour=10)
    assert budget.take()  # the flood took the last one
    yield
    admission.reset()
    gauge.reset()


@pytest.mark.parametrize("js_page", [360, 1280], indirect=True)
def test_with_javascript_on_the_form_proves_effort_and_gets_in_past_the_budget(
    js_page: Any, live_server: Any, exhausted_budget: None
) -> None:
    page = js_page
    page.goto("/report/")
    page.get_by_label("Private information published (doxxing)").check()
    page.get_by_label("Tell us in your own words").fill("My address was posted on a forum.")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Skip to review and send").click()
    page.wait_for_selector('#effort-puzzle[data-state="solved"]', state="attached")
    assert page.locator('input[name="effort_nonce"]').input_value()
    assert int(page.locator('input[name="effort"]').input_value()) >= 16
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_load_state("load")
    width = page.viewport_size["width"]
    screenshot(page, f"effort-receipt-{width}")
    assert "receipt" in page.content().lower()
    assert Case.objects.count() == 1
    assert not page.problems, page.problems  # no CSP violation, no script error
    assert all(url.startswith(live_server.url) for url in page.requested)
    # Nothing overflows a phone's width.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("js_page", [360], indirect=True)
def test_without_the_work_the_same_person_is_refused_and_told_when(
    js_page: Any, exhausted_budget: None
) -> None:
    page = js_page
    page.route("**/effort-worker.js", lambda route: route.abort())  # as if no Worker ran
    page.goto("/report/")
    page.get_by_label("Private information published (doxxing)").check()
    page.get_by_label("Tell us in your own words").fill("My precious answers.")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Skip to review and send").click()
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_load_state("load")
    text = page.content()
    assert "Try again after" in text
    assert "My precious answers." in text
    assert not Case.objects.exists()


@pytest.mark.parametrize("js_page", [360], indirect=True)
def test_send_pressed_before_the_work_is_done_waits_for_it_then_sends(
    js_page: Any, exhausted_budget: None
) -> None:
    page = js_page
    # A worker that starts 3 s late, as on a slow phone: Send is surely pressed before it is done.
    slow = "const until = Date.now() + 3000; while (Date.now() < until) {}\n" + WORKER.read_text()
    page.route(
        "**/effort-worker.js",
        lambda route: route.fulfill(body=slow, content_type="text/javascript"),
    )
    page.goto("/report/")
    page.get_by_label("Private information published (doxxing)").check()
    page.get_by_label("Tell us in your own words").fill("Sent at once.")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Skip to review and send").click()
    page.wait_for_selector('#effort-puzzle[data-state="working"]', state="attached")
    said: list[str] = []
    page.on("console", lambda message: said.append(message.text))
    page.evaluate(NOTE_WATCH)  # the page navigates away soon: report the note as it shows
    page.get_by_role("button", name="Send the report").click()  # at once, no waiting
    page.wait_for_url("**/report/")
    page.wait_for_selector("text=receipt", timeout=20000)
    assert Case.objects.count() == 1
    assert not page.problems, page.problems
    assert "effort-wait shown" in said
