"""Regenerate the typed Python client of the Peerbill API from the server's OpenAPI document.

    python clients/python/generate.py

writes `clients/python/openapi.json` (the document, as GET /openapi.json serves it) and the package
`clients/python/peerbill_client/` made from it by openapi-python-client (installed with `pip install -e '.[test]'`;
its version is pinned in pyproject.toml, so the same document always gives the same files).
tests/test_python_client.py fails when the committed client is not what this command makes from today's document.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "peerbill_client"


def generate(target: Path) -> None:
    """The document and the client package, written into `target` (a folder)."""
    sys.path.insert(0, str(HERE.parent.parent))
    from api.contract import openapi_json

    target.mkdir(parents=True, exist_ok=True)
    (target / "openapi.json").write_text(openapi_json())
    if (target / PACKAGE).exists():
        shutil.rmtree(target / PACKAGE)
    subprocess.run([sys.executable, "-m", "openapi_python_client", "generate", "--path", "openapi.json",
                    "--config", str(HERE / "config.yaml"), "--meta", "none", "--output-path", PACKAGE],
                   cwd=target, check=True, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    generate(HERE)
    print(f"wrote {HERE / 'openapi.json'} and {HERE / PACKAGE}/")  # noqa: T201
