"""`make bench` works in a clone: the gaps scan benchmark needs no ../shared/data beside it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_scan_bench_runs_in_a_clone_without_shared_data(tmp_path: Path) -> None:
    # A checkout laid out like a fresh clone: bench/ and the package, and no shared/ beside it.
    clone = tmp_path / "clone"
    (clone / "bench").mkdir(parents=True)
    shutil.copy(ROOT / "bench" / "gaps_scan_bench.py", clone / "bench")
    (clone / "rightsdesk").symlink_to(ROOT / "rightsdesk")
    assert not (tmp_path / "shared").exists()
    env = {**os.environ, "RIGHTSDESK_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "bench/gaps_scan_bench.py", "--gb", "0.002", "--rounds", "1",
         "--baseline-share", "1"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "generated" in result.stdout
    assert "scan / zcat throughput" in result.stdout
