"""The counting board's work on an election: setup, double entry, reconciliation, freezing.

`collation` orders the election list; `entry` reads what a clerk types; `queries` reads
(`count_progress`, `reconcile`, `engine_input`); the `do_*` writers are split by stage:
`setup_actions` (configure, open), `entry_actions` (ballots, totals, board decisions) and
`freeze_actions` (freeze, recount, further round), sharing `guards`; `documents` builds the
ballots, minutes and sheet from a count. See docs/counting.md.
"""
