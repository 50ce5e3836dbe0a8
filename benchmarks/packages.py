"""Export + verify + import of a package holding 200 MB of attachments, against zip (stored) + SHA-256 of the same
bytes: the measure written with the packages (`benchmarks/packages_bench.py`; the passphrase unlock, a fixed
scrypt cost per session, is reported apart as `unlock_s`). Goal ≤ 1.5×."""

from __future__ import annotations


def measure(bench) -> dict:  # noqa: ANN001
    from .packages_bench import measure as packages_measure

    return packages_measure(200 if not bench.quick else 40)
