"""Shared fixtures: a synthetic rule pack (state ZZ) and a synthetic encounter builder."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings

from billing.rules.cases import CASES_DIR, deep_merge
from billing.rules.packs import Registry, read_pack
from schemas.encounter import Encounter

DATA = Path(__file__).parent / "data"

settings.register_profile("ci", max_examples=60, deadline=None)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


def zz_registry() -> Registry:
    return Registry({"ZZ": read_pack(DATA / "ZZ.yaml")})


def base_encounter_dict() -> dict[str, Any]:
    base = yaml.safe_load((CASES_DIR / "_base.yaml").read_text())["encounter"]
    return deep_merge(base, {"payer": {"state": "ZZ"}})


def make_encounter(**over: Any) -> Encounter:
    return Encounter.model_validate(deep_merge(base_encounter_dict(), over))


@pytest.fixture
def zz() -> Registry:
    return zz_registry()
