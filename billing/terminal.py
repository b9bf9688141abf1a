"""The CLI's terminal output: rich Consoles made on first use, so importing a command module (as `peerbill` does
for every command at start-up) does not import rich."""

from __future__ import annotations

from typing import Any


class LazyConsole:
    """A rich Console made on first use."""

    def __init__(self, **options: Any) -> None:
        self.options, self.console = options, None

    def get(self) -> Any:
        if self.console is None:
            from rich.console import Console

            self.console = Console(**self.options)
        return self.console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)


out = LazyConsole()
err = LazyConsole(stderr=True)
