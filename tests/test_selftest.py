"""`peerreview selftest` (what the bundle runs in CI): passes on a whole installation and touches no data folder."""

from __future__ import annotations

import os
import subprocess
import sys


def test_selftest_passes_and_leaves_the_data_folder_alone(tmp_path):
    data = tmp_path / "never-created"
    env = {**os.environ, "PEERREVIEW_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-m", "peerreview_desktop", "selftest", "--keep", str(tmp_path / "screens")],
                       capture_output=True, text=True, env=env, timeout=180)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "selftest passed" in r.stdout
    for step in ("store", "demo", "check", "search", "backup", "report", "screens"):
        assert f"ok  {step}" in r.stdout
    assert sorted(p.suffix for p in (tmp_path / "screens").iterdir()) and all(
        p.suffix == ".png" for p in (tmp_path / "screens").iterdir())
    assert not data.exists()
