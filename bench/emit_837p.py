"""Benchmark: write an 837P of 100,000 service lines (2,000 claims of 50 lines, and 10,000 claims of 10), read it
back, validate it with pyx12; claim assembly at growing sizes.

    python bench/emit_837p.py [--claims 2000] [--lines 50] [--runs 3] [--seed 1] [--no-pyx12]
                              [--assembly-sizes 10000,100000,1000000]

Claim assembly (billing.claims.assembly, as a build runs it between reading the encounters and writing the file:
assemble, writable with its trial write of each claim, finalize_all, the ClaimFile) is timed apart from writing, at
each of --assembly-sizes billable encounters (members with 50 sessions in a month, claim span month: 50 lines per
claim), to show it stays linear; the encounters are made before the clock starts. The writer's figure is the best
of --runs on one core, at --lines per claim and at 10 per claim (same number of lines); floor 200,000 lines/s on a
quiet machine. The 837P reader (read_837p, used for round trips) is timed against a bare split of the same text
into elements (gc paused), runs interleaved in one process: floor 0.2 of the split. pyx12 4.0.0 validating the same
file is the older peer. Synthetic data only: no real person, provider or payer; dates of service before the file's
creation date (checked).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import PEERS  # noqa: E402
from bench.synthetic import encounter as synthetic_encounter  # noqa: E402
from billing.claims.assembly import Billable, assemble, finalize_all, writable  # noqa: E402
from billing.x12.parse import gc_paused  # noqa: E402
from billing.x12.reader import read_837p  # noqa: E402
from billing.x12.validate import validate_text  # noqa: E402
from billing.x12.writer import write_837p  # noqa: E402
from schemas.claims import (  # noqa: E402
    BillingProvider,
    Claim,
    ClaimFile,
    PayerParty,
    PostalAddress,
    RenderingProvider,
    ServiceLine,
    Subscriber,
    SupervisingProvider,
    TradingPartner,
)
from schemas.encounter import Encounter  # noqa: E402

FLOOR = 200_000  # lines per second, writer, quiet machine
MIN_READ_RATIO = 0.2  # read_837p to a bare split of the same text
CREATED = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # the file's creation (ISA09, BHT04)
FIRST_SERVICE = date(2024, 1, 1)  # dates of service run to 2024-11-22, all before CREATED, as a payer expects
NPIS = ("1234567893", "1245319599", "1992999999", "1003000126")
NAMES = ("Rivera", "Nguyen", "O'Connor", "Müller", "Zoë-Smith", "García", "Kowalski", "Okafor")
FIRST = ("Ana", "José", "Li", "Renée", "Sam", "Ada", "Tomás", "Kai")
DIAGNOSES = ("F331", "F209", "F1020", "F1120", "F411", "F319", "F329", "F4310")


def address(rng: random.Random, nine: bool) -> PostalAddress:
    zip_ = f"{rng.randrange(10_000, 99_999)}" + (f"{rng.randrange(10_000):04d}" if nine else "")
    return PostalAddress(line1=f"{rng.randrange(1, 9999)} Synthetic Ave", line2=rng.choice([None, "Suite 2"]),
                         city="Sampletown", state="TX", zip=zip_)


def service_line(rng: random.Random, claim_no: int, n: int, start: date) -> ServiceLine:
    units = rng.randrange(1, 17)
    return ServiceLine(line_control=f"PB{claim_no:08d}L{n:02d}", hcpcs="H0038",
                       modifiers=rng.choice([(), ("HQ",), ("U1", "GT")]),
                       charge=Decimal(units) * Decimal("5.99"), units=units,
                       service_date=start + timedelta(days=n % 28), place_of_service=rng.choice(["11", "11", "02"]),
                       diagnosis_pointers=(1,) if n % 3 else (1, 2))


def claim(rng: random.Random, no: int, lines: int) -> Claim:
    subscriber = Subscriber(first_name=rng.choice(FIRST), last_name=rng.choice(NAMES), member_id=f"SYN{no:08d}",
                            date_of_birth=date(1960, 1, 1) + timedelta(days=rng.randrange(20_000)),
                            sex=rng.choice(["F", "M", "U"]), address=address(rng, False))
    rendering = RenderingProvider(first_name=rng.choice(FIRST), last_name=rng.choice(NAMES), npi=rng.choice(NPIS),
                                  taxonomy="175T00000X")
    supervisor = SupervisingProvider(first_name="Ada", last_name="Lovelace", npi=NPIS[3]) if no % 2 else None
    start = FIRST_SERVICE + timedelta(days=rng.randrange(300))  # + 27 days at most per line: before CREATED
    return Claim(claim_id=f"PB{no:010d}", place_of_service="11", diagnoses=tuple(rng.sample(DIAGNOSES, 2)),
                 subscriber=subscriber, payer=PayerParty(name="Synthetic Medicaid", payer_id="SYNMCD"),
                 rendering=rendering, supervisor=supervisor, prior_authorization=f"PA{no:06d}" if no % 5 == 0 else None,
                 lines=tuple(service_line(rng, no, n, start) for n in range(1, lines + 1)))


def claim_file(rng: random.Random, claims: int, lines: int) -> ClaimFile:
    partner = TradingPartner(sender_id="PEERBILLBENCH", receiver_id="SYNPAYER", submitter_name="Synthetic Agency",
                             submitter_id="SUB123", contact_name="Billing Desk", contact_phone="5125550100",
                             receiver_name="Synthetic Medicaid")
    provider = BillingProvider(name="Synthetic Peer Recovery Center", npi=NPIS[2], tax_id="123456789",
                               taxonomy="251S00000X", address=address(rng, True))
    return ClaimFile(isa_control=1, group_control=1, transaction_control=1, created=CREATED,
                     partner=partner, billing_provider=provider,
                     claims=tuple(claim(rng, no, lines) for no in range(1, claims + 1)))


def write_best(f: ClaimFile, runs: int) -> tuple[float, str]:
    best, text = float("inf"), ""
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        text = write_837p(f)
        best = min(best, time.perf_counter() - t0)
    return best, text


def bare_split(text: str) -> int:
    with gc_paused():
        return len([p.split("*") for p in text.split("~\n")])


def read_vs_split(text: str, runs: int) -> tuple[float, float]:
    """Best seconds of read_837p and of the bare split on the same text, interleaved."""
    best = {"read": float("inf"), "split": float("inf")}
    steps = {"read": lambda: read_837p(text), "split": lambda: bare_split(text)}
    for _ in range(runs):
        for name, step in steps.items():
            gc.collect()
            t0 = time.perf_counter()
            step()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best["read"], best["split"]


def billables(count: int, seed: int) -> list[Billable]:
    """`count` billable encounters, 50 per member in one month with one peer. The member, peer and other parts
    an encounter shares with the member's others are shared objects (a build's are not, but a million
    encounters would not fit in memory otherwise); each has its own service and diagnoses."""
    rng = random.Random(seed)
    base = Encounter.model_validate(synthetic_encounter(0, "TX", rng))
    out = []
    for m in range(-(-count // 50)):
        member = base.member.model_copy(update={"medicaid_id": f"SYN{m:07d}", "last_name": f"Example{m}"})
        peer = base.rendering.model_copy(update={"npi": PEERS[m % len(PEERS)]})
        month = date(2024, 1 + m % 10, 1)
        for k in range(min(50, count - m * 50)):
            service = base.service.model_copy(update={"date": month + timedelta(days=k % 28),
                                                      "start_time": dt_time(8 + k // 28)})
            e = base.model_copy(update={"encounter_id": f"bench-{m * 50 + k:07d}", "member": member,
                                        "rendering": peer, "service": service,
                                        "diagnoses": [rng.choice(("F33.1", "F20.9", "F41.1"))]})
            out.append(Billable(f"pk{m * 50 + k}", 1, e, 4, Decimal("23.96")))
    return out


def assemble_file(items: list[Billable], envelope: ClaimFile) -> ClaimFile:
    """What a build does with its billable encounters before writing (billing/claims/build.py); `envelope`
    gives the control numbers, partner and billing provider."""
    party = PayerParty(name="Synthetic Medicaid", payer_id="SYNMCD")
    drafts, left_out = writable(assemble(items, "month"), party)
    assert not left_out
    return ClaimFile(**{**envelope.__dict__, "claims": tuple(finalize_all(drafts, party, 1))})


def assembly(sizes: list[int], seed: int) -> None:
    """Claim assembly at each size, the encounters made first; each file built and dropped in turn. The
    process's CPU time is printed beside the wall time: on a loaded machine it is the steadier of the two."""
    per_line = []
    envelope = claim_file(random.Random(seed), 1, 1)
    for size in sizes:
        items = billables(size, seed)
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        f = assemble_file(items, envelope)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = sum(len(c.lines) for c in f.claims)
        assert n == size
        per_line.append(cpu / n)
        del f, items
        print(f"claim assembly of {n:>9,} lines ({n // 50:,} claims; assemble, writable, finalize_all): "
              f"{took:7.2f} s -> {n / took:>9,.0f} lines/s; CPU {cpu:7.2f} s -> {n / cpu:>9,.0f} lines/s  "
              f"[CPU per line {per_line[-1] / per_line[0]:.2f}x that at {sizes[0]:,}]")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=2_000)
    ap.add_argument("--lines", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--assembly-sizes", default="10000,100000")
    ap.add_argument("--no-pyx12", action="store_true", help="skip the (slow) pyx12 validation")
    args = ap.parse_args()
    total_lines = args.claims * args.lines
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    assembly([int(x) for x in args.assembly_sizes.split(",")], args.seed)
    text = ""
    for claims, lines in ((args.claims, args.lines), (total_lines // 10, 10)):
        f = claim_file(random.Random(args.seed), claims, lines)
        latest = max(line.service_date for c in f.claims for line in c.lines)
        assert latest < CREATED.date(), "a date of service after the file's creation date"
        best, written = write_best(f, args.runs)
        text = text or written
        segments = written.count("~")
        rate = claims * lines / best
        print(f"write_837p, {claims:,} claims x {lines} lines = {claims * lines:,} lines, {segments:,} segments, "
              f"{len(written) / 1e6:.1f} MB (best of {args.runs}): {best:.3f} s -> {rate:,.0f} lines/s  "
              f"[floor {FLOOR:,} lines/s on a quiet machine: {'PASS' if rate >= FLOOR else 'FAIL'}]")
        del f
    read, split = read_vs_split(text, args.runs)
    ratio = split / read
    print(f"read_837p of the {total_lines:,}-line file: {read:.3f} s -> {total_lines / read:,.0f} lines/s; bare split "
          f"{split:.3f} s; ratio {ratio:.3f}  [at least {MIN_READ_RATIO}: "
          f"{'PASS' if ratio >= MIN_READ_RATIO else 'FAIL'}]")
    if args.no_pyx12:
        return
    result = validate_text(text)
    segments = text.count("~")
    print(f"pyx12 4.0.0 validation of the same file: {result.seconds:.1f} s  ->  "
          f"{total_lines / result.seconds:,.0f} lines/s, {segments / result.seconds:,.0f} seg/s, "
          f"{len(result.errors)} errors  (writer is {result.seconds / best:,.0f}x faster)")


if __name__ == "__main__":
    main()
