"""A synthetic payer: the 999, 277CA and 835 a payer would send back for one of our claim files.

For `peerbill demo`, tests and test mode's synthetic payer (billing.sandbox); the amounts balance by construction
(charge - adjustments = paid) and the files pass pyx12 (005010X231A1, X214, X221A1) with no errors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from schemas.claims import Claim

ISA = "ISA*00*          *00*          *ZZ*{sender:<15}*ZZ*{receiver:<15}*250311*1200*^*00501*{n:09d}*0*T*:"


@dataclass(frozen=True)
class Outcome:
    """What the synthetic payer does with one claim: reject it, or pay each line with these cuts."""

    accept: bool = True
    contractual_pct: int = 0  # CO-45 share of each line's charge
    copay: Decimal = Decimal("0")  # PR-3 on the first line
    deny_reason: str | None = None  # a CARC that denies every line (CO group), e.g. "29", "119", "197"
    deny_lines: tuple[int, ...] = ()  # 0-based lines denied with CO-96 (the rest paid): a partial payment
    zero_pay: tuple[str, str] | None = None  # (group, CARC) taking every line whole, paid 0: ("PR", "1") deductible


def _envelope(gs: str, body: list[str], n: int, sender: str, receiver: str) -> str:
    st = [*body, f"SE*{len(body) + 1}*0001"]
    head = ISA.format(sender=sender, receiver=receiver, n=n)
    return "~\n".join([head, gs.format(sender=sender, receiver=receiver, n=n), *st, f"GE*1*{n}",
                       f"IEA*1*{n:09d}"]) + "~\n"


def batch_trace(isa_control: int, st_control: int) -> str:
    """The BHT03 our writer puts in an 837 transaction set, "ISA13-ST02"."""
    return f"{isa_control}-{st_control:04d}"


def ack_999(group_control: int, st_control: int, accepted: bool, sender: str, receiver: str, n: int = 1) -> str:
    code = "A" if accepted else "R"
    body = ["ST*999*0001*005010X231A1", f"AK1*HC*{group_control}*005010X222A1",
            f"AK2*837*{st_control:04d}*005010X222A1"]
    if not accepted:
        body += ["IK3*NM1*9*2010BA*8", "IK4*9**7", "IK5*R*5"]
    else:
        body += ["IK5*A"]
    body += [f"AK9*{code}*1*1*{1 if accepted else 0}"]
    return _envelope("GS*FA*{sender}*{receiver}*20250311*1200*{n}*X*005010X231A1", body, n, sender, receiver)


def status_277ca(claims: list[tuple[Claim, Outcome]], sender: str, receiver: str, trace: str, n: int = 2,
                 npi: str = "1992999999") -> str:
    """`trace` is the BHT03 of the 837 the claims came in ("ISA13-ST02"), which the 277CA returns in 2200B TRN02;
    `npi` is the billing provider's (2000C)."""
    body = ["ST*277*0001*005010X214", "BHT*0085*08*TRACE1*20250312*1200*TH", "HL*1**20*1",
            f"NM1*PR*2*{sender}*****PI*{sender}", "TRN*1*RCV1", "DTP*050*D8*20250312", "DTP*009*D8*20250312",
            "HL*2*1*21*1", f"NM1*41*2*{receiver}*****46*{receiver}", f"TRN*2*{trace}",
            "STC*A1:19:PR*20250312*WQ*0", "HL*3*2*19*1", f"NM1*85*2*{receiver}*****XX*{npi}", f"TRN*1*{n}",
            f"STC*A1:19:PR**WQ*{sum((c.total for c, _ in claims), Decimal('0'))}"]
    for hl, (claim, outcome) in enumerate(claims, 4):
        who = claim.subscriber
        dates = sorted(line.service_date for line in claim.lines)
        body += [f"HL*{hl}*3*PT", f"NM1*QC*1*{who.last_name[:60].upper()}*{who.first_name[:35].upper()}****MI*"
                 f"{who.member_id}", f"TRN*2*{claim.claim_id}",
                 f"STC*A2:20:PR*20250312*WQ*{claim.total}" if outcome.accept
                 else f"STC*A7:562:85*20250312*U*{claim.total}"]
        body += [f"REF*1K*PAYER{claim.claim_id[-8:]}"] if outcome.accept else []
        body += [f"DTP*472*RD8*{dates[0]:%Y%m%d}-{dates[-1]:%Y%m%d}"]
    return _envelope("GS*HN*{sender}*{receiver}*20250312*1200*{n}*X*005010X214", body, n, sender, receiver)


def remit_835(claims: list[tuple[Claim, Outcome]], sender: str, receiver: str, paid_on: date, n: int = 3,
              reversals: Sequence[tuple[Claim, Outcome]] = (), npi: str = "1992999999") -> str:
    """An 835 paying `claims`; each of `reversals` is first taken back (CLP02 = 22, the earlier payment with
    its signs flipped) and then paid again as `claims` says. A total of 0 is a notification (BPR01 H); a negative
    one (more taken back than paid) is carried forward (PLB FB), so the payment is 0."""
    body, total = [], Decimal("0")
    for claim, outcome in reversals:
        segs, paid, patient = _claim_lines(claim, outcome, sign=-1)
        body += [f"CLP*{claim.claim_id}*22*{-claim.total}*{paid}*{patient}*MC*PAYER{claim.claim_id[-8:]}*11*1",
                 _patient(claim), *segs]
        total += paid
    for claim, outcome in claims:
        segs, paid, patient = _claim_lines(claim, outcome)
        status = "4" if paid == 0 and not outcome.zero_pay else "1"
        body += [f"CLP*{claim.claim_id}*{status}*{claim.total}*{paid}*{patient}*MC*PAYER{claim.claim_id[-8:]}*11*1",
                 _patient(claim), *segs]
        total += paid
    plb = [f"PLB*{npi}*{paid_on:%Y}1231*FB:PAYER{n}*{total}"] if total < 0 else []
    total = max(total, Decimal("0"))
    bpr = (f"BPR*I*{total}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*{paid_on:%Y%m%d}"
           if total else f"BPR*H*0*C*NON{'*' * 12}{paid_on:%Y%m%d}")
    st = ["ST*835*0001", bpr, "TRN*1*EFT1*1512345678", f"N1*PR*{sender}", "N3*1 PAYER WAY", "N4*AUSTIN*TX*787010001",
          f"REF*2U*{sender}", "PER*BL*EDI SUPPORT*TE*5125550199", f"N1*PE*{receiver}*XX*{npi}", "LX*1", *body, *plb]
    return _envelope("GS*HP*{sender}*{receiver}*20250315*1200*{n}*X*005010X221A1", st[:], n, sender, receiver)


def _patient(claim: Claim) -> str:
    who = claim.subscriber
    return f"NM1*QC*1*{who.last_name[:60].upper()}*{who.first_name[:35].upper()}****MI*{who.member_id}"


def _claim_lines(claim: Claim, outcome: Outcome, sign: int = 1) -> tuple[list[str], Decimal, Decimal]:
    segs, paid, patient = [], Decimal("0"), Decimal("0")
    for i, line in enumerate(claim.lines):
        line = line.model_copy(update={"charge": line.charge * sign})
        code = ":".join(("HC", line.hcpcs, *line.modifiers))
        if outcome.zero_pay:
            group, reason = outcome.zero_pay
            cas, line_paid = [f"CAS*{group}*{reason}*{line.charge}"], Decimal("0")
            copay = line.charge if group == "PR" else Decimal("0")
        elif outcome.deny_reason or i in outcome.deny_lines:
            reason = outcome.deny_reason or "96"
            cas, line_paid, copay = [f"CAS*CO*{reason}*{line.charge}"], Decimal("0"), Decimal("0")
        else:
            cut = (line.charge * outcome.contractual_pct / 100).quantize(Decimal("0.01"))
            copay = sign * min(outcome.copay, abs(line.charge - cut)) if i == 0 else Decimal("0")
            cas = ([f"CAS*CO*45*{cut}"] if cut else []) + ([f"CAS*PR*3*{copay}"] if copay else [])
            line_paid = line.charge - cut - copay
        units = line.units * sign
        segs += [f"SVC*{code}*{line.charge}*{line_paid}**{units}", f"DTM*472*{line.service_date:%Y%m%d}",
                 *cas, f"REF*6R*{line.line_control}"]
        paid, patient = paid + line_paid, patient + copay
    return segs, paid, patient
