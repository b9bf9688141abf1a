"""Logging of the HTTP service, as a dictConfig that uvicorn applies in each worker process."""

from __future__ import annotations

import copy
from typing import Any

from billing.settings import Settings, load


def log_config(settings: Settings | None = None) -> dict[str, Any]:
    """uvicorn's own configuration plus Peerbill's loggers: `peerbill.http` (the access log: method, route
    template, status, time, request id, key id; never a path or query, which can carry member ids) and
    `peerbill.errors` (every 500, described without the exception's text). PEERBILL_LOG_FORMAT=json writes
    every line, uvicorn's included, as a JSON object (billing/observability/logs.py); PEERBILL_LOG_LEVEL sets
    the level of Peerbill's loggers."""
    from uvicorn.config import LOGGING_CONFIG

    settings = settings or load()
    cfg = copy.deepcopy(LOGGING_CONFIG)
    if settings.log_format == "json":
        json_fmt = {"()": "billing.observability.logs.JsonFormatter", "service": settings.service_name}
        cfg["formatters"] = {"default": json_fmt, "access": json_fmt, "peerbill": json_fmt}
    else:
        cfg["formatters"]["peerbill"] = {"format": "%(asctime)s %(process)d %(name)s %(levelname)s %(message)s"}
    cfg["handlers"]["peerbill"] = {"class": "logging.StreamHandler", "formatter": "peerbill",
                                   "stream": "ext://sys.stderr"}
    cfg["loggers"]["peerbill"] = {"handlers": ["peerbill"], "level": settings.log_level, "propagate": False}
    return cfg
