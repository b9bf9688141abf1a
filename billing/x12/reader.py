"""Reading X12: a tolerant tokenizer with envelope checks (shared by the 837P, 999, 277CA and 835 readers),
and an 837P reader that turns what the writer emits back into a ClaimFile. Pure: text in, objects out.

Errors name the segment's position in the file (1 = the ISA) and its id, never an element's value (PHI).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, ClassVar, NamedTuple

from annotated_types import MaxLen, MinLen
from pydantic import BaseModel, TypeAdapter, ValidationError

from billing.x12.parse import Row, X12Error, digits, el, fail, gc_paused, trusted
from schemas.claims import Claim, ClaimFile, PayerParty, RenderingProvider, ServiceLine, Subscriber, SupervisingProvider

ISA_LENGTH = 106
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")
_CLOSER = {"ISA": "IEA", "GS": "GE", "ST": "SE"}


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


Handlers = dict[str, Callable[[Any, Row, int], None]]


def feed_pieces(reader: Any, handlers: Handlers, delims: Delimiters, pieces: list[str]) -> bool:
    """The usual file in one pass: each segment split as it is read (no list of every row at once), its id
    checked once per distinct id, the envelopes checked after from where the reader saw them (its
    `envelope_at`). False when anything is wrong with the file: the caller then reads it with scan and
    feed_rows, which report it as scan does (the file's structure before its content)."""
    sep, seen = delims.element, SEEN_IDS
    try:
        for number, piece in enumerate(pieces, 1):
            row = piece.split(sep)
            handler = handlers.get(row[0])
            if handler is not None:
                handler(reader, row, number)
            elif row[0] not in seen and not valid_id(row[0]):
                return False
        check_pieces(pieces, delims, reader.envelope_at)
    except X12Error:
        return False
    return True


def feed_rows(reader: Any, handlers: Handlers, rows: list[Row]) -> None:
    """Any other file (several interchanges, blank segments, a fault), scanned and checked whole first."""
    for number, row in enumerate(rows, 1):
        handler = handlers.get(row[0])
        if handler is not None:
            handler(reader, row, number)


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
    if not all(digits(f.strip()) and len(f.strip()) == n for f, n in ((fields[9], 6), (fields[10], 4),
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
    return str(int(value)) if digits(value) else value


# --- 837P -----------------------------------------------------------------------------------------------

Line = list[Any]  # a service line being read: [REF*6R value, _Service, DTP*472 date], None where absent


def read_837p(text: str) -> ClaimFile:
    """An 837P (005010X222) as a ClaimFile: envelopes, submitter, billing provider, claims and lines.
    Segments the model has no place for are skipped; a patient loop (2000C) is an X12Error."""
    with gc_paused():
        return _read_837p(text)


def _read_837p(text: str) -> ClaimFile:
    # A function of its own so that the reader's working lists are freed before the collector runs again.
    usual = single_interchange(text)
    reader = _read_pieces(*usual) if usual is not None else None
    return (reader or _read_rows(text)).result()


def _read_pieces(delims: Delimiters, pieces: list[str]) -> _Reader837 | None:
    reader = _Reader837(delims.component)
    return reader if feed_pieces(reader, _Reader837.handlers, delims, pieces) else None


def _read_rows(text: str) -> _Reader837:
    scanned = scan(text)
    reader = _Reader837(scanned.delimiters.component)
    feed_rows(reader, _Reader837.handlers, scanned.rows)
    return reader


def _number(row: Row, n: int, number: int) -> int:
    try:
        return int(el(row, n))
    except ValueError:
        raise fail(row, number, f"{row[0]}{n:02d} is not a number") from None


def _date(row: Row, number: int, value: str) -> dt.date:
    day = _ccyymmdd(value)
    if day is None:
        raise fail(row, number, "not a valid CCYYMMDD date")
    return day


def _ccyymmdd(value: str) -> dt.date | None:
    if len(value) != 8 or not (value.isdigit() and value.isascii()):
        return None
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def _decimal(row: Row, number: int, value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise fail(row, number, "not a decimal number") from None


class _Service:
    """One distinct SV1 segment's fields as read (with the claim's place of service when SV105 is empty),
    and, once the builder has checked them, the validated fields of a line (see _Builder.line)."""

    __slots__ = ("values", "default_place", "places", "checked")

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.default_place = not values["place_of_service"]
        self.places: dict[str, _Service] = {}  # claim's place -> this SV1 there, when default_place
        self.checked: dict[str, Any] | None = None

    def at(self, place: str) -> _Service:
        found = self.places.get(place)
        if found is None:
            found = self.places[place] = _Service({**self.values, "place_of_service": place})
        return found


class _Reader837:
    """A small state machine over rows: NM1/HL/CLM/LX set the context that N3, N4, PRV, REF and DTP apply
    to. Parties and claims are dicts as the model takes them; a line is a short list (see Line), since a file
    has many; SV1 is parsed once per distinct segment."""

    handlers: ClassVar[dict[str, Callable[[_Reader837, Row, int], None]]]  # filled in below the class

    def __init__(self, component: str) -> None:
        self.component = component
        self.file: dict[str, Any] = {"partner": {}, "billing_provider": {"address": {}}, "claims": []}
        self.context = ""
        self.subscriber: dict[str, Any] = {}
        self.payer: dict[str, Any] = {}
        self.claim: dict[str, Any] = {}  # empty between claims
        self.line: Line | None = None  # None outside a 2400 loop
        self.claim_at: list[tuple[Row, int]] = []  # each claim's CLM and its number, to locate model errors
        self.totals: list[Decimal] = []
        self.envelope_at: list[int] = []  # indexes of the envelope segments, for check_pieces
        self.sv1_seen: dict[tuple[str, ...], _Service] = {}
        self.days: dict[str, dt.date] = {}  # CCYYMMDD -> date, of the dates read so far

    # envelope

    def _envelope(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)

    def _isa(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)
        self.file["partner"].update(sender_qualifier=el(row, 5).strip(), sender_id=el(row, 6).strip(),
                                    receiver_qualifier=el(row, 7).strip(), receiver_id=el(row, 8).strip(),
                                    usage=el(row, 15))
        self.file.setdefault("isa_control", _number(row, 13, number))

    def _gs(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)
        if el(row, 1) != "HC" or not el(row, 8).startswith("005010X222"):
            raise fail(row, number, "not an 837P 005010X222 functional group")
        p = self.file["partner"]
        p["gs_sender_id"] = el(row, 2) if el(row, 2) != p.get("sender_id") else None
        p["gs_receiver_id"] = el(row, 3) if el(row, 3) != p.get("receiver_id") else None
        self.file.setdefault("group_control", _number(row, 6, number))

    def _st(self, row: Row, number: int) -> None:
        self.envelope_at.append(number - 1)
        if el(row, 1) != "837":
            raise fail(row, number, "not an 837 transaction set")
        self.file.setdefault("transaction_control", _number(row, 2, number))
        self.context = ""

    def _bht(self, row: Row, number: int) -> None:
        try:
            created = dt.datetime.strptime(el(row, 4) + el(row, 5)[:4], "%Y%m%d%H%M").replace(tzinfo=dt.UTC)
        except ValueError:
            raise fail(row, number, "BHT04/BHT05 are not a valid date and time") from None
        self.file.setdefault("created", created)

    # parties

    def _nm1(self, row: Row, number: int) -> None:
        entity = el(row, 1)
        self.context = entity
        if entity == "41":
            self.file["partner"].update(submitter_name=el(row, 3), submitter_id=el(row, 9))
        elif entity == "40":
            self.file["partner"]["receiver_name"] = el(row, 3)
        elif entity == "85":
            self.file["billing_provider"].update(name=el(row, 3), npi=el(row, 9))
        elif entity == "IL":
            self.subscriber.update(last_name=el(row, 3), first_name=el(row, 4), member_id=el(row, 9), address={})
        elif entity == "PR":
            self.payer = {"name": el(row, 3), "payer_id": el(row, 9)}
        elif entity in ("82", "DQ") and self.line is None:  # 2420A/2420D line-level providers are not modelled
            person = {"last_name": el(row, 3), "first_name": el(row, 4), "npi": el(row, 9)}
            self._need_claim(row, number)["rendering" if entity == "82" else "supervisor"] = person

    def _per(self, row: Row, number: int) -> None:
        p = self.file["partner"]
        if self.context != "41" or "contact_phone" in p:
            return
        p["contact_name"] = el(row, 2)
        for n in (3, 5, 7):
            if el(row, n) == "TE":
                p["contact_phone"] = el(row, n + 1)
            elif el(row, n) == "EM":
                p["contact_email"] = el(row, n + 1)

    def _address(self) -> dict[str, Any] | None:
        if self.context == "85":
            return self.file["billing_provider"]["address"]
        return self.subscriber.get("address") if self.context == "IL" else None

    def _n3(self, row: Row, number: int) -> None:
        address = self._address()
        if address is not None:
            address.update(line1=el(row, 1), line2=el(row, 2) or None)

    def _n4(self, row: Row, number: int) -> None:
        address = self._address()
        if address is not None:
            address.update(city=el(row, 1), state=el(row, 2), zip=el(row, 3))

    def _dmg(self, row: Row, number: int) -> None:
        if self.context == "IL":
            self.subscriber.update(date_of_birth=self._day(row, number, el(row, 2)), sex=el(row, 3))

    def _prv(self, row: Row, number: int) -> None:
        if el(row, 1) == "BI":
            self.file["billing_provider"]["taxonomy"] = el(row, 3)
        elif el(row, 1) == "PE" and self.claim.get("rendering") and self.line is None:
            self.claim["rendering"]["taxonomy"] = el(row, 3)

    # hierarchy, claims, lines

    def _hl(self, row: Row, number: int) -> None:
        level = el(row, 3)
        if level == "23":
            raise fail(row, number, "patient loop (2000C) not supported: the subscriber must be the patient")
        self._end_claim()
        self.context = "HL" + level
        if level == "22":
            self.subscriber, self.payer = {}, {}

    def _clm(self, row: Row, number: int) -> None:
        self._end_claim()
        place, _, frequency = ([*el(row, 5).split(self.component), "", "", ""])[:3]
        self.claim = {"claim_id": el(row, 1), "place_of_service": place, "frequency": frequency, "lines": [],
                      "subscriber": self.subscriber, "payer": self.payer}
        self.claim_at.append((row, number))
        self.totals.append(_decimal(row, number, el(row, 2)))
        self.context = "CLM"

    def _need_claim(self, row: Row, number: int) -> dict[str, Any]:
        if not self.claim:
            raise fail(row, number, "belongs to a claim but no CLM precedes it")
        return self.claim

    def _hi(self, row: Row, number: int) -> None:
        codes = [row[n].split(self.component) for n in range(1, len(row))]
        diagnoses = [c[1] for c in codes if len(c) > 1 and c[0] in ("ABK", "ABF", "BK", "BF")]
        self._need_claim(row, number)["diagnoses"] = self.claim.get("diagnoses", []) + diagnoses

    def _ref(self, row: Row, number: int) -> None:
        qualifier = row[1] if len(row) > 1 else ""
        if qualifier == "6R" and self.line is not None:
            self.line[0] = row[2] if len(row) > 2 else ""
        elif qualifier == "EI" and self.context == "85":
            self.file["billing_provider"]["tax_id"] = el(row, 2)
        elif qualifier in ("F8", "G1") and self.claim and self.line is None:
            self.claim["payer_claim_number" if qualifier == "F8" else "prior_authorization"] = el(row, 2)

    def _lx(self, row: Row, number: int) -> None:
        if not self.claim:
            self._need_claim(row, number)  # raises
        line: Line = [None, None, None]
        self.claim["lines"].append(line)
        self.line = line
        self.context = "LX"

    def _sv1(self, row: Row, number: int) -> None:
        line = self.line
        if line is None:
            raise fail(row, number, "SV1 without LX")
        key = tuple(row)
        service = self.sv1_seen.get(key)
        if service is None:
            service = self.sv1_seen[key] = _Service(self._parse_sv1(row, number))
        line[1] = service.at(self.claim["place_of_service"]) if service.default_place else service

    def _parse_sv1(self, row: Row, number: int) -> dict[str, Any]:
        procedure = el(row, 1).split(self.component)
        if procedure[0] != "HC" or len(procedure) < 2:
            raise fail(row, number, "SV101 is not an HCPCS procedure (HC)")
        units = _decimal(row, number, el(row, 4))
        if units != units.to_integral_value():
            raise fail(row, number, "SV104 units are not whole")
        return {"hcpcs": procedure[1], "modifiers": tuple(m for m in procedure[2:6] if m),
                "charge": _decimal(row, number, el(row, 2)), "units": int(units), "place_of_service": el(row, 5),
                "diagnosis_pointers": tuple(int(p) for p in el(row, 7).split(self.component) if digits(p))}

    def _dtp(self, row: Row, number: int) -> None:
        if self.line is None or (row[1] if len(row) > 1 else "") != "472":
            return
        start, _, end = (row[3] if len(row) > 3 else "").partition("-")
        if end and end != start and el(row, 2) == "RD8":
            raise fail(row, number, "a service date range cannot be read into one service date")
        day = self.days.get(start)
        self.line[2] = day if day is not None else self._day(row, number, start)

    def _day(self, row: Row, number: int, text: str) -> dt.date:
        day = self.days[text] = _date(row, number, text)
        return day

    def _end_claim(self) -> None:
        if self.claim:
            self.file["claims"].append(self.claim)
        self.claim, self.line = {}, None

    # the ClaimFile

    def result(self, whole: bool = False) -> ClaimFile:
        """The ClaimFile, built (see _Builder), or with `whole` validated whole by the model (the reference
        the tests compare the builder with)."""
        self._end_claim()
        for claim, (row, number), total in zip(self.file["claims"], self.claim_at, self.totals, strict=True):
            lines_total = sum((line[1].values["charge"] for line in claim["lines"] if line[1]), Decimal(0))
            if lines_total != total:
                raise fail(row, number, "CLM02 is not the sum of the claim's line charges")
        try:
            if not whole:
                return _Builder().claim_file(self.file)
        except ValidationError:
            pass
        try:  # validated whole, to report the first error as the model orders them
            return ClaimFile.model_validate(_plain(self.file))
        except ValidationError as exc:
            raise self._locate(exc) from None

    def _locate(self, exc: ValidationError) -> X12Error:
        """The first model error, placed at its claim's CLM when it is inside a claim; no input values."""
        first = exc.errors(include_input=False, include_url=False)[0]
        loc = first["loc"]
        path = ".".join(map(str, loc))
        if len(loc) > 1 and loc[0] == "claims" and isinstance(loc[1], int) and loc[1] < len(self.claim_at):
            return fail(*self.claim_at[loc[1]], f"{path}: {first['msg']}")
        return X12Error(1, "ISA", f"{path}: {first['msg']}")


_Reader837.handlers = {
    "ISA": _Reader837._isa, "GS": _Reader837._gs, "ST": _Reader837._st, "BHT": _Reader837._bht,
    "NM1": _Reader837._nm1, "PER": _Reader837._per, "N3": _Reader837._n3, "N4": _Reader837._n4,
    "DMG": _Reader837._dmg, "PRV": _Reader837._prv, "HL": _Reader837._hl, "CLM": _Reader837._clm,
    "HI": _Reader837._hi, "REF": _Reader837._ref, "LX": _Reader837._lx, "SV1": _Reader837._sv1,
    "DTP": _Reader837._dtp, "SE": _Reader837._envelope, "GE": _Reader837._envelope,
    "IEA": _Reader837._envelope, "TA1": _Reader837._envelope,
}


def _line_dict(line: Line) -> dict[str, Any]:
    """A line as the model takes it: only what its segments gave."""
    control, service, day = line
    out = dict(service.values) if service else {}
    if day is not None:
        out["service_date"] = day
    if control is not None:
        out["line_control"] = control
    return out


def _plain(file: dict[str, Any]) -> dict[str, Any]:
    """The file as dicts throughout, for the model to validate whole."""
    claims = [{**c, "lines": [_line_dict(line) for line in c["lines"]]} for c in file["claims"]]
    return {**file, "claims": claims}


def _key(values: dict[str, Any]) -> tuple[Any, ...]:
    """A dict of a party's values as a hashable key (nested dicts included)."""
    return tuple((k, _key(v) if type(v) is dict else v) for k, v in values.items())


def _field_check(cls: type[BaseModel], name: str) -> Callable[[Any], Any]:
    """What the model does with one field's value: its validator alone (the models here have no validators
    across fields)."""
    field = cls.model_fields[name]
    return TypeAdapter(Annotated[field.annotation, field]).validate_python


def _length_bounds(cls: type[BaseModel], name: str) -> tuple[int, int]:
    """A str field constrained by its length alone: the bounds, to check in Python (the validator only for
    the error); any other constraint: an empty range, so the validator always runs."""
    shortest, longest = 0, sys.maxsize
    for constraint in cls.model_fields[name].metadata:
        if isinstance(constraint, MinLen):
            shortest = constraint.min_length
        elif isinstance(constraint, MaxLen):
            longest = constraint.max_length
        else:
            return 1, 0
    return shortest, longest


_LINE_CHECKS = {name: _field_check(ServiceLine, name) for name in ServiceLine.model_fields}
_SHORTEST, _LONGEST = _length_bounds(ServiceLine, "line_control")
_service_line = trusted(ServiceLine)


class _Builder:
    """The ClaimFile made from what the reader gathered, as the model validates it, but each distinct value
    validated once: the parties by their values, a line's SV1 fields by the SV1 segment and its place of
    service, its date by the date; only the line control (REF*6R) is new on every line. Any ValidationError:
    the caller validates the file whole, to report the first error as the model orders them."""

    def __init__(self) -> None:
        self.parties: dict[tuple[Any, ...], BaseModel] = {}
        self.days: dict[dt.date, dt.date] = {}

    def claim_file(self, file: dict[str, Any]) -> ClaimFile:
        return ClaimFile.model_validate({**file, "claims": [self.claim(c) for c in file["claims"]]})

    def claim(self, claim: dict[str, Any]) -> Claim:
        values = {**claim, "lines": [self.line(line) for line in claim["lines"]]}
        for name, cls in _PARTIES:
            if type(values.get(name)) is dict:
                values[name] = self.party(cls, values[name])
        return Claim.model_validate(values)

    def party(self, cls: type[BaseModel], values: dict[str, Any]) -> BaseModel:
        key = (cls, _key(values))
        found = self.parties.get(key)
        if found is None:
            found = self.parties[key] = cls.model_validate(values)
        return found

    def line(self, line: Line) -> ServiceLine:
        control, service, day = line
        if control is None or service is None or day is None:  # a field is missing: the model says which
            return ServiceLine.model_validate(_line_dict(line))
        fields = service.checked
        if fields is None:  # the SV1's fields validated, in the model's order, the line's own to fill in
            checked = {name: _LINE_CHECKS[name](value) for name, value in service.values.items()}
            fields = service.checked = {name: checked.get(name) for name in ServiceLine.model_fields}
        valid_day = self.days.get(day)
        if valid_day is None:
            valid_day = self.days[day] = _LINE_CHECKS["service_date"](day)
        if not (type(control) is str and _SHORTEST <= len(control) <= _LONGEST):
            control = _LINE_CHECKS["line_control"](control)  # raises
        values = fields.copy()
        values["line_control"], values["service_date"] = control, valid_day
        return _service_line(values)


_PARTIES = (("subscriber", Subscriber), ("payer", PayerParty), ("rendering", RenderingProvider),
            ("supervisor", SupervisingProvider))
