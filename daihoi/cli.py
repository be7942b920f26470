"""The `daihoi` console command: a thin front over Django's management commands."""

import os
import sys

USAGE = """usage: daihoi COMMAND [ARGS…]

commands:
  demo        create or migrate the database, load the demo province, serve on 127.0.0.1:8000
  migrate     create or update the database tables
  import      import a workbook: daihoi import FILE.xlsx [--dry-run]
  export      export a workbook: daihoi export FILE.xlsx [--unit CODE]
  stats       print statistics:
              daihoi stats --campaign CODE [--unit CODE] [--as-of YYYY-MM-DD] [--json]
  createuser  create a user with a role on a unit: daihoi createuser NAME --unit CODE --role ROLE
  serve       serve the app: daihoi serve [ADDR:PORT]
  manage      any Django management command: daihoi manage COMMAND [ARGS…]
  tally       count one election from JSON: daihoi tally [FILE|-] (docs/tally.md)
  scan        read scanned ballots: daihoi scan ELECTION.json IMAGE… [--json] (docs/scanning.md)
  ballots     machine-readable ballots as a PDF (docs/scanning.md):
              daihoi ballots print ELECTION.json [--copies N] [--paper A5|A4] -o FILE.pdf

environment: DATABASE_URL, DAIHOI_HOME, DAIHOI_SECRET_KEY, DAIHOI_DEBUG, DAIHOI_ALLOWED_HOSTS
"""

COMMANDS = {
    "demo": "demo",
    "migrate": "migrate",
    "import": "import_workbook",
    "export": "export_workbook",
    "stats": "stats",
    "createuser": "createuser",
    "serve": "serve",
}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(USAGE)
        return
    if args[0] == "tally":  # the pure counting engine: no Django setup
        from daihoi.tally.cli import main as tally_main

        sys.exit(tally_main(args[1:]))
    if args[0] == "scan":  # the pure ballot reader: no Django setup
        from daihoi.scanning.cli import main as scan_main

        sys.exit(scan_main(args[1:]))
    if args[0] == "ballots":  # the pure printing core: no Django setup either
        from daihoi.printing.ballots_cli import main as ballots_main

        sys.exit(ballots_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.settings")
    from django.core.management import execute_from_command_line

    command, rest = args[0], args[1:]
    if command == "manage":
        execute_from_command_line(["daihoi manage", *rest])
    elif command in COMMANDS:
        execute_from_command_line(["daihoi", COMMANDS[command], *rest])
    else:
        print(f"daihoi: unknown command '{command}'\n\n{USAGE}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
