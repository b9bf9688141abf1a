"""pyx12 as an independent judge in tests: every error it finds, as a flat list (empty means valid).

pyx12's console script exits 1 whether or not a file is valid and logs its findings, so the library is
called directly and the structured error tree is read from its JSON visitor.
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path
from typing import Any, TextIO

import pyx12.params
import pyx12.x12n_document


def pyx12_errors(path: str | Path) -> list[dict[str, Any]]:
    """Every error pyx12 reports for the file at `path`; [] when it passes."""
    with open(path, encoding="ascii", errors="replace", newline="") as fh:
        return _run(fh)


def pyx12_text_errors(text: str) -> list[dict[str, Any]]:
    """The same for X12 text in memory."""
    return _run(io.StringIO(text, newline=""))


class _Collect(logging.Handler):
    """pyx12 logs some failures (no map, not X12) without putting them in the error tree."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run(source: TextIO) -> list[dict[str, Any]]:
    logger, handler = logging.getLogger("pyx12"), _Collect()
    saved = (logger.propagate, logger.level)
    logger.addHandler(handler)
    logger.propagate, logger.level = False, logging.ERROR
    fd_ack, fd_json = io.StringIO(), io.StringIO()
    try:
        ok = pyx12.x12n_document.x12n_document(param=pyx12.params.params(), src_file=source, fd_997=fd_ack,
                                               fd_html=None, fd_xmldoc=None, fd_json=fd_json)
    except Exception as exc:  # noqa: BLE001 - any pyx12 crash is a failed validation, reported as such
        return [{"level": "ENGINE", "message": f"{type(exc).__name__}: {exc}"}]
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved
    errors = _flatten(json.loads(fd_json.getvalue())) if fd_json.getvalue() else []
    if not ok and not errors:
        errors = [{"level": "LOG", "message": m} for m in handler.messages] or [
            {"level": "LOG", "message": "pyx12 reported failure without an error record"}]
    return errors


def _errors(node: dict[str, Any], level: str, **where: Any) -> list[dict[str, Any]]:
    return [{"level": level, **where, "code": e.get("err_cde"), "message": e.get("err_str"),
             "value": e.get("err_val")} for e in node.get("errors", [])]


def _flatten(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for isa in doc.get("interchanges", []):
        out += _errors(isa, "ISA", line=isa.get("cur_line"))
        for gs in isa.get("groups", []):
            out += _errors(gs, "GS", line=gs.get("cur_line"))
            for st in gs.get("transactions", []):
                out += _errors(st, "ST", line=st.get("cur_line"))
                for s in st.get("segments", []):
                    line, seg_id = s.get("cur_line"), s.get("seg_id")
                    out += _errors(s, "SEG", line=line, segment=seg_id)
                    for ele in s.get("elements", []):
                        out += _errors(ele, "ELE", line=line, segment=seg_id, element=ele.get("ele_pos"),
                                       component=ele.get("subele_pos"))
    return out
