"""Intake's shortcuts give exactly what the long way gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from billing.intake import _sent_as_written
from billing.x12.text import clean

NAMES = st.text(st.sampled_from("abcXYZ019 -.'&éßıſ\t*:~^"), max_size=40) | st.text(max_size=40)


@given(value=NAMES, max_len=st.integers(1, 60))
def test_a_value_taken_as_sent_as_written_is_what_clean_sends(value, max_len):
    if _sent_as_written(value, max_len):
        assert clean(value, max_len) == " ".join(value.upper().split()) == value.upper()


@given(value=st.text(st.sampled_from("ABCdef 019-.'"), min_size=1, max_size=30).filter(
    lambda v: v == " ".join(v.split())))
def test_plain_names_take_the_shortcut(value):
    assert _sent_as_written(value, 60)
