"""The 835 reader's one-pass path (segments split as they are read, envelopes checked after) gives what the
rows path gives (scan first, then the reader) for every file: the same remittances, or the same refusal at
the same segment. Hypothesis mutates honest synthetic 835s: segments dropped, doubled, renamed, emptied,
their counts and amounts broken."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing.x12 import remit835
from billing.x12.parse import gc_paused
from billing.x12.reader import X12Error, single_interchange
from schemas.responses import Remittance835
from tests.test_x12_responses import build_835, claims_st


def _outcome(read: Any, text: str) -> Any:
    try:
        return read(text)
    except X12Error as exc:
        return ("refused", exc.number, exc.segment_id, exc.reason)


def _rows_path(text: str) -> tuple[Remittance835, ...]:
    with gc_paused():
        return remit835._read_rows(text)


MUTATIONS = ("drop", "double", "bad id", "blank", "unknown segment", "amount", "count", "no terminator", "none")


def _mutate(text: str, how: str, at: int) -> str:
    segments = text.split("~\n")[:-1]
    i = 1 + at % (len(segments) - 1)  # never the ISA
    seg = segments[i]
    if how == "drop":
        del segments[i]
    elif how == "double":
        segments.insert(i, seg)
    elif how == "bad id":
        segments[i] = "r!" + seg[seg.find("*"):]
    elif how == "blank":
        segments.insert(i, "")
    elif how == "unknown segment":
        segments.insert(i, "XYZ*1")
    elif how == "amount":
        segments[i] = seg.replace(".", "O", 1)
    elif how == "count":
        segments = [s.replace("SE*", "SE*9", 1) if s.startswith("SE*") else s for s in segments]
    elif how == "no terminator":
        return "~\n".join(segments) + "~\n" + "CLP*1"
    return "~\n".join(segments) + "~\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claims_st, withheld=st.sampled_from([Decimal(0), Decimal("12.50")]),
       how=st.sampled_from(MUTATIONS), at=st.integers(0, 500))
def test_one_pass_and_rows_paths_agree(claims: list[list[dict[str, object]]], withheld: Decimal, how: str,
                                       at: int) -> None:
    text = _mutate(build_835(claims, withheld), how, at)
    assert _outcome(remit835.read_835, text) == _outcome(_rows_path, text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims=claims_st)
def test_an_honest_file_takes_the_one_pass_path_and_its_models_validate(claims: list[list[dict[str, object]]]) -> None:
    text = build_835(claims, Decimal(0))
    usual = single_interchange(text)
    assert usual is not None
    with gc_paused():
        (remit,) = remit835._read_pieces(*usual) or ()
    assert Remittance835.model_validate(remit.model_dump()) == remit
    # Identical CAS segments share one frozen Adjustment; equal to separately read ones all the same.
    assert remit == _rows_path(text)[0]
