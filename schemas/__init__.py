"""Peerbill's public contract: pydantic models for what goes in and comes out."""

from schemas.encounter import Encounter, History, PriorService
from schemas.rulepack import RulePack
from schemas.verdict import Citation, Finding, PackRef, Verdict

__all__ = ["Citation", "Encounter", "Finding", "History", "PackRef", "PriorService", "RulePack", "Verdict"]
