"""Printing: ballots, counting minutes (PDF, DOCX) and the count sheet (XLSX).

Pure rendering functions over plain data (no Django): the elections app builds the data.
"""

from .ballots import BallotSpec, copies_that_fit, render_ballot_pdf
from .count_xlsx import render_count_xlsx
from .minutes import render_minutes_docx, render_minutes_pdf
from .minutes_data import (
    BoardMember,
    CandidateResult,
    MinutesData,
    MinutesFacts,
    minutes_data_from_tally,
)
from .profiles import DEFAULT_PROFILE, PROFILES, Profile, get_profile

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILES",
    "BallotSpec",
    "BoardMember",
    "CandidateResult",
    "MinutesData",
    "MinutesFacts",
    "Profile",
    "copies_that_fit",
    "get_profile",
    "minutes_data_from_tally",
    "render_ballot_pdf",
    "render_count_xlsx",
    "render_minutes_docx",
    "render_minutes_pdf",
]
