"""Claims that never carry a wrong value, and one bad encounter that never sinks a build: names the 837P cannot
carry, diagnoses that outnumber a claim, identifiers sent as they came in, and a property test that every
encounter the API accepts is either billed in a pyx12-clean file or left out with a named reason."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from billing.claims.assembly import Billable, assemble, finalize, own_diagnoses, writable
from billing.db.models import ClaimFileRow, ClaimLineRow, ClaimRow
from billing.db.models import Encounter as EncounterRow
from billing.x12.writer import WriteError, ident, write_837p
from schemas.claims import ClaimFile, PayerParty, TradingPartner
from tests.conftest import make_encounter
from tests.test_api_claims import PARTNER, setup_payer
from tests.test_api_encounters import enc
from tests.x12util import pyx12_text_errors

PARTY = PayerParty(name="ZZ Medicaid", payer_id="ZZMCD")


def _post(api, **over) -> dict:
    r = api.call("POST", "/v1/encounters", json=enc(**over))
    assert r.status_code == 201, r.text
    return r.json()


def _content(api, file_id: str) -> str:
    return api.call("GET", f"/v1/claim-files/{file_id}/content", as_="billing").text


# --- 1. one bad encounter never sinks a build --------------------------------------------------------------


def test_an_unwritable_name_leaves_its_encounter_out_and_the_rest_are_billed(api):
    payer = setup_payer(api)
    for i, last in enumerate(["Okafor", "李", "~*:^", "Zoë-Smith"]):
        _post(api, encounter_id=f"w{i}", member={"medicaid_id": f"SYN{i:04d}", "last_name": last},
              service={"start_time": f"{9 + i:02d}:00", "end_time": f"{9 + i:02d}:45"})
    r = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["file"]["claims"] == 2 and out["file"]["lines"] == 2
    left = {x["encounter_id"]: x["findings"][0] for x in out["excluded"]}
    assert set(left) == {"w1", "w2"}
    for finding in left.values():
        assert finding["code"] == "claim.x12_value" and finding["path"] == "member.last_name"
        assert "X12 character set" in finding["message"]
    text = _content(api, out["file"]["id"])
    assert "NM1*IL*1*ZOE-SMITH*" in text and "NM1*IL*1*OKAFOR*" in text
    assert pyx12_text_errors(text) == []


def test_intake_warns_with_the_transliteration_a_name_will_get(api):
    body = _post(api, encounter_id="w9", member={"first_name": "Renée", "last_name": "李"})
    warnings = {f["path"]: f for f in body["verdict"]["findings"] if f["code"] == "intake.x12_text"}
    assert warnings["member.first_name"]["severity"] == "warning"
    assert "'RENEE'" in warnings["member.first_name"]["message"]
    assert "leave this encounter out" in warnings["member.last_name"]["message"]
    assert body["verdict"]["billable"] is True  # a warning: the claim build names the exclusion
    plain = _post(api, encounter_id="w10", member={"medicaid_id": "SYN7777", "last_name": "O'Connor"})
    assert not [f for f in plain["verdict"]["findings"] if f["code"] == "intake.x12_text"]


# --- 2. diagnosis pointers are never wrong -----------------------------------------------------------------

POOL = [f"F{n:02d}.{d}" for n in range(10, 20) for d in (0, 1, 2)]  # 30 distinct diagnoses


def _billable(k: int, diagnoses: list[str]) -> Billable:
    e = make_encounter(encounter_id=f"d{k}", diagnoses=diagnoses,
                       service={"start_time": None, "end_time": None, "minutes": 15,
                                "date": str(dt.date(2025, 3, 1) + dt.timedelta(days=k % 28))})
    return Billable(f"pk{k}", 1, e, 1, Decimal("10.00"))


@given(st.lists(st.lists(st.sampled_from(POOL), min_size=1, max_size=12, unique=True), min_size=1, max_size=70),
       st.sampled_from(["day", "month"]))
def test_every_line_points_at_its_own_encounters_diagnoses(sets, span):
    items = [_billable(k, d) for k, d in enumerate(sets)]
    drafts = assemble(items, span)
    assert sorted(b.encounter_pk for d in drafts for b in d.items) == sorted(b.encounter_pk for b in items)
    for n, d in enumerate(drafts):
        claim = finalize(d, PARTY, f"PB{n:010d}")
        assert len(claim.diagnoses) <= 12 and len(claim.lines) <= 50
        for b, line in zip(d.items, claim.lines, strict=True):
            own = own_diagnoses(b)
            pointed = [claim.diagnoses[p - 1] for p in line.diagnosis_pointers]
            assert pointed == own[:4]  # its own, in its order, and nobody else's


def test_a_claim_over_twelve_diagnoses_is_split_and_stays_pyx12_clean():
    items = [_billable(0, POOL[:8]), _billable(28, POOL[8:16]), _billable(56, POOL[16:17])]  # one day
    drafts = assemble(items, "day")
    assert [len(d.items) for d in drafts] == [1, 2]
    claims = tuple(finalize(d, PARTY, f"PB{n:010d}") for n, d in enumerate(drafts, 1))
    f = ClaimFile(isa_control=1, group_control=1, transaction_control=1, created=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
                  partner=TradingPartner.model_validate(PARTNER), billing_provider=_provider(), claims=claims)
    assert pyx12_text_errors(write_837p(f)) == []


def _provider():
    from billing.claims.build import billing_provider
    from billing.db.models import Agency

    return billing_provider(Agency(name="Synthetic Agency", npi="1992999999", tax_id="123456789",
                                   taxonomy="251S00000X", address_line1="1 Main St", address_line2=None,
                                   city="Sampletown", state="TX", zip="787010001"))


# --- 3. identifiers go out as they came in -----------------------------------------------------------------


def test_identifiers_are_sent_verbatim_never_upper_cased(api):
    payer = setup_payer(api)
    _post(api, encounter_id="i1", member={"medicaid_id": "abc-123x"}, prior_authorization="pa-2025-7b")
    f = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer}).json()["file"]
    text = _content(api, f["id"])
    assert "*MI*abc-123x~" in text and "REF*G1*pa-2025-7b~" in text
    assert pyx12_text_errors(text) == []
    with api.db.reading() as s:
        claim = s.scalars(select(ClaimRow.id)).one()
    rep = api.call("POST", f"/v1/claims/{claim}/replace", as_="billing", json={"payer_claim_number": "pcn-00a9"})
    assert rep.status_code == 200, rep.text
    text = _content(api, rep.json()["file"]["id"])
    assert "REF*F8*pcn-00a9~" in text and pyx12_text_errors(text) == []


def test_a_payer_claim_number_holding_a_delimiter_is_refused_not_altered(api):
    payer = setup_payer(api)
    _post(api, encounter_id="i2")
    api.call("POST", "/v1/claim-files", as_="billing", json={"payer": payer})
    with api.db.writing() as s:
        claim = s.scalars(select(ClaimRow)).one()
        claim.payer_claim_number = "77*12"  # as a payer using other delimiters could send it in a 277CA
        claim_id = claim.id
        s.commit()
    r = api.call("POST", f"/v1/claims/{claim_id}/void", as_="billing", json={})
    assert r.status_code == 422 and "delimiter" in r.json()["detail"]
    assert "payer_claim_number" in r.json()["detail"]
    with api.db.reading() as s:
        assert s.scalars(select(ClaimRow.active)).one() is True  # nothing half-written


def test_ident_refuses_delimiters_and_non_ascii_and_keeps_case():
    assert ident("aB-9 x", 10, "x") == "aB-9 x"
    for bad in ("a*b", "a:b", "a^b", "a~b", "a\nb", "é1"):
        try:
            ident(bad, 10, "member_id")
        except WriteError as exc:
            assert exc.where == "member_id"
        else:
            raise AssertionError(bad)


# --- must hold: any accepted encounter is billed in a pyx12-clean file or left out with a reason ------------

_counter = itertools.count()
names = st.text(min_size=1, max_size=35).map(str.strip).filter(bool)
ids = st.from_regex(r"[A-Za-z0-9-]{1,20}", fullmatch=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(first=names, last=names, line1=st.text(min_size=1, max_size=55).map(str.strip).filter(bool),
       city=st.text(min_size=1, max_size=30).map(str.strip).filter(bool), member_id=ids,
       auth=st.none() | ids, diagnoses=st.lists(st.sampled_from(POOL + ["F33.1", "F3311", "Z99.9"]), min_size=1,
                                                max_size=12),
       peer_last=names)
def test_any_accepted_encounter_is_billed_cleanly_or_left_out_with_a_reason(api, first, last, line1, city, member_id,
                                                                           auth, diagnoses, peer_last):
    if not hasattr(api, "payer"):
        api.payer = setup_payer(api)
    ext = f"h{next(_counter)}"
    body = enc(encounter_id=ext, member={"medicaid_id": member_id, "first_name": first, "last_name": last,
                                         "address": {"line1": line1, "city": city, "state": "TX",
                                                     "zip": "787010001"}},
               rendering={**enc()["rendering"], "last_name": peer_last}, diagnoses=diagnoses,
               prior_authorization=auth)
    r = api.call("POST", "/v1/encounters", json=body)
    assert r.status_code in (201, 422), r.text
    if r.status_code == 422 or r.json()["status"] != "billable":
        return
    built = api.call("POST", "/v1/claim-files", as_="billing", json={"payer": api.payer, "encounters": [ext]})
    assert built.status_code == 200, built.text
    out = built.json()
    if out["file"] is None:
        (why,) = out["excluded"]
        assert why["encounter_id"] == ext and why["findings"] and all(f["message"] for f in why["findings"])
        return
    assert out["excluded"] == []
    with api.db.reading() as s:
        row = s.scalars(select(EncounterRow).where(EncounterRow.external_id == ext)).one()
        line = s.get(ClaimLineRow, row.claim_line_id)
        text = s.scalars(select(ClaimFileRow.content).where(ClaimFileRow.id == out["file"]["id"])).one()
    assert f"REF*6R*{line.line_control}~" in text
    assert pyx12_text_errors(text) == []


def test_writable_keeps_good_encounters_of_a_claim_whose_one_encounter_fails():
    bad, good = _billable(0, ["F33.1"]), _billable(1, ["F33.1"])  # one member: the claim names the first
    bad = Billable("bad", 1, bad.encounter.model_copy(update={"member": bad.encounter.member.model_copy(
        update={"last_name": "~~~"})}), 1, Decimal("10.00"))
    drafts, left_out = writable(assemble([good, bad], "month"), PARTY)
    assert [b.encounter_pk for d in drafts for b in d.items] == ["pk1"]
    assert [(b.encounter_pk, p.path) for b, p in left_out] == [("bad", "member.last_name")]


def test_a_trading_partner_id_holding_a_delimiter_is_refused_at_setup(api):
    body = {"payer_id": "ZZMCD", "name": "ZZ Medicaid", "state": "ZZ", "program": "fee_for_service",
            "partner": {**PARTNER, "submitter_id": "SUB*123"}}
    r = api.call("POST", "/v1/payers", as_="billing", json=body)
    assert r.status_code == 422 and "partner.submitter_id" in r.json()["detail"] and "delimiter" in r.json()["detail"]
    lower = api.call("POST", "/v1/payers", as_="billing",
                     json={**body, "partner": {**PARTNER, "submitter_id": "sub-12a"}})
    assert lower.status_code == 201, lower.text
