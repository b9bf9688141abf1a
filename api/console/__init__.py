"""The web console for billing staff, auditors and admins: server-rendered pages under /console that call the
same `billing` use cases as the API, with the same access rules."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent

# Strict: nothing but this origin's own files; no inline script or style, no framing, forms post only here.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def install(app: FastAPI) -> None:
    from api.console.pages import router

    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")
    app.include_router(router)
