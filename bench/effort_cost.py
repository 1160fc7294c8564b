"""What the effort puzzle costs: scrypt evaluations per second with hashlib and in chromium.

Run with `python bench/effort_cost.py` (about a minute). Prints the cost of one junk report at
each effort level E (expected E evaluations, Tor's rule R * E <= 2**32 - 1): CPU-seconds on one
core with Python's hashlib (OpenSSL, what an attacker's script would use) and seconds in Debian's
chromium running our own worker (static intake/effort-worker.js), which is what a person pays.
Chromium is optional (skipped when missing); its page is served by Playwright's router, no
server and no network.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORKER = ROOT / "rightsdesk" / "intake" / "static" / "intake" / "effort-worker.js"
N, R, P = 2**10, 8, 1  # rightsdesk.intake.effort's parameters
LEVELS = [1, 16, 256, 4096, 65536]

TIMED = (
    """async (count) => {
  const worker = new Worker("/effort-worker.js");
  const one = (i) => new Promise((resolve) => {
    worker.onmessage = (event) => resolve(event.data.hex);
    worker.postMessage({op: "scrypt", password: [1, 2, 3, i & 255], salt: [4, 5, 6],
                        n: N_, r: R_, p: P_, dkLen: 32});
  });
  await one(0);  // warm up (JIT)
  const started = performance.now();
  for (let i = 1; i <= count; i++) await one(i);
  return (performance.now() - started) / 1000;
}""".replace("N_", str(N))
    .replace("R_", str(R))
    .replace("P_", str(P))
)


def hashlib_rate(count: int) -> float:
    started = time.process_time()
    for i in range(count):
        hashlib.scrypt(os.urandom(48) + i.to_bytes(4, "big"), salt=b"x", n=N, r=R, p=P, dklen=32)
    return count / (time.process_time() - started)


def chromium_rate(count: int) -> float | None:
    chromium = os.environ.get("RIGHTSDESK_CHROMIUM", "/usr/bin/chromium")
    if not (Path(chromium).exists() or shutil.which(chromium)):
        return None
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 - optional
    except ImportError:
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()

        def serve(route: Any) -> None:
            if route.request.url.endswith("/effort-worker.js"):
                route.fulfill(body=WORKER.read_text(), content_type="text/javascript")
            else:
                route.fulfill(body="<!doctype html><title>cost</title>", content_type="text/html")

        page.route("http://localhost/**", serve)
        page.goto("http://localhost/")  # localhost: a secure context, so WebCrypto is there
        seconds = float(page.evaluate(TIMED, count))
        browser.close()
    return count / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="evaluations timed per engine")
    args = parser.parse_args()
    native = hashlib_rate(args.count)
    browser = chromium_rate(args.count)
    print(f"scrypt N={N} r={R} p={P} ({128 * R * N >> 20} MiB): evaluations per second on one core")
    print(f"  hashlib (OpenSSL): {native:.0f}/s")
    print(f"  chromium, our worker: {browser:.0f}/s" if browser else "  chromium: not available")
    print("| effort E | expected evaluations | CPU-s per junk report (hashlib) | s in chromium |")
    print("| ---: | ---: | ---: | ---: |")
    for level in LEVELS:
        in_browser = f"{level / browser:.2f}" if browser else "-"
        print(f"| {level} | {level} | {level / native:.3f} | {in_browser} |")


if __name__ == "__main__":
    main()
