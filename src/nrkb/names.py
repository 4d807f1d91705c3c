"""Authors as citation managers need them: people split into family and given names, bodies
kept whole.

A source's `author` is free text as the page printed it ("Jaap de Hoop Scheffer", "Olga Rudenko
and Jim Michaels", "NATO-Russia Council", "Merle D. Kellerhals, Jr."). Citation styles sort and
abbreviate people by surname but print bodies as written, so each name is classified here. The
rules are few and explicit (a library such as nameparser splits people's names but cannot tell a
person from a body, which is the harder half): a name with a word of a body (Council, Agency,
NATO, ...), of one word only or starting with "The" is a body; otherwise the last word is the
family name, with the lower-case particles before it (de, van, von ...) and a generational
suffix after a comma. A family name of two words ("Nick Paton Walsh") cannot be told from a
middle name by rule; such a name is read as given names and one surname.
Parenthesised remarks ("(Associated Press)") and trailing affiliations ("Richard Boucher, U.S.
Department of State") are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BODY_WORDS = frozenset(
    [
        "Agency",
        "Alliance",
        "Allies",
        "Assembly",
        "Association",
        "Bureau",
        "Centre",
        "Center",
        "Commission",
        "Committee",
        "Council",
        "Defence",
        "Defense",
        "Department",
        "Embassy",
        "Facility",
        "Foundation",
        "Government",
        "Heads",
        "Institute",
        "Kremlin",
        "Ministers",
        "Ministry",
        "Mission",
        "Office",
        "Officer",
        "Organisation",
        "Organization",
        "Parliament",
        "Presidency",
        "Press",
        "Reuters",
        "Republic",
        "Secretariat",
        "Secretary",
        "Minister",
        "Service",
        "Staff",
        "States",
        "Union",
        "University",
    ]
)
_ACRONYM = re.compile(r"^(?:[A-Z]{2,}|(?:[A-Z]\.){2,})(?:-\S+)?$")
_PARTICLES = frozenset({"de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "del"})
_CAPITAL_PARTICLES = frozenset({"Van", "Von", "De", "Da", "Di", "Du"})
_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
_HONORIFICS = frozenset({"Lt.", "Lord", "Dr.", "Sir", "Gen.", "Col.", "Capt.", "Prof.", "Adm."})
_REMARK = re.compile(r"\s*\([^)]*\)")
_SEPARATORS = re.compile(r"\s*;\s*")
_COMMA = re.compile(r"\s*,\s*")
_AND = re.compile(r"\s+and\s+")


@dataclass(frozen=True, slots=True)
class Name:
    """A person (family and given names) or a body (`literal`, printed as written)."""

    family: str = ""
    given: str = ""
    particle: str = ""
    """Lower-case particle before the family name ("de" in Jaap de Hoop Scheffer)."""
    suffix: str = ""
    literal: str = ""

    @property
    def is_body(self) -> bool:
        return bool(self.literal)


def authors(text: str | None) -> list[Name]:
    """The names in an `author` text, in order."""
    if not text:
        return []
    names: list[Name] = []
    for part in _SEPARATORS.split(_REMARK.sub("", text).strip()):
        names += _part_names(part.strip())
    return names


def _part_names(part: str) -> list[Name]:
    pieces = [piece for piece in _COMMA.split(part) if piece]
    if not pieces:
        return []
    if _is_body(pieces[0]):
        return [Name(literal=part)]
    names: list[Name] = []
    for piece in pieces:
        if piece in _SUFFIXES and names:
            last = names[-1]
            names[-1] = Name(last.family, last.given, last.particle, suffix=piece)
        elif not _is_body(piece) and _looks_like_a_person(piece):
            names += [_person(name) for name in _AND.split(piece) if name]
        # else: an affiliation or a role after a name ("..., U.S. Department of State").
    return names


def _is_body(text: str) -> bool:
    words = text.split()
    return (
        len(words) == 1
        or words[0] == "The"
        or any(word.strip(",.") in _BODY_WORDS or _ACRONYM.match(word) for word in words)
    )


def _looks_like_a_person(text: str) -> bool:
    words = [word for word in text.split() if word not in _HONORIFICS and word != "and"]
    return len(words) >= 1 and all(word[0].isupper() or word in _PARTICLES for word in words)


def _person(text: str) -> Name:
    words = [word for word in text.split() if word not in _HONORIFICS]
    # The family name starts at the first lower-case particle ("Jaap | de | Hoop Scheffer"),
    # else it is the last word; a capitalised "Van" ("Marcel H. Van Herpen") belongs to it.
    start = next((i for i, word in enumerate(words[1:-1], start=1) if word in _PARTICLES), None)
    if start is not None:
        end = start
        while words[end] in _PARTICLES:
            end += 1
        return Name(
            family=" ".join(words[end:]),
            given=" ".join(words[:start]),
            particle=" ".join(words[start:end]),
        )
    end = len(words) - 1
    if end >= 2 and words[end - 1] in _CAPITAL_PARTICLES:
        end -= 1
    return Name(family=" ".join(words[end:]), given=" ".join(words[:end]))
