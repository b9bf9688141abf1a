"""A FHIR R4 Bundle in, native Encounters out: each FHIR Encounter with the Patient, practitioners, Coverage,
Conditions and (optional) Claim it references. Every value taken is remembered with the FHIR path it came
from, so a problem found later (by the Encounter model's own validation) still names the FHIR element at fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError

from billing.fhir import systems as sy
from schemas.encounter import Encounter
from schemas.problems import json_path


@dataclass(frozen=True)
class Issue:
    """One OperationOutcome issue: what is wrong and the FHIR path of the element at fault."""

    path: str
    message: str
    code: str = "invalid"  # OperationOutcome issue type: invalid, required, structure, not-found, not-supported


@dataclass
class Mapped:
    """One FHIR Encounter of the Bundle: the native Encounter it maps to, or why it does not."""

    entry: int
    encounter: Encounter | None = None
    issues: list[Issue] = field(default_factory=list)


class _Refs:
    """The Bundle's resources by every name a reference may use: fullUrl, Type/id, or a URL ending in it."""

    def __init__(self, entries: list[Any]) -> None:
        self.by_name: dict[str, tuple[int, Any]] = {}
        for i, e in enumerate(entries):
            r = e.resource
            if r is None:
                continue
            if e.fullUrl:
                self.by_name[str(e.fullUrl)] = (i, r)
            if r.id:
                self.by_name[f"{r.get_resource_type()}/{r.id}"] = (i, r)

    def get(self, ref: Any, *types: str) -> tuple[int, Any] | None:
        target = getattr(ref, "reference", None)
        if not target:
            return None
        hit = self.by_name.get(target)
        if hit is None and "/" in target:  # an absolute URL naming Type/id at its end
            hit = self.by_name.get("/".join(target.rstrip("/").split("/")[-2:]))
        if hit is None or (types and hit[1].get_resource_type() not in types):
            return None
        return hit


def _entry(i: int) -> str:
    return f"Bundle.entry[{i}].resource"


def _codings(cc: Any) -> list[Any]:
    return list(getattr(cc, "coding", None) or []) if cc is not None else []


def _code_in(ccs: Any, systems: frozenset[str] | set[str] | str) -> str | None:
    wanted = {systems} if isinstance(systems, str) else systems
    for cc in ccs if isinstance(ccs, list) else [ccs]:
        for c in _codings(cc):
            if c.system in wanted and c.code:
                return str(c.code)
    return None


def _has_code(ccs: Any, system: str, *codes: str) -> bool:
    return any(c.system == system and c.code in codes for cc in (ccs or []) for c in _codings(cc))


def _ext(resource: Any, url: str) -> Any:
    return next((x for x in (getattr(resource, "extension", None) or []) if x.url == url), None)


def _identifier(ids: Any, *, system: str | None = None, type_codes: tuple[str, ...] = ()) -> str | None:
    for ident in ids or []:
        if system and ident.system == system and ident.value:
            return str(ident.value)
        if type_codes and ident.type is not None and _has_code([ident.type], sy.V2_IDENTIFIER_TYPE, *type_codes):
            return str(ident.value) if ident.value else None
    return None


class _Mapper:
    """Builds the native Encounter's fields for one FHIR Encounter, with the source path of each."""

    def __init__(self, i: int, enc: Any, refs: _Refs, claim: tuple[int, Any, Any] | None) -> None:
        self.i, self.enc, self.refs, self.claim = i, enc, refs, claim
        self.data: dict[str, Any] = {}
        self.src: dict[str, str] = {}
        self.issues: list[Issue] = []

    def put(self, key: str, value: Any, path: str) -> None:
        node = self.data
        *parents, leaf = key.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
        self.src[key] = path

    def need(self, path: str, message: str) -> None:
        self.issues.append(Issue(path, message, "required"))

    # --- the parts ---------------------------------------------------------------------------------------

    def run(self) -> Mapped:
        here = _entry(self.i)
        if self.enc.status != "finished":
            self.issues.append(Issue(f"{here}.status", f"status is '{self.enc.status}'; only a finished encounter "
                                     "(a delivered session) can be judged", "business-rule"))
        ids = [i for i in self.enc.identifier or [] if i.value]
        ext_id = next((i.value for i in ids if i.use in ("official", "usual")), ids[0].value if ids else None)
        eid = ext_id or self.enc.id
        if eid is None:
            self.need(f"{here}.identifier", "the Encounter needs an identifier (the EHR's encounter id) or an id")
        else:
            self.put("encounter_id", eid, f"{here}.identifier[0].value" if ext_id else f"{here}.id")
        patient = self._patient()
        self._coverage(patient)
        self._people()
        self._service()
        self._diagnoses()
        self._authorization()
        self._recovery_plan(patient)
        return self._finish()

    def _patient(self) -> tuple[int, Any] | None:
        here = _entry(self.i)
        hit = self.refs.get(self.enc.subject, "Patient")
        if hit is None:
            self.need(f"{here}.subject", "subject must reference a Patient in the Bundle")
            return None
        pi, p = hit
        at = _entry(pi)
        names = p.name or []
        name = next((n for n in names if n.use == "official"), names[0] if names else None)
        if name is None or not name.family or not name.given:
            self.need(f"{at}.name", "the Patient needs a name with family and given parts")
        else:
            self.put("member.first_name", name.given[0], f"{at}.name[{names.index(name)}].given[0]")
            self.put("member.last_name", name.family, f"{at}.name[{names.index(name)}].family")
        if p.birthDate is None:
            self.need(f"{at}.birthDate", "the Patient needs a birthDate")
        else:
            self.put("member.date_of_birth", p.birthDate, f"{at}.birthDate")
        self.put("member.sex", _sex(p), f"{at}.gender")
        addrs = p.address or []
        addr = next((a for a in addrs if a.use == "home"), addrs[0] if addrs else None)
        if addr is None:
            self.need(f"{at}.address", "the Patient needs a home address")
        else:
            apath = f"{at}.address[{addrs.index(addr)}]"
            lines = list(addr.line or [])
            self.put("member.address.line1", lines[0] if lines else None, f"{apath}.line[0]")
            if len(lines) > 1:
                self.put("member.address.line2", lines[1], f"{apath}.line[1]")
            self.put("member.address.city", addr.city, f"{apath}.city")
            self.put("member.address.state", addr.state, f"{apath}.state")
            self.put("member.address.zip", (addr.postalCode or "").replace("-", "").replace(" ", ""),
                     f"{apath}.postalCode")
        mid = _identifier(p.identifier, type_codes=("MA", "MB"))
        if mid:
            self.put("member.medicaid_id", mid, f"{at}.identifier")
        return hit

    def _coverage(self, patient: tuple[int, Any] | None) -> None:
        here = _entry(self.i)
        cov = self._find_coverage(patient)
        if cov is None:
            self.need(f"{here}", "the Bundle needs a Coverage (Medicaid) whose beneficiary is the Patient")
            return
        ci, c = cov
        at = _entry(ci)
        member_id = c.subscriberId or _identifier(c.identifier, type_codes=("MB", "MA", "SN"))
        if member_id:
            self.put("member.medicaid_id", member_id, f"{at}.subscriberId")
        elif "member" not in self.data or "medicaid_id" not in self.data.get("member", {}):
            self.need(f"{at}.subscriberId", "the Coverage needs subscriberId (the Medicaid member id)")
        sopt = _code_in(c.type, sy.SOPT) if c.type is not None else None
        plan = next((cl.value for cl in c.class_fhir or [] if _has_code([cl.type], sy.COVERAGE_CLASS, "plan")), None)
        managed = (sopt or "").startswith("21") or plan is not None
        self.put("payer.program", "managed_care" if managed else "fee_for_service", f"{at}.type")
        if plan is not None:
            self.put("payer.plan", plan, f"{at}.class")
        payors = c.payor or []
        org = self.refs.get(payors[0], "Organization") if payors else None
        state = None
        if org is not None:
            oi, o = org
            addr = (o.address or [None])[0]
            state = getattr(addr, "state", None)
            if state:
                self.put("payer.state", state, f"{_entry(oi)}.address[0].state")
            pid = _identifier(o.identifier, type_codes=("NIIP",))
            if pid:
                self.put("payer.payer_id", pid, f"{_entry(oi)}.identifier")
        if not state:
            self.need(f"{at}.payor", "the Coverage's payor must be an Organization in the Bundle with "
                      "address.state (the Medicaid program's state)")

    def _find_coverage(self, patient: tuple[int, Any] | None) -> tuple[int, Any] | None:
        if self.claim is not None:
            _, claim, _ = self.claim
            for ins in claim.insurance or []:
                if (hit := self.refs.get(ins.coverage, "Coverage")) is not None:
                    return hit
        if patient is None:
            return None
        pi, p = patient
        for ci, c in self.refs.by_name.values():
            if c.get_resource_type() == "Coverage" and (ben := self.refs.get(c.beneficiary, "Patient")) \
                    and ben[0] == pi:
                return ci, c
        return None

    def _participants(self) -> tuple[tuple[int, Any, str] | None, tuple[int, Any, str] | None]:
        """(rendering, supervisor), each as (entry, resource, path of the reference)."""
        here = _entry(self.i)
        rendering = supervisor = None
        untyped = None
        for k, part in enumerate(self.enc.participant or []):
            hit = self.refs.get(part.individual, "Practitioner", "PractitionerRole")
            if hit is None:
                continue
            item = (hit[0], hit[1], f"{here}.participant[{k}].individual")
            types = part.type or []
            if _has_code(types, sy.V3_PARTICIPATION, "PPRF"):
                rendering = rendering or item
            elif _has_code(types, sy.V3_PARTICIPATION, "RESP"):
                supervisor = supervisor or item
            elif not types:
                untyped = untyped or item
        if self.claim is not None:
            ci, claim, _ = self.claim
            for k, ct in enumerate(claim.careTeam or []):
                hit = self.refs.get(ct.provider, "Practitioner", "PractitionerRole")
                if hit is None:
                    continue
                item = (hit[0], hit[1], f"{_entry(ci)}.careTeam[{k}].provider")
                if _has_code([ct.role], sy.CARE_TEAM_ROLE, "primary"):
                    rendering = rendering or item
                elif _has_code([ct.role], sy.CARE_TEAM_ROLE, "supervisor"):
                    supervisor = supervisor or item
        return rendering or untyped, supervisor

    def _people(self) -> None:
        rendering, supervisor = self._participants()
        if rendering is None:
            self.need(f"{_entry(self.i)}.participant", "the Encounter needs a participant (type PPRF, primary "
                      "performer) referencing the peer's Practitioner or PractitionerRole in the Bundle")
        else:
            self._person("rendering", rendering)
        if supervisor is not None:
            self._person("supervisor", supervisor)

    def _person(self, key: str, who: tuple[int, Any, str]) -> None:
        wi, res, refpath = who
        role = res if res.get_resource_type() == "PractitionerRole" else None
        prac = (wi, res) if role is None else self.refs.get(role.practitioner, "Practitioner")
        if prac is None:
            self.need(f"{_entry(wi)}.practitioner", "the PractitionerRole must reference a Practitioner in the Bundle")
            return
        pi, p = prac
        at = _entry(pi)
        npi = _identifier(p.identifier, system=sy.NPI)
        if npi is None:
            self.need(f"{at}.identifier", f"the Practitioner needs an NPI identifier (system {sy.NPI})")
        else:
            self.put(f"{key}.npi", npi, f"{at}.identifier")
        names = p.name or []
        if not names or not names[0].family or not names[0].given:
            self.need(f"{at}.name", "the Practitioner needs a name with family and given parts")
        else:
            self.put(f"{key}.first_name", names[0].given[0], f"{at}.name[0].given[0]")
            self.put(f"{key}.last_name", names[0].family, f"{at}.name[0].family")
        quals = list(enumerate(p.qualification or []))
        other = [(k, q) for k, q in quals if not _code_in(q.code, sy.NUCC_TAXONOMY)]
        if key == "supervisor":
            cred = next((c.code for _, q in other for c in _codings(q.code) if c.code), None)
            if cred is None:
                self.need(f"{at}.qualification", "the supervisor needs a qualification naming the licence "
                          "(e.g. LCSW)")
            else:
                self.put("supervisor.credential", str(cred).upper(), f"{at}.qualification")
            return
        taxonomy = _code_in(role.specialty or [], sy.NUCC_TAXONOMY) if role is not None else None
        taxonomy = taxonomy or next((_code_in(q.code, sy.NUCC_TAXONOMY) for _, q in quals
                                     if _code_in(q.code, sy.NUCC_TAXONOMY)), None)
        if taxonomy is None:
            self.need(f"{at}.qualification", f"the peer needs a NUCC taxonomy code (system {sy.NUCC_TAXONOMY}) "
                      "as a qualification or a PractitionerRole specialty")
        else:
            self.put("rendering.taxonomy", taxonomy, f"{at}.qualification")
        self._credential(at, p, other)

    def _credential(self, at: str, p: Any, quals: list[tuple[int, Any]]) -> None:
        ext = _ext(p, sy.EXT_CREDENTIAL)
        if ext is not None:
            parts = {x.url: x for x in ext.extension or []}
            epath = f"{at}.extension('{sy.EXT_CREDENTIAL}')"
            for key, url, attr in (("type", "type", "valueCode"), ("number", "number", "valueString"),
                                   ("issuing_state", "issuingState", "valueString"),
                                   ("expires_on", "expiresOn", "valueDate")):
                x = parts.get(url)
                value = getattr(x, attr, None) if x is not None else None
                if key == "type" and value is None and x is not None:
                    value = x.valueString
                self.put(f"rendering.credential.{key}", value, f"{epath}.extension('{url}')")
            return
        if not quals:
            self.need(f"{at}.qualification", "the peer needs their certification as a qualification (code = "
                      "credential type, identifier = number, period.end = expiry, issuer = the certifying body "
                      "with its state) or the peer-credential extension")
            return
        k, q = quals[0]
        qpath = f"{at}.qualification[{k}]"
        code = next((c.code for c in _codings(q.code) if c.code), None)
        self.put("rendering.credential.type", str(code).upper() if code else None, f"{qpath}.code")
        number = (q.identifier or [None])[0]
        self.put("rendering.credential.number", getattr(number, "value", None), f"{qpath}.identifier")
        end = getattr(q.period, "end", None)
        self.put("rendering.credential.expires_on", _as_date(end), f"{qpath}.period.end")
        issuer = self.refs.get(q.issuer, "Organization")
        state = getattr((issuer[1].address or [None])[0], "state", None) if issuer else None
        if state is None:
            self.need(f"{qpath}.issuer", "the qualification's issuer must be an Organization in the Bundle with "
                      "address.state (the certifying state)")
        else:
            self.put("rendering.credential.issuing_state", state, f"{qpath}.issuer")

    def _service(self) -> None:
        here = _entry(self.i)
        period = self.enc.period
        start, end = getattr(period, "start", None), getattr(period, "end", None)
        if start is None:
            self.need(f"{here}.period.start", "the Encounter needs period.start (the date of service)")
            return
        self.put("service.date", _as_date(start), f"{here}.period.start")
        if isinstance(start, datetime) and isinstance(end, datetime):
            self.put("service.start_time", _local_time(start), f"{here}.period.start")
            self.put("service.end_time", _local_time(end), f"{here}.period.end")
        length = self.enc.length
        if length is not None and length.value is not None:
            factor = {"min": 1, "h": 60}.get(length.code or length.unit or "")
            if factor is None:
                self.issues.append(Issue(f"{here}.length", "length must be in minutes (min) or hours (h)"))
            else:
                self.put("service.minutes", int(length.value * factor), f"{here}.length")
        code, mods, pos, cpath = self._codes()
        if code is None:
            self.need(f"{here}.serviceType", "no HCPCS code: this does not look like a peer support session "
                      "(put the HCPCS code, e.g. H0038, in Encounter.serviceType or type, or a Claim item)")
        else:
            self.put("service.hcpcs", code, cpath)
        self.put("service.modifiers", mods, cpath)
        if pos is None:
            self.need(f"{here}.location", "no place-of-service code (CMS POS code system) in a Claim item's "
                      "locationCodeableConcept or a Location's type")
        else:
            self.put("service.place_of_service", pos[0], pos[1])
        size = _ext(self.enc, sy.EXT_GROUP_SIZE)
        self.put("service.setting", "group" if size is not None else "individual", f"{here}.extension")
        if size is not None:
            self.put("service.group_size", size.valueInteger, f"{here}.extension('{sy.EXT_GROUP_SIZE}')")
        self._telehealth(mods)
        for key, url, attr in (("service.rate_region", sy.EXT_RATE_REGION, "valueString"),
                               ("service.county", sy.EXT_COUNTY, "valueString"),
                               ("program", sy.EXT_PROGRAM, "valueCode")):
            if (x := _ext(self.enc, url)) is not None:
                self.put(key, getattr(x, attr), f"{here}.extension('{url}')")

    def _codes(self) -> tuple[str | None, list[str], tuple[str, str] | None, str]:
        here = _entry(self.i)
        code = None
        cpath = f"{here}.serviceType"
        if self.claim is not None:
            ci, claim, item = self.claim
            k = (claim.item or []).index(item)
            ipath = f"{_entry(ci)}.item[{k}]"
            code = _code_in(item.productOrService, sy.HCPCS | {sy.CPT})
            mods = [str(c.code).upper() for m in item.modifier or [] for c in _codings(m) if c.code]
            pos_code = _code_in(item.locationCodeableConcept, sy.PLACE_OF_SERVICE) \
                if item.locationCodeableConcept is not None else None
            if code:
                return code, mods, (pos_code, f"{ipath}.locationCodeableConcept") if pos_code else \
                    self._location_pos(), f"{ipath}.productOrService"
        code = _code_in(self.enc.serviceType, sy.HCPCS | {sy.CPT}) if self.enc.serviceType is not None else None
        if code is None:
            code = _code_in(list(self.enc.type or []), sy.HCPCS | {sy.CPT})
            cpath = f"{here}.type"
        return code, [], self._location_pos(), cpath

    def _location_pos(self) -> tuple[str, str] | None:
        here = _entry(self.i)
        for k, loc in enumerate(self.enc.location or []):
            hit = self.refs.get(loc.location, "Location")
            if hit is not None and (pos := _code_in(list(hit[1].type or []), sy.PLACE_OF_SERVICE)):
                return pos, f"{here}.location[{k}].location"
        return None

    def _telehealth(self, mods: list[str]) -> None:
        here = _entry(self.i)
        ext = _ext(self.enc, sy.EXT_TELEHEALTH)
        virtual = getattr(self.enc.class_fhir, "code", None) == "VR"
        if ext is not None:
            self.put("service.telehealth", ext.valueCode, f"{here}.extension('{sy.EXT_TELEHEALTH}')")
        elif virtual and ("93" in mods or "FQ" in mods):
            self.put("service.telehealth", "audio_only", f"{here}.class")
        elif virtual:
            self.issues.append(Issue(f"{here}.class", "a virtual encounter (class VR) must say whether it was "
                                     f"audio-video or audio-only: extension {sy.EXT_TELEHEALTH} or modifier 93/FQ",
                                     "required"))

    def _diagnoses(self) -> None:
        here = _entry(self.i)
        codes: list[tuple[str, str]] = []
        ranked = sorted(enumerate(self.enc.diagnosis or []), key=lambda kv: (kv[1].rank or 99, kv[0]))
        for k, dx in ranked:
            hit = self.refs.get(dx.condition, "Condition")
            if hit is not None and (code := _code_in(hit[1].code, sy.ICD10CM)):
                codes.append((code, f"{_entry(hit[0])}.code"))
            elif hit is None:
                self.issues.append(Issue(f"{here}.diagnosis[{k}].condition", "must reference a Condition in the "
                                         "Bundle", "not-found"))
        if not codes and self.claim is not None:
            ci, claim, _ = self.claim
            for k, dx in enumerate(sorted(claim.diagnosis or [], key=lambda d: d.sequence)):
                cc = dx.diagnosisCodeableConcept
                hit = self.refs.get(dx.diagnosisReference, "Condition")
                code = _code_in(cc, sy.ICD10CM) if cc is not None else (
                    _code_in(hit[1].code, sy.ICD10CM) if hit else None)
                if code:
                    codes.append((code, f"{_entry(ci)}.diagnosis[{k}]"))
        if not codes:
            for ci, c in self.refs.by_name.values():
                if c.get_resource_type() == "Condition" and self._is_this_encounter(c.encounter) \
                        and (code := _code_in(c.code, sy.ICD10CM)) and (code, f"{_entry(ci)}.code") not in codes:
                    codes.append((code, f"{_entry(ci)}.code"))
        if not codes:
            self.need(f"{here}.diagnosis", f"no ICD-10-CM diagnosis (system {sy.ICD10CM}) in Encounter.diagnosis, "
                      "the Claim, or a Condition referencing this Encounter")
            return
        self.put("diagnoses", [c for c, _ in codes], codes[0][1])
        for n, (_, path) in enumerate(codes):
            self.src[f"diagnoses.{n}"] = path

    def _is_this_encounter(self, ref: Any) -> bool:
        hit = self.refs.get(ref, "Encounter")
        return hit is not None and hit[0] == self.i

    def _authorization(self) -> None:
        if self.claim is None:
            return
        ci, claim, _ = self.claim
        for k, ins in enumerate(claim.insurance or []):
            if ins.preAuthRef:
                self.put("prior_authorization", ins.preAuthRef[0], f"{_entry(ci)}.insurance[{k}].preAuthRef[0]")
                return

    def _recovery_plan(self, patient: tuple[int, Any] | None) -> None:
        """Enrollment is the EpisodeOfCare's start; the plan is the member's active CarePlan (created = written,
        a Peerbill extension for the last review, which FHIR R4 has no element for)."""
        here = _entry(self.i)
        for k, ref in enumerate(self.enc.episodeOfCare or []):
            hit = self.refs.get(ref, "EpisodeOfCare")
            if hit is not None and getattr(hit[1].period, "start", None) is not None:
                self.put("recovery_plan.enrolled_on", _as_date(hit[1].period.start),
                         f"{_entry(hit[0])}.period.start")
                break
            if hit is None:
                self.issues.append(Issue(f"{here}.episodeOfCare[{k}]", "must reference an EpisodeOfCare in the "
                                         "Bundle", "not-found"))
        plans = [(ci, c) for ci, c in {id(r): (i, r) for i, r in self.refs.by_name.values()}.values()
                 if c.get_resource_type() == "CarePlan" and c.status == "active" and patient is not None
                 and (subj := self.refs.get(c.subject, "Patient")) is not None and subj[0] == patient[0]]
        if not plans:
            return
        ci, plan = plans[0]
        if plan.created is not None:
            self.put("recovery_plan.written_on", _as_date(plan.created), f"{_entry(ci)}.created")
        reviewed = _ext(plan, sy.EXT_PLAN_REVIEWED)
        if reviewed is not None:
            self.put("recovery_plan.last_reviewed_on", reviewed.valueDate,
                     f"{_entry(ci)}.extension('{sy.EXT_PLAN_REVIEWED}')")

    def _finish(self) -> Mapped:
        if self.issues:
            return Mapped(self.i, None, self.issues)
        try:
            return Mapped(self.i, Encounter.model_validate(self.data))
        except ValidationError as exc:
            return Mapped(self.i, None, [Issue(self._source(e["loc"]), _message(e), "invalid")
                                         for e in exc.errors(include_url=False)])

    def _source(self, loc: tuple[Any, ...]) -> str:
        """The FHIR path a native field came from: the longest recorded prefix of its location."""
        parts = [str(p) for p in loc]
        while parts:
            if (hit := self.src.get(".".join(parts))) is not None:
                return hit
            parts.pop()
        return _entry(self.i)


def _message(e: dict[str, Any]) -> str:
    field_name = json_path(tuple(e["loc"]))
    return f"{field_name}: {str(e['msg']).removeprefix('Value error, ')}"


def _sex(p: Any) -> str:
    gender = {"female": "F", "male": "M"}.get(p.gender or "")
    if gender:
        return gender
    birth = _ext(p, sy.US_CORE_BIRTHSEX)
    return {"F": "F", "M": "M"}.get(getattr(birth, "valueCode", None) or "", "U")


def _as_date(v: Any) -> date | None:
    if isinstance(v, datetime):
        return v.date()  # the date as written, in the offset it was written in (the service's local day)
    return v if isinstance(v, date) else None


def _local_time(v: datetime) -> time:
    return time(v.hour, v.minute)


def _claims_by_encounter(entries: list[Any], refs: _Refs) -> dict[int, tuple[int, Any, Any]]:
    """Each Claim item that names an Encounter: the encounter's entry -> (claim entry, claim, item)."""
    out: dict[int, tuple[int, Any, Any]] = {}
    for ci, e in enumerate(entries):
        claim = e.resource
        if claim is None or claim.get_resource_type() != "Claim":
            continue
        for item in claim.item or []:
            for ref in item.encounter or []:
                hit = refs.get(ref, "Encounter")
                if hit is not None:
                    out.setdefault(hit[0], (ci, claim, item))
    return out


def read_bundle(data: Any) -> tuple[list[Mapped], list[Issue]]:
    """The Bundle's encounters, mapped; or issues with the Bundle as a whole (then no encounter is taken)."""
    from fhir.resources.R4B.bundle import Bundle

    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        return [], [Issue("Bundle", "the body must be a FHIR R4 Bundle (resourceType 'Bundle')", "structure")]
    try:
        bundle = Bundle.model_validate(data)
    except ValidationError as exc:
        return [], [Issue("Bundle." + json_path(tuple(e["loc"])), str(e["msg"]).removeprefix("Value error, "),
                          "structure") for e in exc.errors(include_url=False)]
    if bundle.type not in ("collection", "transaction", "batch"):
        return [], [Issue("Bundle.type", f"Bundle type '{bundle.type}' is not accepted: send a collection, "
                          "transaction or batch", "not-supported")]
    entries = list(bundle.entry or [])
    refs = _Refs(entries)
    claims = _claims_by_encounter(entries, refs)
    mapped = [_Mapper(i, e.resource, refs, claims.get(i)).run() for i, e in enumerate(entries)
              if e.resource is not None and e.resource.get_resource_type() == "Encounter"]
    if not mapped:
        return [], [Issue("Bundle.entry", "the Bundle holds no Encounter: nothing to judge", "required")]
    return mapped, []
