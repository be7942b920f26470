"""The counting board's work on an election: setup, double entry, reconciliation, freezing.

`collation` orders the election list; `entry` reads what a clerk types; `queries` reads
(`count_progress`, `reconcile`, `engine_input`); `actions` writes (the `do_*` functions);
`documents` builds the ballots, minutes and sheet from a count. See docs/counting.md.
"""
