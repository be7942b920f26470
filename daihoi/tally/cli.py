"""`daihoi tally [FILE|-]`: one election as JSON in, its result as JSON out.

Exit 0 for any computed result (ties, shortfalls and flagged ballots included); exit 2 with one
line on stderr for input that is not a valid election. No Django: this runs before setup.
"""

from __future__ import annotations

import json
import sys

from .engine import count_election
from .errors import TallyError
from .schema import parse_json

USAGE = """usage: daihoi tally [FILE|-]

Count one election: read its JSON from FILE (or standard input with '-' or no argument) and
print the result as JSON. Format and rules: docs/tally.md.
exit 0: a result (complete, tie_at_cutoff, shortfall or needs_board_decision); 2: bad input.
"""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    if len(args) > 1:
        print("daihoi tally: error: give one FILE or '-'", file=sys.stderr)
        return 2
    source = args[0] if args else "-"
    try:
        if source == "-":
            text = sys.stdin.buffer.read()
        else:
            with open(source, "rb") as fh:
                text = fh.read()
    except OSError as exc:
        print(f"daihoi tally: error: cannot read {source}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        result = count_election(parse_json(text))
    except TallyError as exc:
        print(f"daihoi tally: error: {exc}", file=sys.stderr)
        return 2
    out = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    sys.stdout.flush()
    sys.stdout.buffer.write(out.encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
