"""Every state pack's billable code and modifier combinations go into an 837P that pyx12 accepts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from billing.claims.assembly import Billable, assemble, finalize
from billing.rules import default_registry
from billing.rules.cases import base_encounter, deep_merge
from billing.x12.writer import write_837p
from schemas.claims import BillingProvider, ClaimFile, PayerParty, PostalAddress, TradingPartner
from schemas.encounter import Encounter
from tests.x12util import pyx12_text_errors

PARTNER = TradingPartner(sender_id="PEERBILLTEST", receiver_id="SYNPAYER", submitter_name="Synthetic Agency",
                         submitter_id="SUB123", contact_name="Billing Desk", contact_phone="5125550100",
                         receiver_name="Synthetic Medicaid")
PROVIDER = BillingProvider(name="Synthetic Agency", npi="1992999999", tax_id="123456789", taxonomy="251S00000X",
                           address=PostalAddress(line1="1 Main St", city="Sampletown", state="TX", zip="787010001"))
PACKS = sorted(default_registry().packs.values(), key=lambda p: p.state)


def combos(pack) -> list[tuple[str, list[str], str]]:
    """(code, modifiers, setting) for every service the pack (and its plans) can bill; H0038 when unsourced."""
    rules = [pack.rules, *(p.rules for p in pack.plans.values())]
    found = {(s.code, tuple(s.modifiers), s.setting) for r in rules for s in r.services}
    return [(c, list(m), "group" if s == "group" else "individual") for c, m, s in sorted(found)] or [
        ("H0038", [], "individual")]


@pytest.mark.parametrize("pack", PACKS, ids=[p.state for p in PACKS])
def test_each_state_pack_bills_into_a_pyx12_valid_837p(pack):
    items = []
    for n, (code, mods, setting) in enumerate(combos(pack)):
        service = {"hcpcs": code, "modifiers": mods, "setting": setting,
                   "group_size": 4 if setting == "group" else None,
                   "start_time": f"{8 + n:02d}:00", "end_time": f"{8 + n:02d}:45"}
        enc = Encounter.model_validate(deep_merge(base_encounter(), {
            "encounter_id": f"{pack.state}-{n}", "payer": {"state": pack.state}, "service": service}))
        items.append(Billable(f"pk{n}", 1, enc, 3, Decimal("37.50")))
    party = PayerParty(name=f"{pack.state} Medicaid", payer_id=f"{pack.state}MCD")
    claims = tuple(finalize(d, party, f"PB{i:010d}") for i, d in enumerate(assemble(items), 1))
    text = write_837p(ClaimFile(isa_control=7, group_control=7, transaction_control=7,
                                created=datetime(2025, 3, 10, 9, 30, tzinfo=UTC), partner=PARTNER,
                                billing_provider=PROVIDER, claims=claims))
    assert pyx12_text_errors(text) == []
    assert sum(len(c.lines) for c in claims) == len(items)
