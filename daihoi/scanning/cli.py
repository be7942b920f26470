"""`daihoi scan ELECTION.json IMAGE… [--json]`: read scanned or photographed ballots and count
the ones read with certainty. No Django: this runs before setup.

Exit 0 whenever it ran (ballots for review or unreadable pages included); exit 2 with one line
on stderr for a bad election file, bad options, or when none of the files could be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

USAGE = """usage: daihoi scan ELECTION.json IMAGE… [--json] [--paper A5|A4] [--rows]
                  [--workers N] [--issued N] [--require-seal]

Read ballots printed by `daihoi ballots print` from scans or photos (PNG, JPEG, TIFF, PDF;
multi-page files too) and count the ballots read with certainty. Format: docs/scanning.md.
  --json       print the JSON result (default: one line per ballot and a summary)
  --paper      the paper the ballots were printed on (default A5)
  --rows       with --json: every row's reading, scores and place in the image
  --workers N  processes to use (default: one per core; 1 = no pool)
  --issued N   ballots issued, for the tally (default: the number read with certainty)
  --require-seal  also send ballots without seal ink to review (the board checks the seal
               on the paper in any case)
exit 0: it ran (ballots to review or unreadable pages included); 2: bad input.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


class _Usage(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="daihoi scan", add_help=False)
    parser.add_argument("election")
    parser.add_argument("images", nargs="*")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--paper", default="A5", choices=["A5", "A4"])
    parser.add_argument("--rows", action="store_true")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--issued", type=int, default=None)
    parser.add_argument("--require-seal", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    try:
        args = _parser().parse_args(args_list)
    except _Usage as exc:
        return _fail(str(exc))
    if not args.images:
        return _fail("give at least one IMAGE")
    if args.workers is not None and args.workers < 1:
        return _fail("--workers must be at least 1")
    if args.issued is not None and args.issued < 0:
        return _fail("--issued must not be negative")

    from daihoi.printing.ballot_layout import LayoutError
    from daihoi.printing.election_paper import load_election_paper
    from daihoi.tally import TallyError

    try:
        with open(args.election, "rb") as fh:
            paper = load_election_paper(fh.read())
        layout = paper.layout(args.paper)
    except OSError as exc:
        return _fail(f"cannot read {args.election}: {exc.strerror}")
    except (TallyError, LayoutError) as exc:
        return _fail(f"{args.election}: {exc}")

    from daihoi.printing.machine_ballot import render_machine_ballot_pdf

    from .batch import file_error, read_entries, summarise
    from .images import MAX_BYTES
    from .template import template_from_pdf

    files: list[tuple[str, bytes]] = []
    failed: list[dict[str, Any]] = []
    # Files are named by their base name, or by their path when two base names clash.
    short = len(set(map(os.path.basename, args.images))) == len(args.images)
    names = [os.path.basename(p) if short else p for p in args.images]
    for path, name in zip(args.images, names, strict=True):
        try:
            if os.path.getsize(path) > MAX_BYTES:
                failed.append(file_error(name, f"{name}: larger than {MAX_BYTES >> 20} MB"))
                continue
            with open(path, "rb") as fh:
                files.append((name, fh.read()))
        except OSError as exc:
            failed.append(file_error(name, f"cannot read {path}: {exc.strerror}"))
    template = template_from_pdf(render_machine_ballot_pdf(paper, layout), layout)
    entries = failed + read_entries(
        paper,
        files,
        template,
        workers=args.workers,
        rows=args.rows,
        require_seal=args.require_seal,
    )
    order = {name: i for i, name in enumerate(names)}
    entries.sort(key=lambda e: order[e["file"]])  # stable: pages stay in order
    if all(e["page"] is None for e in entries):
        return _fail("none of the files could be read: " + entries[0]["detail"])
    result = summarise(paper, entries, args.issued)
    if args.json:
        _write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        _write(_summary(result))
    return 0


def _summary(result: dict[str, Any]) -> str:
    lines = []
    for entry in result["ballots"]:
        where = entry["file"] + (f" p{entry['page']}" if entry["page"] is not None else "")
        status = entry["status"]
        if status == "ok":
            what = (
                "marks: " + ", ".join(f"{n}={m}" for n, m in entry["marks"].items())
                if "marks" in entry
                else f"kept {len(entry['kept'])}: " + ", ".join(entry["kept"])
            )
        elif status == "review":
            what = entry.get("detail") or entry["reason"]
            if entry["uncertain"]:
                what += " — " + ", ".join(entry["uncertain"])
        else:
            what = f"{entry['reason']}: {entry.get('detail', '')}"
        lines.append(f"{where}  {status}  {what}")
    total = len(result["ballots"])
    lines.append(
        f"{total} page(s): {result['ok']} ok, {result['review']} to review, "
        f"{result['unreadable']} unreadable"
    )
    tally = result.get("tally")
    if tally is not None:
        lines.append(
            f"tally of the {result['ok']} ok ballot(s): {tally['outcome']}; "
            f"valid {tally['valid']}, invalid {tally['invalid']}; "
            f"elected: {', '.join(tally['elected']) or '—'}"
        )
    else:
        lines.append(f"no tally: {result.get('tally_error', '')}")
    return "\n".join(lines) + "\n"


def _write(text: str) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _fail(message: str) -> int:
    print(f"daihoi scan: error: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
