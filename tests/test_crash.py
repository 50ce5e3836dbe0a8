"""Crash test: a real child process keeps saving notes through the services the app uses (add, and edits as
autosave makes them) and is killed with SIGKILL at random moments, many times. After every kill the store passes
`check` and every save the child reported (it prints a line only after the service returned) is there."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time

from peerreview_desktop.core import integrity, notes
from peerreview_desktop.core.store import Store

ROUNDS = 18

WRITER = textwrap.dedent("""
    import random, sys
    from peerreview_desktop.core import notes
    from peerreview_desktop.core.store import Store

    data_dir, review_id, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(seed)
    store = Store.open(data_dir)
    print("open", flush=True)
    mine = []
    for i in range(100_000):
        if mine and rng.random() < 0.3:
            nid = rng.choice(mine)
            notes.update(store, nid, text=f"edit {seed} {i} " + "word " * rng.randint(1, 400))
            print("edit", nid, i, flush=True)
        else:
            text = f"crash {seed} {i} " + "Pupils explained their reasoning. " * rng.randint(1, 300)
            nid = notes.add(store, review_id, text, marker=rng.choice(["strength", "development", "neutral"])).value
            mine.append(nid)
            print("add", nid, i, flush=True)
""")


def _run_and_kill(data_dir, review_id: str, seed: int, rng: random.Random) -> list[str]:  # noqa: ANN001
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), review_id, str(seed)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(rng.uniform(0.25, 1.1))  # sometimes while opening the store, mostly while writing
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err  # it was still running: killed, not crashed on its own
    # only whole lines count as acknowledged (a kill may land between a write and its newline)
    return [line for line in out.split("\n")[:-1] if line.strip()]


def test_killing_a_writer_at_random_moments_loses_no_acknowledged_note(demo_store, demo_id):
    data_dir = demo_store.data_dir
    demo_store.close()
    rng = random.Random(20261120)
    added: set[str] = set()
    last_edit: dict[str, int] = {}
    started = time.monotonic()
    writes = 0
    for seed in range(ROUNDS):
        lines = _run_and_kill(data_dir, demo_id, seed, rng)
        for line in lines:
            kind, *rest = line.split()
            if kind == "add":
                added.add(rest[0])
            elif kind == "edit":
                last_edit[rest[0]] = int(rest[1])
        writes += sum(1 for line in lines if line.split()[0] in ("add", "edit"))

        store = Store.open(data_dir)
        try:
            assert integrity.problems(store) == [], f"round {seed}"
            by_id = {n.id: n for n in notes.list_notes(store, demo_id)}
            missing = added - set(by_id)
            assert not missing, f"round {seed}: {len(missing)} acknowledged notes lost"
            for nid, step in last_edit.items():
                # the acknowledged edit, or one made after it that committed just before the kill
                assert by_id[nid].text.startswith("edit ") and int(by_id[nid].text.split()[2]) >= step
        finally:
            store.close()
    assert writes >= ROUNDS * 3, "the writer barely wrote: the kills proved little"
    assert time.monotonic() - started < 50
