"""The rules engine: cited, dated state rule packs judge encounters (see docs/rules.md)."""

from billing.rules.engine import adjudicate, adjudicate_many, as_prior
from billing.rules.packs import PackError, Registry, default_registry, lint

__all__ = ["PackError", "Registry", "adjudicate", "adjudicate_many", "as_prior", "default_registry", "lint"]
