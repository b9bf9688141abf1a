"""Synthetic encounters for benchmarks: no real person's data, deterministic for a seed and a day.

Dates are set relative to the day of the run (`as_of`, today in UTC by default), as an agency's month-end batch
is: sessions of the last 300 days, recovery plans written before them. Fixed calendar dates made the work drift
as the calendar moved: the service judges by its own clock, so each day more of the same documents came out
past their filing limit and not billable (54% of them by 2026-11-30, against 28% with dates that end the day
before), with more findings and rejection rows to write; runs on different days were not the same work.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

DIAGNOSES = ["F33.1", "F20.9", "F10.20", "F11.20", "F41.1", "F31.9", "F32.9", "F43.10"]


def npi(n: int) -> str:
    """A synthetic NPI with a valid check digit (Luhn over the 80840 prefix), from 9 digits of `n`."""
    base = f"1{n:08d}"
    digits = [int(c) for c in "80840" + base]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return base + str((10 - total % 10) % 10)


PEERS = [npi(7_000_000 + k) for k in range(300)]


SPAN_DAYS = 300  # service dates: the 300 days that end the day before `as_of`


def encounter(i: int, state: str, rng: random.Random, members: int = 20_000, as_of: date | None = None
              ) -> dict[str, Any]:
    first = (as_of or datetime.now(UTC).date()) - timedelta(days=SPAN_DAYS)  # the earliest service date
    dos = first + timedelta(days=rng.randrange(0, SPAN_DAYS))
    plan = {"enrolled_on": first - timedelta(days=32), "written_on": first - timedelta(days=18),
            "last_reviewed_on": first + timedelta(days=119)}
    start = rng.randrange(8 * 60, 17 * 60, 15)
    minutes = rng.choice([15, 30, 45, 60, 60, 90])
    m = rng.randrange(members)
    group = rng.random() < 0.2
    return {
        "encounter_id": f"bench-{i:07d}",
        "member": {"medicaid_id": f"SYN{m:07d}", "first_name": "Alex", "last_name": f"Example{m}",
                   "date_of_birth": f"{1950 + m % 50}-0{1 + m % 9}-1{m % 9}", "sex": "FMU"[m % 3],
                   "address": {"line1": f"{m} Test Way", "city": "Sampletown", "state": state, "zip": "787010001"}},
        "payer": {"state": state, "program": "fee_for_service"},
        "rendering": {"npi": PEERS[m % len(PEERS)], "first_name": "Sam", "last_name": "Peer", "taxonomy": "175T00000X",
                      "credential": {"type": "CPS", "number": "SYN-1", "issuing_state": state,
                                     "expires_on": "2030-12-31"}},
        "supervisor": {"npi": "1245319599", "first_name": "Jordan", "last_name": "Super", "credential": "LCSW"},
        "service": {"date": dos.isoformat(), "start_time": f"{start // 60:02d}:{start % 60:02d}",
                    "end_time": f"{(start + minutes) // 60:02d}:{(start + minutes) % 60:02d}",
                    "hcpcs": "H0038", "modifiers": ["HQ"] if group else [], "place_of_service": "11",
                    "setting": "group" if group else "individual", "group_size": 6 if group else None,
                    "telehealth": "none"},
        "diagnoses": [rng.choice(DIAGNOSES)],
        "recovery_plan": {k: d.isoformat() for k, d in plan.items()},
    }
