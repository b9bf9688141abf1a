"""Logging of the HTTP service, as a dictConfig that uvicorn applies in each worker process."""

from __future__ import annotations

import copy
from typing import Any


def log_config(level: str = "INFO") -> dict[str, Any]:
    """uvicorn's own configuration plus Peerbill's loggers: `peerbill.http` (the access log: method, route
    template, status, time, request id; never a path or query, which can carry member ids) and
    `peerbill.errors` (every 500, described without the exception's text)."""
    from uvicorn.config import LOGGING_CONFIG

    cfg = copy.deepcopy(LOGGING_CONFIG)
    cfg["formatters"]["peerbill"] = {"format": "%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"}
    cfg["handlers"]["peerbill"] = {"class": "logging.StreamHandler", "formatter": "peerbill",
                                   "stream": "ext://sys.stderr"}
    cfg["loggers"]["peerbill"] = {"handlers": ["peerbill"], "level": level, "propagate": False}
    return cfg
