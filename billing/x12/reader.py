"""Reading X12: a tolerant tokenizer with envelope checks (shared by the 837P, 999, 277CA and 835 readers),
and an 837P reader that turns what the writer emits back into a ClaimFile. Pure: text in, objects out.

Errors name the segment's position in the file (1 = the ISA) and its id, never an element's value (PHI).
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, ClassVar, NamedTuple

from pydantic import ValidationError

from schemas.claims import ClaimFile

ISA_LENGTH = 106
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")
_CLOSER = {"ISA": "IEA", "GS": "GE", "ST": "SE"}


class X12Error(ValueError):
    """A structural or content problem, located by segment number and segment id."""

    def __init__(self, number: int, segment_id: str, message: str) -> None:
        super().__init__(f"segment {number} ({segment_id or 'none'}): {message}")
        self.number, self.segment_id, self.reason = number, segment_id, message


@dataclass(frozen=True, slots=True)
class Delimiters:
    element: str
    component: str
    repetition: str
    segment: str


class Segment(NamedTuple):
    """elements[0] is the segment id, so elements[n] is the n-th element, as X12 counts. A named tuple: made
    several times faster than a frozen dataclass, and as immutable."""

    number: int
    elements: tuple[str, ...]
    delimiters: Delimiters

    @property
    def id(self) -> str:
        return self.elements[0]

    def el(self, n: int) -> str:
        """The n-th element, '' when absent."""
        return self.elements[n] if n < len(self.elements) else ""

    def parts(self, n: int) -> list[str]:
        """The n-th element split into its components."""
        return self.el(n).split(self.delimiters.component)

    def error(self, message: str) -> X12Error:
        return X12Error(self.number, self.id, message)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Reading a large file makes millions of small acyclic objects; the cyclic collector would traverse
    them over and over (4x slower in measurements) and can free none of them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- tokenizer ------------------------------------------------------------------------------------------


def tokenize(text: str) -> list[Segment]:
    """Segments of every interchange in `text`, its envelopes checked (ISA/IEA, GS/GE, ST/SE counts and
    control numbers). Line breaks between segments and leading whitespace are accepted."""
    scanned = scan(text)
    delims = scanned.delimiters
    return [Segment(n, tuple(row), delims) for n, row in enumerate(scanned.rows, 1)]


@dataclass(frozen=True, slots=True)
class Scanned:
    """The fast path: each segment as a list of its elements (rows[i] is segment number i + 1), and what was
    tolerated on the way (an ISA read by its separators rather than its fixed width, a byte-order mark)."""

    delimiters: Delimiters
    rows: list[list[str]]
    warnings: tuple[str, ...] = ()


_ENVELOPE_IDS = frozenset(("ISA", "GS", "ST", "SE", "GE", "IEA", "TA1"))
ISA_WIDTHS = (2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1)  # ISA01 ... ISA16, fixed by the standard
_BREAKS = "\r\n"


def scan(text: str) -> Scanned:
    """What tokenize checks, with the same errors, but without a Segment object per segment: str.split does
    the work, segment ids are validated once per distinct id, and only envelope segments (plus the first
    segment of each run between them) go through the envelope check.

    Tolerant of what real files carry: a UTF-8 byte-order mark, line breaks anywhere (CR/LF after segments,
    or lines wrapped at a fixed width, the ISA included), ISA fields shorter or longer than their fixed width
    when the separators still say where each ends (a warning), and several interchanges one after another,
    each with its own delimiters."""
    warnings = ["the file starts with a UTF-8 byte-order mark"] if text.startswith("\ufeff") else []
    body = text.lstrip("\ufeff \t\r\n")
    parts = interchanges(body)
    first = parts[0][0]
    rows: list[list[str]] = []
    for delims, chunk, notes in parts:
        warnings += notes
        rows += _rows(chunk, delims, first, len(rows))
    check_envelopes(_skeleton(rows, first))
    return Scanned(first, rows, tuple(warnings))


def _rows(chunk: str, delims: Delimiters, first: Delimiters, before: int) -> list[list[str]]:
    """One interchange's segments as rows; numbers in errors count on from the `before` rows already read."""
    pieces, tail = _pieces(chunk, delims)
    sep = delims.element
    rows = [p.split(sep) for p in pieces if p]
    if not all(_SEGMENT_ID.fullmatch(i) for i in {r[0] for r in rows}):
        rows = _drop_blank_and_check_ids(rows, sep, before)
    if tail:
        bad = tail.split(sep)[0][:3]
        raise X12Error(before + len(rows) + 1, bad, "segment has no terminator (file truncated?)")
    if (delims.component, delims.repetition) != (first.component, first.repetition):
        rows = _translate(rows, delims, first, before)
    return rows


def _pieces(chunk: str, delims: Delimiters) -> tuple[list[str], str]:
    """An interchange's segments as text (without terminators), and what follows the last terminator."""
    term = delims.segment
    if term != "\n" and "\n" in chunk:  # breaks only after terminators (see interchanges)
        pieces = chunk.split(term + "\n")
        if pieces[-1].endswith(term):  # no line break after the last segment
            pieces[-1:] = [pieces[-1][:-len(term)], ""]
    else:
        pieces = chunk.split(term)
    return pieces, pieces.pop().strip()


def single_interchange(text: str) -> tuple[Delimiters, list[str]] | None:
    """The usual file, for a reader that splits each segment as it goes (and checks ids and envelopes with
    `valid_id` and `check_pieces`): one interchange, nothing after its last terminator. Each piece is a
    segment's text. None for any other file: scan reads it (and says what is wrong with it)."""
    parts = interchanges(text.lstrip("\ufeff \t\r\n"))
    if len(parts) != 1:
        return None
    delims, chunk, _ = parts[0]
    pieces, tail = _pieces(chunk, delims)
    return None if tail else (delims, pieces)


SEEN_IDS: set[str] = set()


def valid_id(segment_id: str) -> bool:
    """A well-formed segment id (remembered once seen: a file uses a few dozen)."""
    if segment_id in SEEN_IDS:
        return True
    if _SEGMENT_ID.fullmatch(segment_id):
        SEEN_IDS.add(segment_id)
        return True
    return False


def check_pieces(pieces: list[str], delims: Delimiters, envelope_at: list[int]) -> None:
    """check_envelopes for segments kept as text, given the indexes of the envelope segments (ISA, GS, ST, SE,
    GE, IEA, TA1) in order: the same verdict and error as scan gives the same file."""
    sep = delims.element
    check_envelopes(_skeleton_at(envelope_at, len(pieces), lambda i: pieces[i].split(sep), delims))


def _translate(rows: list[list[str]], delims: Delimiters, first: Delimiters, before: int) -> list[list[str]]:
    """A later interchange with another component or repetition separator, rewritten to the first one's, so
    the readers see one set of delimiters; refused when the first one's separators occur in its data."""
    theirs = {ch for ch in (first.component, first.repetition) if ch and ch not in (delims.component,
                                                                                  delims.repetition)}
    if any(ch in el for r in rows for el in r[1:] for ch in theirs):
        raise X12Error(before + 1, "ISA", "this interchange's data holds the separators the first interchange "
                                          "declares; send it in a file of its own")
    table = {delims.component: first.component}
    if delims.repetition and first.repetition:
        table[delims.repetition] = first.repetition
    trans = str.maketrans(table)
    return [r if r[0] == "ISA" else [r[0], *(el.translate(trans) for el in r[1:])] for r in rows]


def envelope_warnings(text: str) -> tuple[str, ...]:
    """What scan tolerated in this file's envelopes (a byte-order mark, ISA fields off their fixed width)."""
    warnings = ["the file starts with a UTF-8 byte-order mark"] if text.startswith("\ufeff") else []
    for _, _, notes in interchanges(text.lstrip("\ufeff \t\r\n")):
        warnings += notes
    return tuple(warnings)


def interchanges(body: str) -> list[tuple[Delimiters, str, list[str]]]:
    """Each interchange of the file: its delimiters, its text with line breaks taken out (unless a line break
    is its segment terminator), and warnings about its ISA."""
    out: list[tuple[Delimiters, str, list[str]]] = []
    term = read_isa(body)[0].segment
    if term not in _BREAKS and not _breaks_only_after(body, term):  # wrapped lines, CR/LF: line breaks are noise
        body = body.replace("\r", "").replace("\n", "")
    while True:
        delims, notes = read_isa(body, len(out) + 1)
        end = _interchange_end(body, delims)
        rest = body[end:].lstrip(" \t\r\n") if end < len(body) - 2 else ""
        last = not rest.startswith("ISA")
        if last:  # the usual file: one interchange, read without a copy; text after its IEA stays with it
            chunk, body = body, ""
        else:
            chunk, body = body[:end], rest
        if delims.segment in _BREAKS:  # a line break ends segments: drop the other kind (CR of CR/LF)
            chunk = chunk.replace("\r" if delims.segment == "\n" else "\n", "")
        elif ("\n" in chunk or "\r" in chunk) and not _breaks_only_after(chunk, delims.segment):
            chunk = chunk.replace("\r", "").replace("\n", "")  # e.g. after an interchange ended by line breaks
        out.append((delims, chunk, notes))
        if last:
            return out


def _breaks_only_after(body: str, term: str) -> bool:
    """Every line break directly follows a segment terminator and every terminator but the last is followed by
    one (what writers emit): then the segments split on terminator + line break as they are, without a copy of
    the text with the breaks taken out."""
    if "\r" in body:
        return False
    ended = body.count(term + "\n")
    return body.count("\n") == ended and body.count(term) - body.endswith(term) == ended


def _interchange_end(body: str, delims: Delimiters) -> int:
    """Where the text after this interchange's IEA segment starts (the end of the text if there is none)."""
    term, key = delims.segment, f"IEA{delims.element}"
    found = body.find(key)
    while found > 0 and body[found - 1] not in (term, "\r", "\n"):
        found = body.find(key, found + 1)
    if found < 0:
        return len(body)
    stop = body.find(term, found)
    return len(body) if stop < 0 else stop + 1


def read_isa(body: str, which: int = 1) -> tuple[Delimiters, list[str]]:
    """The delimiters an ISA declares, read by its separators: the element separator follows 'ISA', ISA16
    is the component separator and the next character ends the segment. Fields off their fixed width are a
    warning when the separators leave no doubt; line breaks inside the ISA (a wrapped file) are skipped."""
    size = ISA_LENGTH + 160
    while True:  # enough text for the ISA once line breaks (a file wrapped at any width) are taken out
        head = body[:size]
        flat = head.replace("\r", "").replace("\n", "")
        if len(flat) >= ISA_LENGTH + 20 or size >= len(body):
            break
        size *= 2
    if not flat.startswith("ISA"):
        found = re.match(r"[A-Za-z0-9]{0,3}", flat)
        raise X12Error(1, found.group() if found else "", "the file does not start with an ISA segment")
    element = flat[3] if len(flat) > 3 else ""
    if not element or element.isalnum() or element.isspace():
        raise X12Error(1, "ISA", "the ISA has no element separator at position 4")
    fields = flat.split(element, 16)
    if len(fields) < 17 or len(fields[16]) < 2:
        raise X12Error(1, "ISA", "the ISA is cut short: it does not have 16 elements and a terminator")
    if not all(f.strip().isdigit() and len(f.strip()) == n for f, n in ((fields[9], 6), (fields[10], 4),
                                                                         (fields[12], 5))):
        raise X12Error(1, "ISA", "the ISA is cut short or malformed: ISA09, ISA10 and ISA12 are not a date, a "
                                 "time and a version")
    component = fields[16][0]
    segment = _terminator(head, element)
    fields = [*fields[:16], component]
    delims = Delimiters(element, component, fields[11] if fields[12] >= "00501" else "", segment)
    if segment.isalnum() or segment == " " or len({element, component, segment}) < 3:
        raise X12Error(1, "ISA", "the ISA's separators and segment terminator are not distinct symbols")
    off = [f"ISA{n:02d}" for n, (value, width) in enumerate(zip(fields[1:], ISA_WIDTHS, strict=True), 1)
           if len(value) != width]
    notes = [f"interchange {which}: {', '.join(off)} not at the fixed width; read by its separators"] if off else []
    return delims, notes


def _terminator(head: str, element: str) -> str:
    """The character after ISA16. A line break there is the terminator itself, unless a symbol follows it on
    the next line (then the file was wrapped right there, and that symbol ends the segment)."""
    count, i = 0, 0
    while count < 16:
        count += head[i] == element
        i += 1
    while head[i] in _BREAKS:  # a wrap just before ISA16
        i += 1
    after = head[i + 1:]
    if after[:1] not in ("\r", "\n"):
        return after[:1]
    rest = after.lstrip(_BREAKS)
    if rest and not rest[0].isalnum():
        return rest[0]
    return "\r" if after[:2] == "\r" + (rest[:1] or "x") else "\n"  # a lone CR ends segments (old Mac files)


def _drop_blank_and_check_ids(rows: list[list[str]], sep: str, before: int = 0) -> list[list[str]]:
    """The slow path, taken only when some segment id is invalid: blank pieces are skipped (as tokenize always
    did), ids are taken without surrounding spaces, and the first real offender is reported by its number."""
    kept = [r for r in rows if sep.join(r).strip()]
    for row in kept:
        row[0] = row[0].strip()
    for number, row in enumerate(kept, before + 1):
        if not _SEGMENT_ID.fullmatch(row[0]):
            shown = row[0] if row[0].isalnum() and len(row[0]) <= 3 else "?"
            raise X12Error(number, shown, "not a valid segment id")
    return kept


def _skeleton(rows: list[list[str]], delims: Delimiters) -> list[Segment]:
    """Envelope segments and, for each run of other segments, its first one: check_envelopes raises for the
    first segment of a run outside a transaction set, and counts ST/SE from segment numbers, so this is
    enough for the same verdict and the same error."""
    at = [i for i, r in enumerate(rows) if r[0] in _ENVELOPE_IDS]
    return _skeleton_at(at, len(rows), rows.__getitem__, delims)


def _skeleton_at(envelope_at: list[int], count: int, row: Callable[[int], list[str]],
                 delims: Delimiters) -> list[Segment]:
    out: list[Segment] = []
    prev = -1
    for i in envelope_at:
        if i > prev + 1:
            out.append(Segment(prev + 2, tuple(row(prev + 1)), delims))
        out.append(Segment(i + 1, tuple(row(i)), delims))
        prev = i
    if prev + 1 < count:
        out.append(Segment(prev + 2, tuple(row(prev + 1)), delims))
    return out


@dataclass
class _Open:
    """An open envelope: its header segment and how many children it has closed so far."""

    header: Segment
    children: int = 0


def check_envelopes(segments: list[Segment]) -> None:
    """Every ISA closed by IEA, GS by GE, ST by SE, with matching counts and control numbers."""
    stack: list[_Open] = []
    for s in segments:
        depth = {"ISA": 0, "GS": 1, "ST": 2}.get(s.id)
        if depth is not None:
            _open(stack, s, depth)
        elif s.id in ("IEA", "GE", "SE"):
            _close(stack, s)
        elif s.id == "TA1" and len(stack) == 1:
            continue  # an interchange acknowledgment sits outside any group
        elif len(stack) != 3:
            raise s.error("segment outside a transaction set (ST/SE)")
    if stack:
        opened = stack[-1].header
        raise opened.error(f"never closed: {_CLOSER[opened.id]} missing")


def _open(stack: list[_Open], s: Segment, depth: int) -> None:
    if len(stack) < depth:
        raise s.error(f"{s.id} outside {'an interchange (ISA)' if not stack else 'a functional group (GS)'}")
    if len(stack) > depth:
        raise s.error(f"{s.id} inside an open {stack[-1].header.id}")
    stack.append(_Open(s))


def _close(stack: list[_Open], s: Segment) -> None:
    header_id = {"IEA": "ISA", "GE": "GS", "SE": "ST"}[s.id]
    if not any(o.header.id == header_id for o in stack):
        raise s.error(f"{s.id} without an open {header_id}")
    if stack[-1].header.id != header_id:
        inner = stack[-1].header
        raise s.error(f"{s.id} while the {inner.id} of segment {inner.number} is open: {_CLOSER[inner.id]} missing")
    opened = stack.pop()
    if s.id == "SE":
        counted, control_at = s.number - opened.header.number + 1, 2
    else:
        counted, control_at = opened.children, {"IEA": 13, "GE": 6}[s.id]
    if _int(s, 1) != counted:
        raise s.error(f"{s.id}01 says {_int(s, 1)} but there are {counted}")
    if _control(s.el(2)) != _control(opened.header.el(control_at)):
        raise s.error(f"{s.id}02 does not match the control number of its {header_id}")
    if stack:
        stack[-1].children += 1


def _int(s: Segment, n: int) -> int:
    try:
        return int(s.el(n))
    except ValueError:
        raise s.error(f"{s.id}{n:02d} is not a number") from None


def _control(value: str) -> str:
    # Control numbers compare as numbers when they are (ISA13 is zero-padded, IEA02 may not be).
    value = value.strip()
    return str(int(value)) if value.isdigit() else value


# --- 837P -----------------------------------------------------------------------------------------------


def read_837p(text: str) -> ClaimFile:
    """An 837P (005010X222) as a ClaimFile: envelopes, submitter, billing provider, claims and lines.
    Segments the model has no place for are skipped; a patient loop (2000C) is an X12Error."""
    with gc_paused():
        reader = _Reader837()
        for s in tokenize(text):
            reader.feed(s)
        return reader.result()


def _date(s: Segment, value: str) -> dt.date:
    day = _ccyymmdd(value)
    if day is None:
        raise s.error("not a valid CCYYMMDD date")
    return day


@lru_cache(maxsize=8192)  # a file's dates of service and births repeat
def _ccyymmdd(value: str) -> dt.date | None:
    if len(value) != 8 or not (value.isdigit() and value.isascii()):
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _decimal(s: Segment, value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise s.error("not a decimal number") from None


class _Reader837:
    """A small state machine: NM1/HL/CLM/LX set the context that N3, N4, PRV, REF and DTP apply to."""

    _handlers: ClassVar[dict[str, Callable[[_Reader837, Segment], None]]]  # filled in below the class

    def __init__(self) -> None:
        self.file: dict[str, Any] = {"partner": {}, "billing_provider": {"address": {}}, "claims": []}
        self.context = ""
        self.subscriber: dict[str, Any] = {}
        self.payer: dict[str, Any] = {}
        self.claim: dict[str, Any] = {}  # empty between claims
        self.line: dict[str, Any] | None = None  # None outside a 2400 loop
        self.claim_at: list[Segment] = []  # each claim's CLM, to locate model errors
        self.totals: list[Decimal] = []

    def feed(self, s: Segment) -> None:
        handler = self._handlers.get(s.id)
        if handler:
            handler(self, s)

    # envelope

    def _isa(self, s: Segment) -> None:
        p = self.file["partner"]
        p.update(sender_qualifier=s.el(5).strip(), sender_id=s.el(6).strip(), receiver_qualifier=s.el(7).strip(),
                 receiver_id=s.el(8).strip(), usage=s.el(15))
        self.file.setdefault("isa_control", _int(s, 13))

    def _gs(self, s: Segment) -> None:
        if s.el(1) != "HC" or not s.el(8).startswith("005010X222"):
            raise s.error("not an 837P 005010X222 functional group")
        p = self.file["partner"]
        p["gs_sender_id"] = s.el(2) if s.el(2) != p["sender_id"] else None
        p["gs_receiver_id"] = s.el(3) if s.el(3) != p["receiver_id"] else None
        self.file.setdefault("group_control", _int(s, 6))

    def _st(self, s: Segment) -> None:
        if s.el(1) != "837":
            raise s.error("not an 837 transaction set")
        self.file.setdefault("transaction_control", _int(s, 2))
        self.context = ""

    def _bht(self, s: Segment) -> None:
        try:
            created = dt.datetime.strptime(s.el(4) + s.el(5)[:4], "%Y%m%d%H%M").replace(tzinfo=dt.UTC)
        except ValueError:
            raise s.error("BHT04/BHT05 are not a valid date and time") from None
        self.file.setdefault("created", created)

    # parties

    def _nm1(self, s: Segment) -> None:
        entity = s.el(1)
        self.context = entity
        if entity == "41":
            self.file["partner"].update(submitter_name=s.el(3), submitter_id=s.el(9))
        elif entity == "40":
            self.file["partner"]["receiver_name"] = s.el(3)
        elif entity == "85":
            self.file["billing_provider"].update(name=s.el(3), npi=s.el(9))
        elif entity == "IL":
            self.subscriber.update(last_name=s.el(3), first_name=s.el(4), member_id=s.el(9), address={})
        elif entity == "PR":
            self.payer = {"name": s.el(3), "payer_id": s.el(9)}
        elif entity in ("82", "DQ") and self.line is None:  # 2420A/2420D line-level providers are not modelled
            person = {"last_name": s.el(3), "first_name": s.el(4), "npi": s.el(9)}
            self._need_claim(s)["rendering" if entity == "82" else "supervisor"] = person

    def _per(self, s: Segment) -> None:
        p = self.file["partner"]
        if self.context != "41" or "contact_phone" in p:
            return
        p["contact_name"] = s.el(2)
        for n in (3, 5, 7):
            if s.el(n) == "TE":
                p["contact_phone"] = s.el(n + 1)
            elif s.el(n) == "EM":
                p["contact_email"] = s.el(n + 1)

    def _address(self) -> dict[str, Any] | None:
        if self.context == "85":
            return self.file["billing_provider"]["address"]
        return self.subscriber.get("address") if self.context == "IL" else None

    def _n3(self, s: Segment) -> None:
        address = self._address()
        if address is not None:
            address.update(line1=s.el(1), line2=s.el(2) or None)

    def _n4(self, s: Segment) -> None:
        address = self._address()
        if address is not None:
            address.update(city=s.el(1), state=s.el(2), zip=s.el(3))

    def _dmg(self, s: Segment) -> None:
        if self.context == "IL":
            self.subscriber.update(date_of_birth=_date(s, s.el(2)), sex=s.el(3))

    def _prv(self, s: Segment) -> None:
        if s.el(1) == "BI":
            self.file["billing_provider"]["taxonomy"] = s.el(3)
        elif s.el(1) == "PE" and self.claim.get("rendering") and self.line is None:
            self.claim["rendering"]["taxonomy"] = s.el(3)

    # hierarchy, claims, lines

    def _hl(self, s: Segment) -> None:
        level = s.el(3)
        if level == "23":
            raise s.error("patient loop (2000C) not supported: the subscriber must be the patient")
        self._end_claim()
        self.context = "HL" + level
        if level == "22":
            self.subscriber, self.payer = {}, {}

    def _clm(self, s: Segment) -> None:
        self._end_claim()
        place, _, frequency = (s.parts(5) + ["", "", ""])[:3]
        self.claim = {"claim_id": s.el(1), "place_of_service": place, "frequency": frequency, "lines": [],
                      "subscriber": self.subscriber, "payer": self.payer}
        self.claim_at.append(s)
        self.totals.append(_decimal(s, s.el(2)))
        self.context = "CLM"

    def _need_claim(self, s: Segment) -> dict[str, Any]:
        if not self.claim:
            raise s.error("belongs to a claim but no CLM precedes it")
        return self.claim

    def _hi(self, s: Segment) -> None:
        codes = [s.parts(n) for n in range(1, len(s.elements))]
        diagnoses = [c[1] for c in codes if len(c) > 1 and c[0] in ("ABK", "ABF", "BK", "BF")]
        self._need_claim(s)["diagnoses"] = self.claim.get("diagnoses", []) + diagnoses

    def _ref(self, s: Segment) -> None:
        qualifier, value = s.el(1), s.el(2)
        if qualifier == "EI" and self.context == "85":
            self.file["billing_provider"]["tax_id"] = value
        elif qualifier == "6R" and self.line is not None:
            self.line["line_control"] = value
        elif qualifier in ("F8", "G1") and self.claim and self.line is None:
            self.claim["payer_claim_number" if qualifier == "F8" else "prior_authorization"] = value

    def _lx(self, s: Segment) -> None:
        line: dict[str, Any] = {}
        self._need_claim(s)["lines"].append(line)
        self.line = line
        self.context = "LX"

    def _sv1(self, s: Segment) -> None:
        if self.line is None:
            raise s.error("SV1 without LX")
        procedure = s.parts(1)
        if procedure[0] != "HC" or len(procedure) < 2:
            raise s.error("SV101 is not an HCPCS procedure (HC)")
        units = _decimal(s, s.el(4))
        if units != units.to_integral_value():
            raise s.error("SV104 units are not whole")
        self.line.update(hcpcs=procedure[1], modifiers=[m for m in procedure[2:6] if m],
                         charge=_decimal(s, s.el(2)), units=int(units),
                         place_of_service=s.el(5) or self.claim["place_of_service"],
                         diagnosis_pointers=[int(p) for p in s.parts(7) if p.isdigit()])

    def _dtp(self, s: Segment) -> None:
        if s.el(1) != "472" or self.line is None:
            return
        start, _, end = s.el(3).partition("-")
        if s.el(2) == "RD8" and end != start:
            raise s.error("a service date range cannot be read into one service date")
        self.line["service_date"] = _date(s, start)

    def _end_claim(self) -> None:
        if self.claim:
            self.file["claims"].append(self.claim)
        self.claim, self.line = {}, None

    def result(self) -> ClaimFile:
        self._end_claim()
        for claim, clm, total in zip(self.file["claims"], self.claim_at, self.totals, strict=True):
            lines_total = sum((line.get("charge", Decimal(0)) for line in claim["lines"]), Decimal(0))
            if lines_total != total:
                raise clm.error("CLM02 is not the sum of the claim's line charges")
        try:
            return ClaimFile.model_validate(self.file)
        except ValidationError as exc:
            raise self._locate(exc) from None

    def _locate(self, exc: ValidationError) -> X12Error:
        """The first model error, placed at its claim's CLM when it is inside a claim; no input values."""
        first = exc.errors(include_input=False, include_url=False)[0]
        loc = first["loc"]
        path = ".".join(map(str, loc))
        if len(loc) > 1 and loc[0] == "claims" and isinstance(loc[1], int) and loc[1] < len(self.claim_at):
            return self.claim_at[loc[1]].error(f"{path}: {first['msg']}")
        return X12Error(1, "ISA", f"{path}: {first['msg']}")


_Reader837._handlers = {
    "ISA": _Reader837._isa, "GS": _Reader837._gs, "ST": _Reader837._st, "BHT": _Reader837._bht,
    "NM1": _Reader837._nm1, "PER": _Reader837._per, "N3": _Reader837._n3, "N4": _Reader837._n4,
    "DMG": _Reader837._dmg, "PRV": _Reader837._prv, "HL": _Reader837._hl, "CLM": _Reader837._clm,
    "HI": _Reader837._hi, "REF": _Reader837._ref, "LX": _Reader837._lx, "SV1": _Reader837._sv1,
    "DTP": _Reader837._dtp,
}
