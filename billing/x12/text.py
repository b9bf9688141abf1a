"""Values as X12 carries them: text cleaned to the character set, money and quantities as type R."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

# The X12 basic character set without '*' and ':', which are this project's element and component
# separators ('~' and '^' are not in the basic set at all). Lower case is out: payers expect upper.
BASIC = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !\"&'()+,-./;?=")
# Letters NFKD does not decompose into an ASCII base letter, and punctuation with an ASCII twin.
_SPECIAL = str.maketrans({
    "ß": "SS", "Æ": "AE", "æ": "AE", "Œ": "OE", "œ": "OE", "Ø": "O", "ø": "O", "Ł": "L", "ł": "L",
    "Đ": "D", "đ": "D", "Ð": "D", "ð": "D", "Þ": "TH", "þ": "TH", "ı": "I", "Ħ": "H", "ħ": "H",
    "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "‐": "-",
})
# A value that already is clean needs no work: the writer's hot path.
_CLEAN = re.compile(r"[A-Z0-9!\"&'()+,\-./;?=]+(?: [A-Z0-9!\"&'()+,\-./;?=]+)*")
MAX_AMOUNT = Decimal("99999999.99")  # HIPAA limits data element 782 to ten digits


def clean(value: str, max_len: int, extra: str = "") -> str:
    """Upper-case, transliterate to ASCII, replace every other character (delimiters and line breaks
    included) by a space, collapse spaces and cut to `max_len`; `extra` admits more characters (e.g. '@')."""
    if len(value) <= max_len and not extra and _CLEAN.fullmatch(value):
        return value
    return _cleaned(value, max_len, extra)


@lru_cache(maxsize=16384)  # names, cities and streets recur across a file's claims; the writer clears it per file
def _cleaned(value: str, max_len: int, extra: str) -> str:
    allowed = BASIC | frozenset(extra)
    text = _ascii(value).upper()
    text = "".join(ch if ch in allowed else " " for ch in text)
    return " ".join(text.split())[:max_len].rstrip()


def forget() -> None:
    """Drop the remembered cleaned texts (they may be names): the writer calls it when a file is done."""
    _cleaned.cache_clear()


def _ascii(value: str) -> str:
    if value.isascii():
        return value
    decomposed = unicodedata.normalize("NFKD", value.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)  # charges and dates repeat across lines; formatting them is the costly part
def amount(value: Decimal) -> str:
    """Type R money: no trailing zeros, no leading zero, no exponent (12.5, 12, .5)."""
    if not 0 <= value <= MAX_AMOUNT:
        raise ValueError("amount outside 0 to 99999999.99")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.removeprefix("0") or "0"


@lru_cache(maxsize=8192)
def d8(value: dt.date) -> str:
    """CCYYMMDD from a date or datetime."""
    return f"{value:%Y%m%d}"
