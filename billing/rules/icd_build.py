"""Build `billing/data/icd10cm.json.gz`, the dated ICD-10-CM index the rules engine loads at run time.

    python -m billing.rules.icd_build            # downloads the releases with pip, writes the file
    python -m billing.rules.icd_build --check    # rebuilds in memory and fails if the shipped file differs

ICD-10-CM is public-domain data of the CDC's National Center for Health Statistics and CMS. Each release of
`simple-icd-10-cm` on PyPI ships one code set; its older releases carry older sets. This script downloads
one release per distinct set with pip, reads each set with that release's own code (in a subprocess, so
versions never mix), and writes, for every code, its status in each set: billable (a leaf), a header
(a valid category or subcategory that cannot be reported), or absent. The dates each set was in force are
CMS's update calendar (new sets on October 1, and April 1 updates), cited in SETS below.

The build needs network access to PyPI; the run time never does, and never imports simple_icd_10_cm.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "icd10cm.json.gz"
PACKAGE = "simple-icd-10-cm"
WIDTH = 7  # the longest ICD-10-CM code, without its dot
KEYS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CMS_URL = "https://www.cms.gov/medicare/coding-billing/icd-10-codes"
NCHS_URL = "https://www.cdc.gov/nchs/icd/icd-10-cm/files.html"


@dataclass(frozen=True)
class SetSpec:
    """One code set, the PyPI release that carries it, and the dates it was in force."""

    id: str
    name: str
    release: str  # the newest simple-icd-10-cm release carrying this set
    same_data_in: tuple[str, ...]  # older releases whose data files are byte-identical
    effective_from: str
    effective_through: str
    why_dates: str


# The dates: ICD-10-CM sets take effect on October 1 (the federal fiscal year) and, since 2023, updates
# also on April 1; a set is in force until the next one. The January 2021 release added the COVID-19
# codes effective 2021-01-01 (J12.82, M35.81, Z20.822...), all present in its tabular file.
SETS = (
    SetSpec(
        "2021-01", "ICD-10-CM January 2021 release (FY2021)", "1.2.0",
        ("1.0.1", "1.0.4", "1.0.5", "1.1.0", "1.1.1", "1.1.2"), "2021-01-01", "2021-09-30",
        "January 1, 2021 update of FY2021; the FY2022 set took effect 2021-10-01",
    ),
    SetSpec(
        "2025-04", "ICD-10-CM April 1, 2025 update (FY2025)", "1.4.0", ("1.3.0",), "2025-04-01", "2025-09-30",
        "April 1 update of FY2025; the FY2026 set took effect 2025-10-01",
    ),
    SetSpec(
        "2026-04", "ICD-10-CM April 1, 2026 update (FY2026)", "1.5.0", (), "2026-04-01", "2026-09-30",
        "April 1 update of FY2026; the FY2027 set took effect 2026-10-01",
    ),
)

# Run with only one release on sys.path: prints the release's XML version line and every code's status.
_READER = r"""
import json, re, sys
from pathlib import Path
import simple_icd_10_cm as cm
data = Path(cm.__file__).parent / "data"
xml = next(data.glob("*.xml"))
head = xml.read_text(encoding="utf-8")[:400]
version = re.search(r"<version>(.*?)</version>", head).group(1)
codes = {}
for c in cm.get_all_codes(False):
    if not cm.is_category_or_subcategory(c):  # a block may share its name with its one category (F99)
        continue
    codes[c.replace(".", "").upper()] = "b" if cm.is_leaf(c) else "h"
order = {}  # CMS's own billable flag, where the release ships CMS's order file (January 2021)
for f in data.glob("*order*.txt"):
    for line in f.read_text(encoding="utf-8").splitlines():
        order[line[6:14].strip()] = "b" if line[14] == "1" else "h"
disagree = sorted(c for c in set(order) | set(codes) if order and order.get(c) != codes.get(c))
files = sorted(p.name for p in data.iterdir() if p.suffix in (".xml", ".txt"))
json.dump({"version": version, "order_file_disagrees": disagree, "files": files, "codes": codes}, sys.stdout)
"""


def _download(release: str, into: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
         f"{PACKAGE}=={release}", "-d", str(into)],
        check=True,
    )
    return next(into.glob(f"simple_icd_10_cm-{release}-*.whl"))


def read_release(release: str, work: Path) -> dict:
    """Download one release and read its code set with its own code."""
    wheel = _download(release, work / release)
    site = work / release / "site"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r})\n{_READER}"],
                         check=True, capture_output=True, text=True)
    doc = json.loads(out.stdout)
    if doc["order_file_disagrees"]:  # the library's reading must match CMS's own flags where both exist
        raise SystemExit(f"{release}: codes read differently from CMS's order file: {doc['order_file_disagrees'][:20]}")
    doc["wheel"] = wheel.name
    doc["wheel_sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    return doc


def build(read: dict[str, dict]) -> dict:
    """The index: each code's status string (one letter per set, in SETS order) and the dated intervals."""
    every = sorted(set().union(*(r["codes"] for r in read.values())))
    by_status: dict[str, list[str]] = {}
    for code in every:
        status = "".join(read[s.id]["codes"].get(code, "-") for s in SETS)
        by_status.setdefault(status, []).append(code)
    sets = []
    for s in SETS:
        r = read[s.id]
        sets.append({
            "id": s.id, "name": s.name, "version": r["version"], "effective_from": s.effective_from,
            "effective_through": s.effective_through, "dates": s.why_dates,
            "source": f"{PACKAGE} {s.release} on PyPI ({r['wheel']}, sha256 {r['wheel_sha256']})",
            "same_data_in": [f"{PACKAGE} {v}" for v in s.same_data_in], "files": r["files"],
            "checked_against_cms_order_file": any("order" in f for f in r["files"]),
            "billable_codes": sum(1 for v in r["codes"].values() if v == "b"),
            "header_codes": sum(1 for v in r["codes"].values() if v == "h"),
        })
    groups, table = [], []
    for key, (status, codes) in zip(KEYS, sorted(by_status.items()), strict=False):
        intervals = [[s.effective_from, s.effective_through] for s, st in zip(SETS, status, strict=True) if st == "b"]
        groups.append({"key": key, "status": status, "billable_in": intervals, "count": len(codes)})
        table += [code.ljust(WIDTH) + key for code in codes]
    if len(groups) < len(by_status):
        raise SystemExit(f"{len(by_status)} status patterns: more than the {len(KEYS)} keys")
    return {
        "format": 1,
        "title": "ICD-10-CM codes by code set: billable (b), header (h) or absent (-) in each set, in order",
        "layout": "table: sorted fixed-width records, the code (no dot) padded with spaces to 7 characters, then "
                  "the key of its group; a group gives the code's status in each set and the dates it was billable",
        "source": "ICD-10-CM, National Center for Health Statistics (CDC) and CMS; public domain. "
                  f"Read from the tabular files shipped in {PACKAGE} releases on PyPI.",
        "urls": [CMS_URL, NCHS_URL],
        "built_by": "python -m billing.rules.icd_build",
        "sets": sets,
        "groups": groups,
        "record_width": WIDTH + 1,
        "table": "".join(sorted(table)),
    }


def encode(index: dict) -> bytes:
    raw = json.dumps(index, sort_keys=True, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=9, mtime=0)  # mtime 0: the same input gives the same bytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--check", action="store_true", help="fail if the file at --out differs from a fresh build")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        read = {s.id: read_release(s.release, Path(tmp)) for s in SETS}
    data = encode(build(read))
    if args.check:
        same = args.out.exists() and args.out.read_bytes() == data
        print(f"{args.out}: {'up to date' if same else 'differs from a fresh build'}")
        return 0 if same else 1
    args.out.write_bytes(data)
    for s in build(read)["sets"]:
        print(f"{s['id']}: {s['name']}, version {s['version']}, {s['billable_codes']} billable, "
              f"in force {s['effective_from']}..{s['effective_through']}")
    print(f"wrote {args.out} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
