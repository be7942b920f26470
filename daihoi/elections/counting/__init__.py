"""The counting board's work on an election: setup, double entry, reconciliation, freezing.

The list's A-B-C order is `daihoi.tally.collation` (pure: the printer sorts with it too);
`entry` reads what a clerk types; `queries` reads
(`count_progress`, `reconcile`, `engine_input`); the `do_*` writers are split by stage:
`setup_actions` (configure, open), `entry_actions` (ballots, totals, board decisions) and
`freeze_actions` (freeze, recount, further round), sharing `guards`; `documents` builds the
ballots, minutes and sheet from a count. See docs/counting.md.
"""
