"""The 837P writer memoises what recurs in a file (SV1, names, addresses, diagnoses): the text is the same as
written without the memo, and no name or address stays in memory once the file is written."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from billing.x12 import text as x12text
from billing.x12 import writer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.emit_837p import claim_file  # noqa: E402


def _memos() -> list:
    return [writer._address_segments, writer._person_segment, x12text._cleaned]


def test_names_and_addresses_are_forgotten_when_the_file_is_written() -> None:
    f = claim_file(random.Random(3), 40, 10)
    writer.write_837p(f)
    assert all(m.cache_info().currsize == 0 for m in _memos())


def test_memoised_and_fresh_writes_are_the_same_text() -> None:
    f = claim_file(random.Random(4), 60, 10)
    first = writer.write_837p(f)
    for memo in (writer._sv1, writer._dtp, writer._diagnosis, writer._payer_segment):
        memo.cache_clear()
    assert writer.write_837p(f) == first
    # a claim checked on trial (the builder does this) leaves the file's text unchanged
    writer.check_claim(f.claims[0])
    assert writer.write_837p(f) == first
