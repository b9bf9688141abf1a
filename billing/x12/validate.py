"""Independent validation of X12 files with pyx12, with its errors as data.

pyx12's console script exits 1 for both success and failure and logs its errors; this calls the library
and reads the structured error tree from its JSON visitor instead (as ../shared/tools/x12_validate.py shows).
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import pyx12.params
import pyx12.x12n_document


@dataclass
class Validation:
    path: str
    ok: bool
    errors: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _errors(node: dict[str, Any], level: str, line: Any) -> list[dict[str, Any]]:
    return [{"level": level, "line": line, "code": e.get("err_cde"), "message": e.get("err_str"),
             "value": e.get("err_val")} for e in node.get("errors", [])]


def _flatten(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for isa in doc.get("interchanges", []):
        out += _errors(isa, "ISA", isa.get("cur_line"))
        for gs in isa.get("groups", []):
            out += _errors(gs, "GS", gs.get("cur_line"))
            for st in gs.get("transactions", []):
                out += _errors(st, "ST", st.get("cur_line"))
                for seg in st.get("segments", []):
                    out += [{**e, "segment": seg.get("seg_id")} for e in _errors(seg, "SEG", seg.get("cur_line"))]
                    for ele in seg.get("elements", []):
                        out += [{**e, "segment": seg.get("seg_id"), "element": ele.get("ele_pos")}
                                for e in _errors(ele, "ELE", seg.get("cur_line"))]
    return out


def validate_file(path: str | Path) -> Validation:
    """Validate one file; never raises for bad X12 content."""
    return _validate(str(path), str(path))


def validate_text(text: str) -> Validation:
    """Validate X12 text held in memory."""
    return _validate(io.StringIO(text, newline=""), "<text>")


def _validate(source: str | TextIO, name: str) -> Validation:
    param = pyx12.params.params()
    logger = logging.getLogger("pyx12")
    handler = _Collect()
    old = (logger.propagate, logger.level)
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.ERROR
    fd_ack, fd_json = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    res = Validation(path=name, ok=False)
    try:
        ok = pyx12.x12n_document.x12n_document(param=param, src_file=source, fd_997=fd_ack, fd_html=None,
                                               fd_xmldoc=None, fd_json=fd_json)
    except Exception as exc:  # noqa: BLE001 - pyx12 raises many kinds; each is a failed validation
        ok = False
        message = f"{type(exc).__name__}: {exc}"
        res.errors.append({"level": "ENGINE", "line": None, "code": "engine", "message": message})
    finally:
        res.seconds = time.perf_counter() - start
        logger.removeHandler(handler)
        logger.propagate, logger.level = old
    if fd_json.getvalue():
        with contextlib.suppress(ValueError):  # a truncated tree: the log messages below still tell
            res.errors.extend(_flatten(json.loads(fd_json.getvalue())))
    if not ok and not res.errors:
        res.errors.extend({"level": "LOG", "line": None, "code": "log", "message": m} for m in handler.messages)
        if not res.errors:
            res.errors.append({"level": "LOG", "line": None, "code": "?", "message": "pyx12 reported failure"})
    res.ok = bool(ok) and not res.errors
    return res
