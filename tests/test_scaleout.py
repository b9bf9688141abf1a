"""The scale-out bench's invariants at K = 2 on PostgreSQL: two servers, each with its own pool, and a worker on one
database, driven concurrently: no encounter stored twice, no daily cap breached, no encounter on two active claim
lines, every job done once. (The figures are bench/scaleout.py's; this only checks what must hold.)"""

from __future__ import annotations

import pytest

from tests.conftest import ON_POSTGRES
from tests.test_migrations import scratch_database

pytestmark = pytest.mark.skipif(not ON_POSTGRES, reason="scale-out is N servers on one PostgreSQL")


def test_two_servers_and_a_worker_keep_the_invariants(tmp_path):
    from bench.scaleout import run_k, violations

    with scratch_database(tmp_path) as url:
        r = run_k(url, k=2, clients=4, seconds=6, logs=tmp_path, settle=0)
    assert violations(r) == {}, r["invariants"]
    assert r["errors"] == {}, r["errors"]  # no 5xx, no dropped connection
    inv = r["invariants"]
    assert inv["_encounters"] > 0 and inv["_jobs"] > 0 and inv["_files"] > 0
    assert {"post", "build", "audit"} <= set(r["n_by_op"])
