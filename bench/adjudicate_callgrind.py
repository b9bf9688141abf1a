"""The loop of bench/adjudicate.py in several modes, for instruction counts that the machine's load cannot move.

    valgrind --tool=callgrind python bench/adjudicate_callgrind.py 1000 setup    # documents built, packs loaded
    valgrind --tool=callgrind python bench/adjudicate_callgrind.py 1000 parse    # + pydantic parse of each
    valgrind --tool=callgrind python bench/adjudicate_callgrind.py 1000 engine   # + judge each, with history
    valgrind --tool=callgrind python bench/adjudicate_callgrind.py 1000 judge    # parse all, then judge all
    valgrind --tool=callgrind python bench/adjudicate_callgrind.py 1000 judge2   # ... then judge all again

(parse - setup) / N and (engine - setup) / N are the instructions per encounter of parse-only and parse + judge;
their ratio is the engine's cost against pydantic's on the same documents. (judge2 - judge) / N is the judge alone
with every pack view already compiled (the steady state of a long-running worker); (judge - parse) / N includes
compiling the views the documents reach.
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import encounter  # noqa: E402
from billing.rules import adjudicate, as_prior, default_registry  # noqa: E402
from billing.rules.packs import Registry  # noqa: E402
from schemas.encounter import Encounter  # noqa: E402


def judge_all(encounters: list[Encounter], registry: Registry) -> None:
    history: defaultdict[str, list] = defaultdict(list)
    for enc in encounters:
        prior = history[enc.member.medicaid_id]
        v = adjudicate(enc, prior, None, registry)
        prior.append(as_prior(enc, v))


def main() -> None:
    n, mode = int(sys.argv[1]), sys.argv[2]
    registry = default_registry()
    states = sorted(registry.packs)
    rng = random.Random(1)
    texts = [json.dumps(encounter(i, states[i % len(states)], rng)) for i in range(n)]
    history: defaultdict[str, list] = defaultdict(list)
    if mode == "setup":
        return
    if mode in ("judge", "judge2"):
        parsed = [Encounter.model_validate_json(text) for text in texts]
        for _ in range(1 if mode == "judge" else 2):
            judge_all(parsed, registry)
        return
    for text in texts:
        enc = Encounter.model_validate_json(text)
        if mode == "engine":
            prior = history[enc.member.medicaid_id]
            v = adjudicate(enc, prior, None, registry)
            prior.append(as_prior(enc, v))


if __name__ == "__main__":
    main()
