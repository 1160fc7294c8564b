"""Several app servers on one PostgreSQL, one of them killed mid-run: nothing lost, nothing twice.

Run with `python bench/cluster_bench.py` (`--quick` for a smoke run). Loopback only, bounded
(`--deadline`), everything in one temporary directory that is removed at the end:

1. starts its own PostgreSQL (Debian's binaries, a free port, never CI's cluster), migrates, and
   creates one handler (every report is sealed to the active handlers) with production Argon2id;
2. HAProxy (Debian's package) on one address: round robin, health checks on `/` every second,
   `retries 3` with `option redispatch` (a connection refused by a dead server goes to another);
3. baseline: one gunicorn process (1 worker) behind it; `--clients` browsers file
   `--baseline-reports` reports through the no-JavaScript form (GET /report/ for the form, its
   CSRF token and ticket, then the send step);
4. cluster: host A (a gunicorn master, 2 workers) and host B (a master, 1 worker), each in its
   own process group, one shared RIGHTSDESK_DATA_DIR; `--reports` reports from `--clients`
   browsers; when half are answered, host B's whole process group gets SIGKILL;
5. checks: every receipt returned opens its report through the reporter API
   (`/api/v1/reporter/login`, one Argon2id each, in parallel) and that report carries the
   client's unique token; the handler decrypts every case (staff API) to count each token: no
   token may be filed twice;
6. prints the two runs side by side and the p95 ratio (cluster / one server).

A browser whose send fails (connection reset, 502, 503 from the proxy) sends the same form again,
with the same ticket. The ticket is spent in the case's own transaction (unique digest), so if
the first send was committed before its server died, the second is answered "This report was
already sent" (409) and files nothing: a duplicate cannot be filed, but that reporter never sees
the receipt (it is shown once and never stored). Those are counted as "receipt lost in flight".
Budgets are raised (RIGHTSDESK_REPORTS_PER_HOUR) so that they are not what is measured.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's rightsdesk, in this process as in the servers
HANDLER = "bench-handler"
PASSWORD = "bench password 1234"  # noqa: S105 - a throw-away account in a throw-away database
# What a browser retries: the connection failed, or the proxy had no server for it.
RETRIED_STATUSES = frozenset({502, 503, 504})
MAX_ATTEMPTS = 30
THREADS_PER_WORKER = 20


class Skip(Exception):
    """Something the bench needs is not installed."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, *, path: str = "/", timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port} within {timeout:.0f} s")


# PostgreSQL ---------------------------------------------------------------------------------


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise Skip("PostgreSQL is not installed (Debian: apt-get install -y postgresql)")
    return found[-1].parent


def quiet(command: list[str], *args: str, check: bool = True) -> None:
    subprocess.run(  # noqa: S603 - Debian's binaries, our arguments
        [*command, *args], check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


@contextmanager
def postgres(workdir: Path) -> Iterator[str]:
    """A throw-away cluster in `workdir` on a free port; yields its DATABASE_URL."""
    bindir = postgres_bin()
    cluster = workdir / "pg"
    cluster.mkdir()
    as_pg: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run it as the postgres user, as .ci does
        workdir.chmod(0o711)  # postgres may pass through, not list
        shutil.chown(cluster, "postgres", "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    quiet(
        [*as_pg, str(bindir / "initdb"), "-D", str(cluster / "data"), "-U", "postgres"],
        "--auth=trust",
        "-E",
        "UTF8",
    )
    options = (
        f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1 -c max_connections=200"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    pg_ctl = [*as_pg, str(bindir / "pg_ctl"), "-D", str(cluster / "data")]
    quiet(pg_ctl, "-l", str(cluster / "log"), "-w", "-o", options, "start")
    try:
        psql = [*as_pg, str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres"]
        quiet(psql, "-q", "-c", "CREATE ROLE bench LOGIN PASSWORD 'bench'")
        quiet(psql, "-q", "-c", "CREATE DATABASE bench OWNER bench")
        yield f"postgres://bench:bench@127.0.0.1:{port}/bench"
    finally:
        quiet(pg_ctl, "-m", "immediate", "stop", check=False)


# The team ------------------------------------------------------------------------------------


@dataclass
class Team:
    totp: Callable[[], str]


def setup_site(env: dict[str, str]) -> Team:
    """Migrate, then create the handler in this process (Django set up on the bench's database):
    every report is sealed to the active handlers, so the handler can count them afterwards."""
    subprocess.run(
        [sys.executable, "-m", "rightsdesk", "migrate", "-v0"], env=env, check=True, cwd=ROOT
    )
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "rightsdesk.settings"
    import django  # noqa: PLC0415 - only once the environment names the bench's database

    django.setup()
    from django_otp.oath import TOTP  # noqa: PLC0415 - after setup
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: PLC0415 - after setup

    from rightsdesk.accounts.models import User  # noqa: PLC0415 - after setup
    from rightsdesk.accounts.services import user_create  # noqa: PLC0415 - after setup

    provisioned = user_create(
        username=HANDLER, role=User.Role.HANDLER, password=PASSWORD, actor="system:bench"
    )
    device = TOTPDevice.objects.get(user=provisioned.user)

    def totp() -> str:
        token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        token.time = time.time()
        return f"{token.token():0{device.digits}d}"

    return Team(totp=totp)


# Servers -------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL to the whole process group (the master and its workers), as a host dies."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


def gunicorn(name: str, port: int, workers: int, env: dict[str, str], logs: Path) -> Server:
    command = [sys.executable, "-m", "gunicorn", "rightsdesk.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--threads", str(THREADS_PER_WORKER), "--access-logfile", "/dev/null"]
    with (logs / f"{name}.log").open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own command
            command, env=env, cwd=ROOT, stdout=log, stderr=log, start_new_session=True
        )
    return Server(name=name, port=port, process=process)


HAPROXY = """\
global
    maxconn 4000
defaults
    mode http
    timeout connect 2s
    timeout client 180s
    timeout server 180s
    timeout queue 60s
    retries 3
    option redispatch
    retry-on conn-failure
    # A busy server answers its health check late, not never: without a long check timeout
    # (it defaults to `inter`) a saturated server is marked down and the proxy answers 503.
    timeout check 10s
    option httpchk
    http-check send meth GET uri / hdr Host 127.0.0.1
frontend single
    bind 127.0.0.1:{single_front}
    default_backend single
    # Which server answered, for the bench's own count (the application never sees it).
    http-response set-header X-Bench-Server %s
backend single
    # Which server answered, for the bench's own count (the application never sees it).
    http-response set-header X-Bench-Server %s
    server s 127.0.0.1:{single} check inter 1s fall 2 rise 1
frontend cluster
    bind 127.0.0.1:{cluster_front}
    default_backend cluster
backend cluster
    balance roundrobin
    http-response set-header X-Bench-Server %s
    server a 127.0.0.1:{host_a} check inter 1s fall 2 rise 1 weight 2
    server b 127.0.0.1:{host_b} check inter 1s fall 2 rise 1 weight 1
"""


def haproxy(workdir: Path, ports: dict[str, int]) -> subprocess.Popen[bytes]:
    binary = shutil.which("haproxy")
    if binary is None:
        raise Skip("HAProxy is not installed (Debian: apt-get install -y haproxy)")
    config = workdir / "haproxy.cfg"
    config.write_text(HAPROXY.format(**ports))
    log = workdir / "haproxy.log"
    with log.open("wb") as output:
        proxy = subprocess.Popen(  # noqa: S603 - Debian's binary, our configuration
            [binary, "-f", str(config), "-db"],
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    time.sleep(0.5)
    if proxy.poll() is not None:
        raise RuntimeError(f"HAProxy stopped: {log.read_text()}")
    return proxy


# Browsers ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    token: str
    status: int = 0  # 201 receipt, 409 already sent, 0 gave up
    receipt: str = ""
    attempts: int = 0
    seconds: float = 0.0
    server: str = ""


@dataclass
class Run:
    name: str
    outcomes: list[Outcome] = field(default_factory=list)
    elapsed: float = 0.0
    killed_after: int | None = None

    def latencies(self) -> list[float]:
        return sorted(o.seconds for o in self.outcomes if o.status in (201, 409))

    def count(self, status: int) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


Answer = tuple[int, str, str]  # status, body, the server that answered


FAILED_SENDS: Counter[str] = Counter()  # what made a browser send again, for the summary


def _retry(send: Callable[[], Answer]) -> tuple[Answer, int]:
    """Send until the answer is the application's own; returns it and the attempts made."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            answer = send()
        except (OSError, http.client.HTTPException) as error:  # reset, refused, cut short
            FAILED_SENDS[type(error).__name__] += 1
            answer = (0, "", "")
        if answer[0] and answer[0] not in RETRIED_STATUSES:
            return answer, attempt
        if answer[0]:
            FAILED_SENDS[f"HTTP {answer[0]} from {answer[2] or 'the proxy'}"] += 1
        time.sleep(min(0.1 * attempt, 1.0))
    return (0, "", ""), MAX_ATTEMPTS


def _request(opener: urllib.request.OpenerDirector, url: str, data: bytes | None = None) -> Answer:
    try:
        with opener.open(url, data=data, timeout=180) as answer:
            server = answer.headers.get("X-Bench-Server", "")
            return int(answer.status), answer.read().decode(), server
    except urllib.error.HTTPError as error:
        server = error.headers.get("X-Bench-Server", "")
        return int(error.code), error.read().decode(), server


def file_one(base: str, token: str) -> Outcome:
    """One reporter: open the form, send it (again, with the same ticket, if the send fails)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    outcome = Outcome(token=token)
    (status, page, _), _ = _retry(lambda: _request(opener, f"{base}/report/"))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    ticket = re.search(r'name="ticket" value="([^"]+)"', page)
    if status != 200 or csrf is None or ticket is None:
        return outcome
    form = {
        "csrfmiddlewaretoken": csrf.group(1),
        "ticket": ticket.group(1),
        "step": "5",
        "go": "send",
        "narrative": f"Someone published my address. bench token {token}",
        "emergency": "no",
        "threat_types": "doxxing",
    }
    data = urllib.parse.urlencode(form).encode()
    started = time.perf_counter()
    (status, page, outcome.server), outcome.attempts = _retry(
        lambda: _request(opener, f"{base}/report/", data)
    )
    outcome.seconds = time.perf_counter() - started
    outcome.status = status
    if status == 201:
        found = re.search(r'class="secret receipt"><code>([^<]+)</code>', page)
        outcome.receipt = found.group(1) if found else ""
    return outcome


def flood(
    name: str, base: str, *, reports: int, clients: int, deadline: float, kill: Server | None
) -> Run:
    """`clients` browsers filing `reports` reports in all; `kill` dies when half are answered."""
    run = Run(name=name)
    lock = threading.Lock()
    serial = iter(range(reports))
    prefix = uuid.uuid4().hex[:8]

    def browser() -> None:
        while time.monotonic() < deadline:
            with lock:
                index = next(serial, None)
            if index is None:
                return
            outcome = file_one(base, f"{prefix}-{name}-{index}")
            with lock:
                run.outcomes.append(outcome)
                if (
                    kill is not None
                    and run.killed_after is None
                    and len(run.outcomes) >= (reports // 2)
                ):
                    run.killed_after = len(run.outcomes)
                    threading.Thread(target=kill.kill, daemon=True).start()

    started = time.perf_counter()
    threads = [threading.Thread(target=browser, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic()))
    run.elapsed = time.perf_counter() - started
    return run


# Checks --------------------------------------------------------------------------------------


def _json(base: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{base}{path}", data=data, headers=headers)  # noqa: S310 - loopback

    def send() -> Answer:
        try:
            with urllib.request.urlopen(request, timeout=180) as answer:  # noqa: S310 - loopback
                server = answer.headers.get("X-Bench-Server", "")
                return int(answer.status), answer.read().decode(), server
        except urllib.error.HTTPError as error:
            server = error.headers.get("X-Bench-Server", "")
            return int(error.code), error.read().decode(), server

    (status, text, _), _ = _retry(send)
    return status, json.loads(text) if text else None


def receipt_opens_its_report(base: str, outcome: Outcome) -> bool:
    """The reporter's follow-up path: sign in with the receipt (one Argon2id), read the report."""
    status, answer = _json(base, "/api/v1/reporter/login", {"receipt": outcome.receipt})
    if status != 200:
        return False
    status, report = _json(base, "/api/v1/reporter/report", token=answer["token"])
    return status == 200 and report["report"]["narrative"].endswith(f" {outcome.token}")


def filed_tokens(base: str, team: Team, threads: int) -> Counter[str]:
    """Every case's token, decrypted by the handler through the staff API."""
    status, login = _json(
        base,
        "/api/v1/staff/login",
        {"username": HANDLER, "password": PASSWORD, "otp": team.totp()},
    )
    assert status == 200, (status, login)
    token = login["token"]
    status, listing = _json(base, "/api/v1/cases", token=token)
    assert status == 200, status

    def narrative(number: str) -> str:
        status, opened = _json(base, f"/api/v1/cases/{number}", token=token)
        assert status == 200, (number, status)
        return str(opened["report"]["narrative"]).rsplit(" ", 1)[-1]

    with ThreadPoolExecutor(threads) as pool:
        return Counter(pool.map(narrative, [c["number"] for c in listing["cases"]]))


# Report --------------------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def table(runs: list[Run], opened: dict[str, tuple[int, int]], tokens: Counter[str]) -> str:
    rows = [
        ("", *(run.name for run in runs)),
        ("reports asked", *(str(len(run.outcomes)) for run in runs)),
        ("receipt shown (201)", *(str(run.count(201)) for run in runs)),
        ("receipt lost in flight (409 on resend)", *(str(run.count(409)) for run in runs)),
        ("gave up", *(str(run.count(0)) for run in runs)),
        (
            "other answers",
            *(str(len(run.outcomes) - sum(run.count(s) for s in (0, 201, 409))) for run in runs),
        ),
        ("sends retried", *(str(sum(1 for o in run.outcomes if o.attempts > 1)) for run in runs)),
        (
            "answered by a / b / single",
            *(
                "/".join(str(sum(1 for o in r.outcomes if o.server == n)) for n in "abs")
                for r in runs
            ),
        ),
        (
            "receipts that open their report",
            *(f"{opened[r.name][0]}/{opened[r.name][1]}" for r in runs),
        ),
        (
            "cases filed",
            *(str(sum(n for t, n in tokens.items() if f"-{r.name}-" in t)) for r in runs),
        ),
        (
            "tokens filed twice or more",
            *(str(sum(1 for t, n in tokens.items() if n > 1 and f"-{r.name}-" in t)) for r in runs),
        ),
        ("wall time (s)", *(f"{run.elapsed:.1f}" for run in runs)),
        ("reports/s", *(f"{len(run.outcomes) / run.elapsed:.1f}" for run in runs)),
        ("send p50 (s)", *(f"{statistics.median(run.latencies()):.2f}" for run in runs)),
        ("send p95 (s)", *(f"{p95(run.latencies()):.2f}" for run in runs)),
        ("send max (s)", *(f"{max(run.latencies()):.2f}" for run in runs)),
    ]
    width = max(len(row[0]) for row in rows)
    return "\n".join(
        f"{row[0]:<{width}}  " + "  ".join(f"{cell:>14}" for cell in row[1:]) for row in rows
    )


def problems_of(
    runs: list[Run],
    opened: dict[str, tuple[int, int]],
    tokens: Counter[str],
    args: argparse.Namespace,
) -> list[str]:
    """What the runs got wrong: a receipt that does not open its report, a report filed twice or
    never answered, a case nobody filed, a host that was not killed."""
    baseline, cluster = runs
    asked = {o.token for run in runs for o in run.outcomes}
    problems = []
    if any(ok != shown for ok, shown in opened.values()):
        problems.append("a receipt did not open its report")
    if any(n > 1 for n in tokens.values()):
        problems.append("a report was filed twice")
    if set(tokens) - asked:
        problems.append("a case nobody filed")
    for run, wanted in ((baseline, args.baseline_reports), (cluster, args.reports)):
        problems += [
            f"{o.token} answered {o.status} but filed {tokens[o.token]} times"
            for o in run.outcomes
            if o.status in (201, 409) and tokens[o.token] != 1
        ]
        if run.count(0) or len(run.outcomes) < wanted:
            problems.append(f"{run.name}: not every report got an answer")
    if cluster.killed_after is None:
        problems.append("host B was not killed")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--baseline-reports", type=int, default=200)
    parser.add_argument("--verify-threads", type=int, default=6)
    parser.add_argument("--deadline", type=float, default=1500.0, help="seconds for everything")
    parser.add_argument("--quick", action="store_true", help="100 reports, 10 clients, 40")
    args = parser.parse_args()
    if args.quick:
        args.reports, args.clients, args.baseline_reports = 100, 10, 40
    deadline = time.monotonic() + args.deadline

    workdir = Path(tempfile.mkdtemp(prefix="rightsdesk-cluster-"))
    try:
        with postgres(workdir) as database_url:
            return measure(args, workdir, database_url, deadline)
    finally:
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)


def measure(args: argparse.Namespace, workdir: Path, database_url: str, deadline: float) -> int:
    """Everything between starting PostgreSQL and stopping it; stops every server it started."""
    servers: list[Server] = []
    proxy: subprocess.Popen[bytes] | None = None
    try:
        data_dir = workdir / "data"  # shared by both hosts: files/, keys/
        data_dir.mkdir()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "RIGHTSDESK_DATA_DIR": str(data_dir),
            "RIGHTSDESK_HTTPS": "0",
            "RIGHTSDESK_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "RIGHTSDESK_MIN_FILL_SECONDS": "0",
            # Raised so that the budgets are not what is measured.
            "RIGHTSDESK_REPORTS_PER_HOUR": "10000000",
            "RIGHTSDESK_RECEIPT_FAILURES_PER_HOUR": "10000000",
            "PYTHONPATH": str(ROOT),
        }
        team = setup_site(env)
        ports = {k: free_port() for k in ("single", "single_front", "host_a", "host_b")}
        ports["cluster_front"] = free_port()
        proxy = haproxy(workdir, ports)

        print(f"baseline: 1 gunicorn process, {args.baseline_reports} reports", flush=True)
        single = gunicorn("single", ports["single"], 1, env, workdir)
        servers.append(single)
        wait_for_port(ports["single"])
        wait_for_port(ports["single_front"])
        single_base = f"http://127.0.0.1:{ports['single_front']}"
        baseline = flood(
            "single",
            single_base,
            reports=args.baseline_reports,
            clients=args.clients,
            deadline=deadline,
            kill=None,
        )
        single.kill()

        print(f"cluster: 3 gunicorn processes on 2 hosts, {args.reports} reports", flush=True)
        host_a = gunicorn("host-a", ports["host_a"], 2, env, workdir)
        host_b = gunicorn("host-b", ports["host_b"], 1, env, workdir)
        servers += [host_a, host_b]
        for port in (ports["host_a"], ports["host_b"], ports["cluster_front"]):
            wait_for_port(port)
        time.sleep(1.5)  # both marked up by the health checks
        base = f"http://127.0.0.1:{ports['cluster_front']}"
        cluster = flood(
            "cluster",
            base,
            reports=args.reports,
            clients=args.clients,
            deadline=deadline,
            kill=host_b,
        )
        print(f"host B killed after {cluster.killed_after} answers; checking", flush=True)

        runs = [baseline, cluster]
        opened: dict[str, tuple[int, int]] = {}
        with ThreadPoolExecutor(args.verify_threads) as pool:
            for run in runs:
                shown = [o for o in run.outcomes if o.status == 201]
                ok = sum(pool.map(lambda o: receipt_opens_its_report(base, o), shown))
                opened[run.name] = (ok, len(shown))
        tokens = filed_tokens(base, team, args.verify_threads)

        print(table(runs, opened, tokens))
        failed = ", ".join(f"{n} {kind}" for kind, n in FAILED_SENDS.most_common()) or "none"
        print(f"requests sent again by the browsers (forms and sends): {failed}")
        ratio = p95(cluster.latencies()) / p95(baseline.latencies())
        print(f"p95 ratio cluster / one server: {ratio:.2f}")
        problems = problems_of(runs, opened, tokens, args)
        for problem in problems:
            print(f"FAILED: {problem}")
        if not problems:
            print("every receipt opens its report; no report filed twice")
        return 1 if problems else 0
    finally:
        for server in servers:
            server.kill()
        if proxy is not None:
            os.killpg(proxy.pid, signal.SIGKILL)
            proxy.wait(timeout=30)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Skip as missing:
        print(f"cluster bench skipped: {missing}")
        sys.exit(3)
