"""Benchmark: read an 835 of 100,000 service lines and match every line to the claim line it pays; the same
file read by oxedi (a Rust 835 reader on the package index) and split bare, in the same process, interleaved.

    python bench/ingest_835.py [--claims 25000] [--lines 4] [--runs 3] [--sizes 10000,100000,300000]
                               [--no-pyx12] [--no-memory]

The 835 is generated for synthetic claims (balanced: CO-45 contractual reductions, PR-3 copays, some CO-29
denials, a PLB withholding). Timed: read_835 (scanner, reader, the frozen pydantic models) plus an in-memory match
of each paid line to our claim line by REF*6R line control, falling back to claim + code/modifiers/date.
Each figure is the best of --runs on one core; the runs of ours, oxedi's `parse` (read only: no match) and a
bare `str.split` into elements (gc paused) alternate, so a shared machine's load falls on all three alike.
Floors: 50,000 lines/s (a quiet machine's figure), and read + match at least 0.4 of oxedi on the same file
(skipped, and said so, only if oxedi cannot be imported: `pip install -e '.[bench]'`). --sizes repeats the
comparison at several file sizes (service lines) to show the cost is linear. Peak memory: each reader in a
fresh process on the same file, the rise of its peak RSS over the RSS with the file's text loaded. pyx12
4.0.0 validating the same file is the older peer (at least 10x). Synthetic data only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from billing.x12.parse import gc_paused  # noqa: E402
from billing.x12.remit835 import balance_problems, read_835  # noqa: E402
from billing.x12.validate import validate_text  # noqa: E402
from schemas.responses import Remittance835  # noqa: E402

FLOOR = 50_000  # lines per second
MIN_RATIO = 10  # to pyx12
MIN_OXEDI = 0.4  # to oxedi's parse, same file, same run
RATE = Decimal("5.99")  # per 15-minute unit
START = dt.date(2025, 1, 6)


class OurLine(NamedTuple):
    """A claim line as our database would hold it (what the match looks up)."""

    claim_id: str
    line_control: str
    hcpcs: str
    modifiers: tuple[str, ...]
    service_date: dt.date
    charge: Decimal


def our_lines(claims: int, lines: int) -> list[OurLine]:
    out = []
    for c in range(1, claims + 1):
        for n in range(1, lines + 1):
            units = 1 + (c + n) % 16
            out.append(OurLine(f"PB{c:010d}", f"PB{c:010d}L{n}", "H0038", ("HQ",) if (c + n) % 3 else ("U1", "GT"),
                               START + dt.timedelta(days=(c + n) % 300), RATE * units))
    return out


def _line_segments(line: OurLine, k: int) -> tuple[list[str], Decimal, Decimal]:
    """SVC loop of one line, with its payment and patient share. Every 10th line is paid without REF*6R (the
    match then falls back to code and date); every 50th is denied CO-29."""
    charge, cut = line.charge, (line.charge * Decimal("0.10")).quantize(Decimal("0.01"))
    procedure = ":".join(("HC", line.hcpcs, *line.modifiers))
    units = int(charge / RATE)
    if k % 50 == 0:
        cas, paid, copay = [f"CAS*CO*29*{charge}"], Decimal(0), Decimal(0)
    elif k % 7 == 0:
        copay = Decimal("1.00")
        cas, paid = [f"CAS*CO*45*{cut}", f"CAS*PR*3*{copay}"], charge - cut - copay
    else:
        cas, paid, copay = [f"CAS*CO*45*{cut}"], charge - cut, Decimal(0)
    segs = [f"SVC*{procedure}*{charge}*{paid}**{units}", f"DTM*472*{line.service_date:%Y%m%d}", *cas]
    if k % 10:
        segs.append(f"REF*6R*{line.line_control}")
    segs.append(f"AMT*B6*{charge - cut}")
    return segs, paid, copay


def build_835(lines: list[OurLine], per_claim: int) -> str:
    body: list[str] = []
    total = Decimal(0)
    for start in range(0, len(lines), per_claim):
        claim_lines = lines[start:start + per_claim]
        segs, paid, copay = [], Decimal(0), Decimal(0)
        for k, line in enumerate(claim_lines, start):
            line_segs, line_paid, line_copay = _line_segments(line, k)
            segs += line_segs
            paid, copay = paid + line_paid, copay + line_copay
        charge = sum((x.charge for x in claim_lines), Decimal(0))
        claim_id = claim_lines[0].claim_id
        body += [f"CLP*{claim_id}*{'1' if paid else '4'}*{charge}*{paid}*{copay}*MC*SYN{claim_id[2:]}*11*1",
                 f"NM1*QC*1*SYNTHETIC*PATIENT****MI*SYN{claim_id[2:]}", *segs]
        total += paid
    withheld = Decimal("25.00")
    header = ["ST*835*0001", f"BPR*I*{total - withheld}*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA"
              "*98765*20250315", "TRN*1*EFT0000001*1512345678", "DTM*405*20250314", "N1*PR*SYNTHETIC MEDICAID",
              "N3*1 STATE PLAZA", "N4*AUSTIN*TX*78701", "PER*BL*EDI DESK*TE*5125550100",
              "N1*PE*SYNTHETIC PEER CENTER*XX*1992999999", "N3*2 MAIN ST", "N4*AUSTIN*TX*78702",
              "REF*TJ*123456789", "LX*1"]
    footer = [f"PLB*1992999999*20251231*WO:OVERPAY1*{withheld}"]
    st = header + body + footer
    st.append(f"SE*{len(st) + 1}*0001")
    isa = ("ISA*00*          *00*          *ZZ*SYNMEDICAID    *ZZ*PEERBILL       *250315*1200*^*00501*000000001*0*T*:")
    segments = [isa, "GS*HP*SYNMEDICAID*PEERBILL*20250315*1200*1*X*005010X221A1", *st, "GE*1*1", "IEA*1*000000001"]
    return "~\n".join(segments) + "~\n"


def match(remits: tuple[Remittance835, ...], lines: list[OurLine]) -> tuple[int, int]:
    """Each paid line to our line: by line control, else by claim and code, modifiers and date. Returns
    (matched, unmatched)."""
    by_control = {line.line_control: line for line in lines}
    by_content = {(line.claim_id, line.hcpcs, line.modifiers, line.service_date): line for line in lines}
    matched = unmatched = 0
    for remit in remits:
        for claim in remit.claims:
            for paid in claim.lines:
                found = by_control.get(paid.line_control) if paid.line_control else None
                if found is None:
                    key = (claim.patient_control, paid.procedure, paid.modifiers, paid.service_date)
                    found = by_content.get(key)
                if found is None:
                    unmatched += 1
                else:
                    matched += 1
    return matched, unmatched


def _oxedi() -> Callable[[bytes], object] | None:
    try:
        import oxedi  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    return oxedi.parse  # type: ignore[no-any-return]


def bare_split(text: str) -> int:
    """The floor of any Python reader: every segment split into its elements, nothing kept."""
    with gc_paused():
        return len([p.split("*") for p in text.split("~\n")])


def compare(claims: int, per_claim: int, runs: int) -> dict[str, float]:
    """Best seconds of ours (read + match), oxedi's parse and the bare split on one file, runs interleaved; wall
    time, and CPU time under '<name> cpu' (steadier on a loaded machine)."""
    lines = our_lines(claims, per_claim)
    text = build_835(lines, per_claim)
    data, ox = text.encode(), _oxedi()
    remits: tuple[Remittance835, ...] = ()

    def ours() -> None:
        nonlocal remits
        remits = ()
        remits = read_835(text)
        with gc_paused():  # bulk work on fresh acyclic objects, as in read_835
            matched, unmatched = match(remits, lines)
        assert matched == len(lines) and not unmatched
        gc.collect(0)  # the pass the pause deferred is counted

    steps: dict[str, Callable[[], object]] = {"ours": ours, "split": lambda: bare_split(text)}
    if ox is not None:
        steps["oxedi"] = lambda: ox(data)
    best = {name: float("inf") for name in [*steps, *(f"{n} cpu" for n in steps)]}
    for _ in range(runs):
        for name, step in steps.items():
            gc.collect()
            t0, c0 = time.perf_counter(), time.process_time()  # CPU time: every thread of the process
            step()
            best[name] = min(best[name], time.perf_counter() - t0)
            best[f"{name} cpu"] = min(best[f"{name} cpu"], time.process_time() - c0)
    problems = [p for r in remits for p in balance_problems(r)]
    assert not problems, problems[:3]
    return best


def _status_mib(field: str) -> float:
    """VmRSS (resident now) or VmHWM (the peak since the last reset) of this process, in MiB."""
    with open("/proc/self/status") as f:
        kib = next(line.split()[1] for line in f if line.startswith(field + ":"))
    return int(kib) / 1024


def child(which: str, path: str) -> None:
    """In a fresh process: peak RSS growth while `which` reads the file at `path` (its text already loaded)."""
    text = Path(path).read_text(encoding="utf-8")
    data = text.encode() if which == "oxedi" else b""
    reader = read_835 if which == "ours" else _oxedi()
    assert reader is not None
    gc.collect()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # resets the peak (VmHWM) to what is resident now
    before = _status_mib("VmRSS")
    kept = reader(data if which == "oxedi" else text)  # type: ignore[arg-type]
    print(f"{_status_mib('VmHWM') - before:.1f} {_status_mib('VmRSS') - before:.1f}")
    del kept


def memory(claims: int, per_claim: int) -> dict[str, tuple[float, float]]:
    """(peak, kept) MiB above the loaded text, per reader, each in its own process."""
    text = build_835(our_lines(claims, per_claim), per_claim)
    out: dict[str, tuple[float, float]] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".835", delete=False) as f:
        f.write(text)
    try:
        for which in ("ours", "oxedi") if _oxedi() else ("ours",):
            done = subprocess.run([sys.executable, __file__, "--child", which, f.name], check=True,
                                  capture_output=True, text=True)
            peak, kept = map(float, done.stdout.split())
            out[which] = (peak, kept)
    finally:
        os.unlink(f.name)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=25_000)
    ap.add_argument("--lines", type=int, default=4)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="10000,100000,300000", help="service lines per file, comma-separated")
    ap.add_argument("--no-pyx12", action="store_true", help="skip the (slow) pyx12 validation")
    ap.add_argument("--no-memory", action="store_true", help="skip the peak-memory processes")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    lines = our_lines(args.claims, args.lines)
    text = build_835(lines, args.lines)
    segments = text.count("~")
    print(f"file: {args.claims:,} claims x {args.lines} lines = {len(lines):,} service lines, {segments:,} segments, "
          f"{len(text) / 1e6:.1f} MB")
    best, read_best, remits, result = float("inf"), float("inf"), (), (0, 0)
    for _ in range(args.runs):
        remits = ()  # the previous run's objects are freed outside the timing
        gc.collect()
        t0 = time.perf_counter()
        remits = read_835(text)
        t1 = time.perf_counter()
        with gc_paused():  # bulk work on fresh acyclic objects, as in read_835
            result = match(remits, lines)
        gc.collect(0)  # the pass the pause deferred is counted
        t2 = time.perf_counter()
        best, read_best = min(best, t2 - t0), min(read_best, t1 - t0)
    problems = [p for r in remits for p in balance_problems(r)]
    rate = len(lines) / best
    print(f"read_835 alone (best of {args.runs}): {read_best:.3f} s -> {len(lines) / read_best:,.0f} lines/s, "
          f"{segments / read_best:,.0f} seg/s")
    print(f"read_835 + match (best of {args.runs}): {best:.3f} s -> {rate:,.0f} lines/s  "
          f"[floor {FLOOR:,} lines/s on a quiet machine: {'PASS' if rate >= FLOOR else 'FAIL'}]")
    print(f"matched {result[0]:,}, unmatched {result[1]:,}; balance problems: {len(problems)}")
    del remits, text
    _sizes(args)
    if not args.no_memory:
        for which, (peak, kept) in memory(args.claims, args.lines).items():
            print(f"memory, {which} reading the {len(lines):,}-line file in a fresh process: peak +{peak:.0f} MiB, "
                  f"kept +{kept:.0f} MiB over the loaded text")
    if not args.no_pyx12:
        _pyx12(args, best)


def _sizes(args: argparse.Namespace) -> None:
    if _oxedi() is None:
        print("oxedi is not installed (pip install -e '.[bench]'): the ratio to oxedi is SKIPPED")
    worst = float("inf")
    for size in (int(x) for x in args.sizes.split(",")):
        claims = max(1, size // args.lines)
        b = compare(claims, args.lines, args.runs)
        n = claims * args.lines
        row = f"{n:>9,} lines: ours {n / b['ours']:>9,.0f} lines/s, bare split {n / b['split']:>10,.0f}"
        if "oxedi" in b:
            ratio = b["oxedi"] / b["ours"]
            worst = min(worst, ratio)
            row += (f", oxedi {n / b['oxedi']:>9,.0f}; ours/oxedi {ratio:.2f} (CPU time "
                    f"{b['oxedi cpu'] / b['ours cpu']:.2f})")
        print(row + f", ours/split {b['split'] / b['ours']:.2f}")
    if worst < float("inf"):
        print(f"read + match vs oxedi, worst size: {worst:.2f}  [at least {MIN_OXEDI}: "
              f"{'PASS' if worst >= MIN_OXEDI else 'FAIL'}]")


def _pyx12(args: argparse.Namespace, best: float) -> None:
    lines = args.claims * args.lines
    check = validate_text(build_835(our_lines(args.claims, args.lines), args.lines))
    ratio = check.seconds / best
    print(f"pyx12 4.0.0 validation of the same file: {check.seconds:.1f} s -> {lines / check.seconds:,.0f} "
          f"lines/s, {len(check.errors)} errors; read_835 + match is {ratio:,.1f}x faster  "
          f"[at least {MIN_RATIO}x: {'PASS' if ratio >= MIN_RATIO else 'FAIL'}]")


if __name__ == "__main__":
    main()
