"""Log records as one JSON object per line (PEERBILL_LOG_FORMAT=json), for a log shipper.

Fields: time (UTC, ISO 8601), level, logger, message, process, service, and when the record carries them (the
access log does): request_id, method, route (the template, never the path: paths and query strings can carry
member ids), status, latency_ms, key_id. An exception is described by its type and where it was raised, never
by its text (which can quote stored values).
"""

from __future__ import annotations

import json
import logging
import traceback
from datetime import UTC, datetime
from pathlib import Path

FIELDS = ("request_id", "method", "route", "status", "latency_ms", "key_id")


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str = "peerbill") -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        out = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
               "level": record.levelname, "logger": record.name, "message": record.getMessage(),
               "process": record.process, "service": self.service}
        for name in FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                out[name] = value
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            frames = traceback.extract_tb(exc.__traceback__)[-3:]
            out["exception"] = type(exc).__qualname__ + " at " + " < ".join(
                f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
        return json.dumps(out, default=str)
