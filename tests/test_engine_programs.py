"""Programs inside a state: selection, rate codes by setting, region from a county table, add-on lines, the
claim form a program is billed on, and the lint of rate codes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from billing.rules import adjudicate
from billing.rules.packs import Registry, lint
from schemas.encounter import History
from schemas.rulepack import RulePack
from tests.conftest import DATA, make_encounter

CITE = {"document": "Synthetic program rules", "section": "3", "effective": "2020-01-01",
        "url": "https://example.org/zz"}


def program_doc() -> dict[str, Any]:
    doc = yaml.safe_load((DATA / "ZZ.yaml").read_text())
    doc["region_tables"] = {"zz": {"regions": {"south": ["Harbor", "Bay"]}, "default": "north", "cite": CITE}}
    rc = lambda code, setting, **kw: {"from": "2020-01-01", "cite": CITE, "rate_code": code,  # noqa: E731
                                      "label": f"rate {code}", "setting": setting, **kw}
    rate = lambda code, region, amount, **kw: {"from": "2020-01-01", "cite": CITE, "rate_code": code,  # noqa: E731
                                               "region": region, "amount": amount, **kw}
    doc["programs"] = {
        "kids": {
            "name": "Synthetic children's program", "region_table": "zz",
            "rules": {
                "age": [{"from": "2020-01-01", "cite": CITE, "max_years": 20}],
                "rate_codes": [rc("1001", "individual"), rc("1002", "group"),
                               rc("1009", "any", pairs_with=["1001"], condition="offsite")],
                "rates": [rate("1001", "north", "10.00"), rate("1001", "south", "12.00"),
                          rate("1002", "north", "5.00"), rate("1002", "south", "6.00"),
                          rate("1009", "north", "1.50"), rate("1009", "south", "2.00")],
            },
        },
        "inst": {"name": "Synthetic institutional program", "claim_form": "837I", "claim_form_cite": CITE,
                 "rules": {}},
    }
    return doc


REG = Registry({"ZZ": RulePack.model_validate(program_doc())})


def judge(**over: Any):
    over.setdefault("service", {}).setdefault("date", "2025-03-04")
    if over.get("program") == "kids" and "rate_region" not in over["service"]:
        over["service"].setdefault("county", "Inland")
    return adjudicate(make_encounter(**over), History(), date(2025, 3, 10), REG)


def codes(v) -> list[str]:
    return sorted(f.code for f in v.findings)


def test_a_program_replaces_the_states_kinds_it_gives_and_keeps_the_others():
    kid = judge(program="kids", member={"date_of_birth": "2010-01-01"})
    assert kid.billable and kid.rule_pack.program == "kids" and kid.rule_pack.id.startswith("ZZ+kids@r3")
    adult = judge(program="kids")  # born 1985: the program's age rule applies
    assert codes(adult) == ["age.out_of_range"]
    assert judge(program="kids", member={"date_of_birth": "2010-01-01"}, diagnoses=["Z63.0"]).billable is False


def test_rate_code_by_setting_region_by_county_and_add_on_lines():
    v = judge(program="kids", member={"date_of_birth": "2010-01-01"}, service={"county": "Harbor County"})
    assert (v.rate_code, v.rate, v.expected_payment) == ("1001", Decimal("12.00"), Decimal("48.00"))
    assert v.add_ons == []
    g = judge(program="kids", member={"date_of_birth": "2010-01-01"},
              service={"setting": "group", "group_size": 3, "rate_region": "north", "modifiers": ["HQ"]})
    assert (g.rate_code, g.expected_payment) == ("1002", Decimal("20.00"))
    off = judge(program="kids", member={"date_of_birth": "2010-01-01"}, service={"county": "Inland", "offsite": True})
    assert off.rate_code == "1001" and off.expected_payment == Decimal("40.00")
    assert [(a.rate_code, a.units, a.expected_payment) for a in off.add_ons] == [("1009", 4, Decimal("6.00"))]


def test_a_refused_encounter_has_add_on_lines_of_no_units():
    v = judge(program="kids", service={"offsite": True})  # adult: age.out_of_range
    assert not v.billable and [(a.units, a.expected_payment) for a in v.add_ons] == [(0, Decimal("0.00"))]


def test_a_given_rate_code_is_checked():
    kid = {"date_of_birth": "2010-01-01"}
    assert codes(judge(program="kids", member=kid, service={"rate_code": "1002"})) == ["rate_code.setting_mismatch"]
    assert "rate_code.not_covered" in codes(judge(program="kids", member=kid, service={"rate_code": "1009"}))
    assert judge(program="kids", member=kid, service={"rate_code": "1001"}).billable


def test_program_selection_findings_and_the_claim_form():
    assert codes(judge()) == ["program.unnamed"]
    assert codes(judge(program="nope")) == ["program.unknown"]
    inst = judge(program="inst")
    assert inst.claim_form == "837I" and codes(inst) == ["claim.institutional"] and inst.billable


def test_lint_checks_rate_codes(tmp_path):
    doc = program_doc()
    doc["programs"]["kids"]["rules"]["rate_codes"][2]["pairs_with"] = ["1003"]
    doc["programs"]["kids"]["rules"]["rates"].append(
        {"from": "2020-01-01", "cite": CITE, "rate_code": "4444", "amount": "1.00"})
    (tmp_path / "ZZ.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))
    problems = lint(tmp_path)
    assert any("add-on 1009 pairs with 1003, not a base rate code" in p for p in problems)
    assert any("rate code 4444 is not in rate_codes" in p for p in problems)


def test_the_verdict_builder_names_every_field():
    v = judge(program="kids", member={"date_of_birth": "2010-01-01"})
    assert set(v.__dict__) == set(type(v).model_fields)
    assert all(set(f.__dict__) == set(type(f).model_fields) for f in judge(program="nope").findings)


def test_a_claim_build_never_writes_an_institutional_program_on_an_837p(db):
    """A program a cited source bills on an 837I is left out of an 837P build with that reason, and named so
    billing staff know where the encounter went."""
    from tests.conftest import Api
    from tests.test_api_claims import setup_payer
    from tests.test_api_encounters import enc

    api = Api(db, REG)
    payer = setup_payer(api)
    r = api.call("POST", "/v1/encounters", json=enc(encounter_id="inst-1", program="inst"))
    assert r.status_code == 201, r.text
    assert r.json()["verdict"]["billable"] and r.json()["verdict"]["claim_form"] == "837I"
    out = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()
    assert out["file"] is None
    assert [(x["encounter_id"], x["findings"][0]["code"]) for x in out["excluded"]] == [
        ("inst-1", "claim.institutional")]
