"""`daihoi ballots print ELECTION.json --copies N [--paper A5|A4] -o FILE.pdf`: the
machine-readable ballots of one election as a PDF (docs/scanning.md).

Exit 0 and one line on stdout (pages written); exit 2 with one line on stderr for anything
that cannot be printed: unreadable or invalid election, a list that does not fit the paper,
copies out of range. No Django: this runs before setup, like `daihoi tally`.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from daihoi.tally import TallyError

from .ballot_layout import DEFAULT_PAPER, PAPERS, LayoutError
from .election_paper import load_election_paper
from .machine_ballot import MAX_COPIES, render_machine_ballot_pdf

PROG = "daihoi ballots"
USAGE = f"""usage: daihoi ballots print ELECTION.json [--copies N] [--paper A5|A4] -o FILE.pdf

Print the machine-readable ballots of one election: N identical pages (1–{MAX_COPIES}), one
ballot per page. ELECTION.json is the input of `daihoi tally` without ballots or counts, plus
optional "title", "congress" and "date" (docs/scanning.md). '-' reads it from standard input.
exit 0: the PDF is written; 2: bad input, a list that does not fit the paper, bad copies.
"""


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise _UsageError(message)


def _parser() -> _Parser:
    parser = _Parser(prog=PROG, add_help=False)
    parser.add_argument("action", choices=["print"])
    parser.add_argument("election")
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--paper", choices=sorted(PAPERS), default=DEFAULT_PAPER)
    parser.add_argument("-o", "--output", required=True)
    return parser


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(USAGE, file=sys.stdout if args else sys.stderr)
        return 0 if args else 2
    try:
        opts = _parser().parse_args(args)
    except _UsageError as exc:
        return _fail(str(exc))
    if not 1 <= opts.copies <= MAX_COPIES:
        return _fail(f"--copies must be between 1 and {MAX_COPIES}, not {opts.copies}")
    try:
        if opts.election == "-":
            text = sys.stdin.buffer.read()
        else:
            with open(opts.election, "rb") as fh:
                text = fh.read()
    except OSError as exc:
        return _fail(f"cannot read {opts.election}: {exc.strerror}")
    try:
        paper = load_election_paper(text)
        layout = paper.layout(opts.paper)
    except (TallyError, LayoutError) as exc:
        return _fail(str(exc))
    pdf = render_machine_ballot_pdf(paper, layout, opts.copies)
    try:
        with open(opts.output, "wb") as fh:
            fh.write(pdf)
    except OSError as exc:
        return _fail(f"cannot write {opts.output}: {exc.strerror}")
    names = len(layout.rows)
    print(
        f"{opts.copies} pages written to {opts.output} "
        f"({layout.paper}, {layout.style}, {names} names, election {layout.election_key})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
