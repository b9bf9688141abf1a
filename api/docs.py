"""/docs (Swagger UI) and /redoc served with their assets from an installed package (fastapi-offline ships
swagger-ui and redoc), so the pages work on a network with no internet; no inline script, so a CSP holds."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
# Swagger UI and Redoc set styles from script and Redoc searches in a worker made from a blob.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'")

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/docs-assets/favicon.png">{head}</head>
<body>{body}</body></html>"""


def install(app: FastAPI) -> None:
    """Mount the assets and the two pages (the app is created with docs_url=None and redoc_url=None)."""
    app.mount("/docs-assets", StaticFiles(directory=ASSETS), name="docs-assets")
    headers = {"Content-Security-Policy": CSP}

    @app.get("/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return HTMLResponse(_PAGE.format(
            title=f"{app.title} API", head='<link rel="stylesheet" href="/docs-assets/swagger-ui.css">',
            body='<div id="swagger-ui"></div><script src="/docs-assets/swagger-ui-bundle.js"></script>'
                 '<script src="/console/static/swagger-init.js"></script>'), headers=headers)

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return HTMLResponse(_PAGE.format(
            title=f"{app.title} API", head="",
            body=f'<redoc spec-url="{app.openapi_url}"></redoc><script src="/docs-assets/redoc.standalone.js">'
                 '</script>'), headers=headers)
