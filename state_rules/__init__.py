"""Per-state rule packs, shipped as package data (see docs/rules.md)."""

from pathlib import Path

DIR = Path(__file__).parent
