"""Scanned ballots in the app: batches of ballot images read by the machine in the background,
the board's review of the doubtful ones, and the scanned stream that joins the count.

`files` checks and stores the images (content-addressed by sha256); `reading` calls the pure
reader (`daihoi.scanning`); `worker` reads pending pages in a background thread pool; `actions`
and `retention` write (the `do_*` functions) and `queries` reads. See docs/scanning.md,
"Scanned ballots in the app".
"""
