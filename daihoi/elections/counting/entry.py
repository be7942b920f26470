"""What a clerk types for one ballot, read into a canonical reading.

Keyboard-first (docs/counting.md): numbers are list numbers (TT) on the ballot.

* A list with surplus: the numbers of the names struck out, e.g. ``3 7`` (ranges: ``3-7``).
* A list without surplus (agree/disagree columns): every name is "agree" unless typed —
  ``3`` disagree, ``3c`` both boxes (cả hai), ``3t`` neither box (để trống).
* Defects, anywhere on the line: ``p`` not issued by the board (không do Ban kiểm phiếu phát
  ra), ``d`` no seal (không có dấu), ``g`` a name written in (ghi thêm tên), ``k`` a special mark
  or signature (ký hiệu riêng).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

DEFECT_KEYS = {"p": "not_issued", "d": "unstamped", "g": "write_in", "k": "special_mark"}
DEFECT_LETTERS = {code: key for key, code in DEFECT_KEYS.items()}
MARK_KEYS = {"": "disagree", "c": "both", "t": "none"}
MARK_LETTERS = {mark: key for key, mark in MARK_KEYS.items()}

_TOKEN = re.compile(r"^(\d+)(?:-(\d+))?([a-z]?)$|^([a-z])$")


class EntryError(ValueError):
    """The typed line cannot be read; the message says why, for the clerk."""


@dataclass(frozen=True)
class Reading:
    struck: tuple[int, ...] = ()  # TT numbers struck out (surplus list)
    marks: tuple[str, ...] = ()  # one mark per name in list order (no-surplus list)
    defects: tuple[str, ...] = ()  # sorted defect codes

    def as_tuple(self) -> tuple[tuple[object, ...], ...]:
        return (self.struck, self.marks, self.defects)


def parse_entry(
    text: str,
    size: int,
    surplus: bool,
    checked: Iterable[int] = (),
    defects: Iterable[str] = (),
) -> Reading:
    """The reading of one ballot from the typed line plus ticked boxes (struck TT, defects)."""
    struck: set[int] = set()
    marks = ["agree"] * size
    found: set[str] = set(defects)
    for token in re.split(r"[\s,;]+", text.strip().lower()):
        if not token:
            continue
        match = _TOKEN.match(token)
        if match is None:
            raise EntryError(_("Cannot read “%(token)s”.") % {"token": token})
        first, last, suffix, letter = match.groups()
        if letter is not None:
            if letter not in DEFECT_KEYS:
                raise EntryError(_("“%(token)s” is not a defect key.") % {"token": token})
            found.add(DEFECT_KEYS[letter])
            continue
        numbers = range(int(first), int(last or first) + 1)
        if not numbers:
            raise EntryError(_("The range “%(token)s” is empty.") % {"token": token})
        for number in numbers:
            if not 1 <= number <= size:
                raise EntryError(
                    _("There is no name number %(number)s on this list (1 to %(size)s).")
                    % {"number": number, "size": size}
                )
            if surplus:
                if suffix:
                    raise EntryError(
                        _("“%(token)s”: this list has a surplus; type only the struck numbers.")
                        % {"token": token}
                    )
                struck.add(number)
            else:
                if suffix not in MARK_KEYS:
                    raise EntryError(_("“%(token)s” is not a mark key.") % {"token": token})
                marks[number - 1] = MARK_KEYS[suffix]
    for number in checked:
        if not 1 <= number <= size:
            raise EntryError(_("A ticked name is not on this list."))
        struck.add(number)
    unknown = found - set(DEFECT_LETTERS)
    if unknown:
        raise EntryError(_("Unknown defect."))
    if struck and not surplus:
        raise EntryError(_("This list has no surplus: names are not struck out."))
    return Reading(
        struck=tuple(sorted(struck)),
        marks=tuple(marks) if not surplus else (),
        defects=tuple(sorted(found)),
    )


def format_reading(struck: Iterable[int], marks: Iterable[str], defects: Iterable[str]) -> str:
    """The line a clerk would type for this reading (to edit an entry)."""
    parts = [str(n) for n in struck]
    parts += [
        f"{i}{MARK_LETTERS[m]}"
        for i, m in enumerate(marks, 1)
        if m != "agree" and m in MARK_LETTERS
    ]
    parts += [DEFECT_LETTERS[d] for d in defects if d in DEFECT_LETTERS]
    return " ".join(parts)
