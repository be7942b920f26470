"""Vietnamese A-B-C order of full names, by given name (election-rules.md §2.5 "vần A, B, C").

A full name "Nguyễn Văn An" sorts by its given name (the last word, "An"), then the middle
words ("Văn"), then the family name ("Nguyễn"). Letters follow the Vietnamese alphabet
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z, found in foreign names, go
where Latin puts them); tones are secondary: two names that differ only in tones sort by tone
in the order ngang, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ), as Unicode's CLDR does.
"""

from __future__ import annotations

import unicodedata

ALPHABET = tuple("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_LETTER = {letter: index for index, letter in enumerate(ALPHABET)}
# Combining tone marks, in tone order (ngang = no mark = 0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_UNKNOWN = len(ALPHABET)


def _letters(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(letter indexes, tones per letter) of one word, case and tones separated."""
    primary: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFC", word.casefold()):
        decomposed = unicodedata.normalize("NFD", char)
        tone = 0
        kept = ""
        for part in decomposed:
            if part in _TONES:
                tone = _TONES[part]
            else:
                kept += part
        letter = unicodedata.normalize("NFC", kept)
        if letter in _LETTER:
            primary.append(_LETTER[letter])
        elif letter.isalnum():
            # Digits and letters outside the alphabet: after it, by code point.
            primary.append(_UNKNOWN + ord(letter))
        else:
            continue  # hyphens, apostrophes, dots
        tones.append(tone)
    return tuple(primary), tuple(tones)


def name_key(full_name: str) -> tuple[object, ...]:
    """The sort key of a full name: given name, middle names, family name; tones secondary."""
    words = full_name.split()
    if not words:
        # The raw text last, so that distinct names never tie (a total order).
        return ((), (), "", full_name)
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    read = [_letters(w) for w in ordered]
    return (
        tuple(p for p, _ in read),
        tuple(t for _, t in read),
        unicodedata.normalize("NFC", full_name),
        full_name,
    )


def abc_order(names: list[str]) -> list[str]:
    """The names in Vietnamese A-B-C order by given name."""
    return sorted(names, key=name_key)
