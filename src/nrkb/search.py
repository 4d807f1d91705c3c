"""Ranked full-text search over every kind of record, with highlighted snippets.

Ranking follows where the words are, not how often: a record named by the query (its title,
name, short name or an alias) comes before one whose summary or notes mention it, and an exact
or phrase match before scattered words. Within one such tier bm25 orders the hits. The tiers
are the same for every kind of record, so institutions, actors and recommendations compete
with events on equal terms; a source (a document about a record) comes one tier after the
record itself, and after the records of its own tier.

Plain words are forgiving: English stems (FTS5 `porter`), British and American spellings, place
names and their adjectives (Crimea, Crimean), and another name of an actor or institution
(`NRC`, `Крым`) all match. When no record has every word, records with any of them follow. Text
with search syntax (`"phrases"`, `prefix*`, `OR`, `NOT`) is taken as typed; text that is not
valid syntax is searched as plain words instead of failing.

Reads only the database with sqlite3: no YAML, models or SQLAlchemy on this path.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nrkb.kinds import NAMED, SEARCHED, RecordKind
from nrkb.problems import UsageProblem

Row = dict[str, Any]

# remove_diacritics folds "Dmýtrivka" to "Dmytrivka"; unicode61 also case-folds Cyrillic; porter
# stems English words (treaties, treaty) and leaves other scripts as they are.
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2"

SEARCH_INDEXES: dict[str, dict[str, float]] = {
    **{kind.table: kind.search for kind in SEARCHED},
    # Quotes and claims lead back to the record that cites them (below, `_QUOTED`).
    "citations": {"quote": 2.0, "locator": 0.5},
    "claims": {"says": 2.0, "finding": 2.0, "quote": 2.0},
}
"""The full-text indexes (`<table>_fts`, built by tables.py) and the weight of each column."""

RECORD_INDEXES: dict[str, RecordKind] = {kind.name: kind for kind in SEARCHED}
"""Every kind of record that `nrkb search --kind` accepts (kinds.py)."""

KINDS = tuple(RECORD_INDEXES)

# A quote or a claim leads back to the record that cites it, as a mention in its text.
_QUOTED = ("citations", "claims")

_NAMED = tuple(kind.table for kind in NAMED)
"""Records with other names (short names, aliases) that a query may use instead of the name."""

_WORD = re.compile(r"\w+", re.UNICODE)
_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})
_SYNTAX = re.compile(r'["*():^{}]|\b(?:AND|OR|NOT|NEAR)\b')

FEW = 5
"""Fewer hits than this with every word, and records with any of the words follow them."""

# Words that say nothing about which record is meant, dropped when any word may match.
_STOPWORDS = frozenset(
    {
        *("a", "about", "after", "all", "an", "and", "are", "as", "at", "be", "before", "by"),
        *("did", "do", "does", "for", "from", "had", "has", "have", "how", "in", "into", "is"),
        *("it", "its", "more", "of", "on", "or", "over", "so", "than", "that", "the", "their"),
        *("them", "then", "there", "these", "they", "this", "to", "was", "were", "what"),
        *("when", "where", "which", "who", "whom", "why", "will", "with"),
    }
)

# British and American spellings (and Latin-Greek variants) that the porter stemmer keeps apart.
_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("ence", "ense"),  # defence, offence, licence
    ("isation", "ization"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("ogue", "og"),  # dialogue, catalogue
    ("tre", "ter"),  # centre, theatre
    ("our", "or"),  # armour, labour
)


@dataclass(frozen=True, slots=True)
class Hits:
    """The best hits, how many records matched in all, and what to try if little did."""

    rows: list[Row]
    total: int
    every: int
    """How many records have every word (or a variant, or another name of what it names)."""
    any_word: bool = False
    """True when no record had every word and records with any word are shown instead."""
    suggestions: list[str] = field(default_factory=list)


class UnknownKind(UsageProblem):
    """`--kind` names no kind of record."""


def fold(text: str) -> str:
    """Text as the index compares it: case-folded, without diacritics, words single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_WORD.findall(bare))


def variants(word: str) -> list[str]:
    """`word` and the forms of it the stemmer would not match: other spellings, the adjective
    of a place (Crimea, Crimean; Ukraine, Ukrainian) and the verb of a noun (suspension,
    suspend)."""
    lower = word.casefold()
    forms = [lower]
    for british, american in _SPELLINGS:
        for old, new in ((british, american), (american, british)):
            if lower.endswith(old) and len(lower) > len(old) + 2:
                forms.append(lower[: -len(old)] + new)
    if len(lower) >= 5 and lower.isascii():
        if lower.endswith("a"):
            forms.append(lower + "n")  # Crimea, Crimean; Russia, Russian
        elif lower.endswith(("ian", "ean", "an")) and lower[-3] in "ie":
            forms.append(lower[:-1])  # Crimean, Crimea; Georgian, Georgia
        if lower.endswith("ine"):
            forms.append(lower[:-1] + "ian")  # Ukraine, Ukrainian
        elif lower.endswith("inian"):
            forms.append(lower[:-3] + "e")
        if lower.endswith("sion"):
            forms.append(lower[:-4] + "d")  # suspension, suspend; extension, extend
        elif lower.endswith(("nd", "nds", "nded", "nding")):
            forms.append(lower[: lower.rindex("nd")] + "nsion")
    return list(dict.fromkeys(forms))


def is_syntax(text: str) -> bool:
    """Whether the user wrote search syntax rather than plain words."""
    return bool(_SYNTAX.search(text))


def fts_query(connection: sqlite3.Connection, text: str) -> str:
    """The query as typed if FTS5 accepts it, else its words, each quoted, all required."""
    try:
        # The expression is only parsed when the query runs, so run it (one row is enough).
        connection.execute(
            "SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT 1", (text,)
        ).fetchone()
    except sqlite3.OperationalError:
        # Operators typed in the wrong place ("crimea AND (") become plain words, but "AND",
        # "OR", "NOT" and "NEAR" alone carry no meaning as words, so they are dropped.
        return _all(_plain_words(text))
    return text


def _plain_words(text: str) -> list[str]:
    return [word for word in _WORD.findall(text) if word not in _OPERATORS]


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _all(words: Sequence[str]) -> str:
    return " ".join(_quoted(word) for word in words) if words else '""'


@dataclass(frozen=True, slots=True)
class _Query:
    """The MATCH expressions for one search, from the strictest to the loosest."""

    every: str
    """Every word (or a variant of it, or another name of what it names)."""
    phrase: str | None
    """The words in a row (in any of their variants); None for one word or search syntax."""
    any: str | None
    """Any of the words that carry meaning; None for search syntax or a single word."""
    words: tuple[str, ...]
    groups: tuple[str, ...] = ()
    """One expression per meaningful word (with its variants), to count how many a record has."""
    terms: tuple[str, ...] = ()
    """Every word that may match, variants and other names included (folded)."""


def _alternatives(group: Sequence[str]) -> str:
    unique = list(dict.fromkeys(group))
    if len(unique) == 1:
        return _quoted(unique[0])
    return "(" + " OR ".join(_quoted(term) for term in unique) + ")"


def _plain_query(connection: sqlite3.Connection, words: list[str]) -> _Query:
    names = _other_names(connection)
    folded = [fold(word) for word in words]
    groups: list[list[str]] = []
    position = 0
    while position < len(words):
        # The longest run of words that is a name of an actor or institution (NRC, Крым, Founding
        # Act) matches any of that record's names, as a phrase.
        for end in range(len(words), position, -1):
            known = names.get(" ".join(folded[position:end]))
            if known:
                typed = " ".join(words[position:end])
                groups.append([*(variants(typed) if end == position + 1 else [typed]), *known])
                position = end
                break
        else:
            groups.append(variants(words[position]))
            position += 1
    every = " AND ".join(_alternatives(group) for group in groups)
    phrase = _phrases(words, groups) if len(words) > 1 else None
    meaningful = [group for group in groups if fold(group[0]) not in _STOPWORDS] or groups
    alternatives = tuple(_alternatives(group) for group in meaningful)
    any_word = " OR ".join(alternatives) if len(groups) > 1 else None
    terms = tuple({term for group in groups for name in group for term in fold(name).split()})
    return _Query(every, phrase, any_word, tuple(words), alternatives, terms)


_MOST_PHRASES = 16


def _phrases(words: Sequence[str], groups: Sequence[Sequence[str]]) -> str:
    """The words in a row, in any of their variants ("missile defense" finds "missile
    defence"), unless the variants make too many phrases to try."""
    import itertools

    combinations = 1
    for group in groups:
        combinations *= len(group)
    if combinations > _MOST_PHRASES:
        return _quoted(" ".join(words))
    return " OR ".join(_quoted(" ".join(row)) for row in itertools.product(*groups))


def _other_names(connection: sqlite3.Connection) -> dict[str, list[str]]:
    """Each folded name, short name and alias of an actor or institution → all its names."""
    by_name: dict[str, list[str]] = {}
    for table in _NAMED:
        columns = "name, short_name, aliases" if table == "institutions" else "name, '', aliases"
        for name, short_name, aliases in connection.execute(f"SELECT {columns} FROM {table}"):
            every = [name, *([short_name] if short_name else []), *_split(aliases)]
            for one in every:
                by_name.setdefault(fold(one), []).extend(every)
    return by_name


def _split(aliases: str | None) -> list[str]:
    return aliases.split("; ") if aliases else []


def _query(connection: sqlite3.Connection, text: str) -> _Query:
    if is_syntax(text):
        typed = fts_query(connection, text)
        if typed == text:
            return _Query(text, None, None, tuple(_plain_words(text)))
    words = _plain_words(text)
    if not words:
        return _Query('""', None, None, ())
    return _plain_query(connection, words)


def match_expression(connection: sqlite3.Connection, text: str) -> str:
    """The MATCH expression that requires every word of `text`, forgiving as `nrkb search` is
    (variants, other names), or the search syntax as typed: for `events --search`."""
    return _query(connection, text).every


def check_kinds(kinds: Iterable[str]) -> tuple[str, ...]:
    """The kinds asked for, or UnknownKind naming the bad one and the kinds there are."""
    chosen = tuple(kinds)
    for kind in chosen:
        if kind not in RECORD_INDEXES:
            # Accept the plural, as the commands are named (events, institutions …).
            if kind.endswith("s") and kind[:-1] in RECORD_INDEXES:
                continue
            import difflib  # only on this error path

            close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise UnknownKind(f"unknown kind {kind!r}{hint}; valid: {', '.join(KINDS)}")
    return tuple(kind.removesuffix("s") if kind not in RECORD_INDEXES else kind for kind in chosen)


# Tiers, best first.
EXACT, NAME_PHRASE, NAME_WORDS, PHRASE, WORDS, ANY_WORD = range(6)


def find(
    connection: sqlite3.Connection,
    text: str,
    kinds: Sequence[str] = (),
    limit: int | None = 20,
) -> Hits:
    """Records matching `text`, best first (record_kind, id, title, date, snippet, score), the
    number that matched in all, and suggestions when nothing or little matched."""
    chosen = check_kinds(kinds) or KINDS
    query = _query(connection, text)
    found = _matches(connection, query, query.every, chosen)
    every = len(found)
    any_word = False
    if every < FEW and query.any is not None:
        loose = _matches(connection, query, query.any, chosen, tier=ANY_WORD)
        extra = {key: hit for key, hit in loose.items() if key not in found}
        any_word = bool(extra)
        found.update(extra)
    exact = fold(text)
    for hit in found.values():
        if any(fold(name) == exact for name in hit["names"]):
            hit["tier"] = EXACT
        # A document about a record (a source) comes one step after records matched as well,
        # and after the records of its own step.
        if hit["document"] and hit["tier"] < ANY_WORD:
            hit["tier"] += 1
    for hit in found.values():
        hit["coverage"] = (
            _coverage(hit["names"], len(query.words), query.terms or query.words)
            if hit["tier"] < PHRASE
            else 0.0
        )
    # Within a tier, a record whose name is mostly the query is more about it than one whose
    # long title mentions it; then bm25.
    ranked = sorted(
        found.values(),
        key=lambda hit: (
            hit["tier"],
            hit["document"],
            -hit["matched"],
            -hit["coverage"],
            hit["score"],
            hit["id"],
        ),
    )
    best = ranked[:limit] if limit is not None else ranked
    rows = [_finish(connection, hit, query) for hit in best]
    suggestions = _suggestions(connection, query.words) if len(ranked) < FEW else []
    return Hits(rows, len(ranked), every, any_word, suggestions)


def _coverage(names: Sequence[str], typed: int, terms: Sequence[str]) -> float:
    """The share of the shortest name that mentions the query (any of its `terms`, compared by
    their first letters, as a stem) taken up by the `typed` words of the query."""
    stems = {fold(term)[:5] for term in terms}
    lengths = [
        len(name_words)
        for name_words in (fold(name).split() for name in names)
        if any(word[:5] in stems for word in name_words)
    ]
    return min(1.0, typed / min(lengths)) if lengths else 0.0


def search(
    connection: sqlite3.Connection,
    text: str,
    kinds: Sequence[str] = (),
    limit: int | None = 20,
) -> list[Row]:
    """The best hits for `text` (see `find`)."""
    return find(connection, text, kinds, limit).rows


def _column_filter(index: str, columns: Sequence[str], expression: str) -> str:
    present = [column for column in columns if column in SEARCH_INDEXES[index]]
    return "{" + " ".join(present) + "} : (" + expression + ")"


def _matches(
    connection: sqlite3.Connection,
    query: _Query,
    match: str,
    kinds: Sequence[str],
    tier: int | None = None,
) -> dict[tuple[str, str], Row]:
    """Every record that `match` finds, with its tier and bm25 score (lower is better)."""
    found: dict[tuple[str, str], Row] = {}

    def keep(hit: Row) -> None:
        key = (hit["kind"], hit["id"])
        if key not in found or (hit["tier"], hit["score"]) < (
            found[key]["tier"],
            found[key]["score"],
        ):
            found[key] = hit

    for kind in kinds:
        index = RECORD_INDEXES[kind]
        fts = f"{index.table}_fts"
        parameters: dict[str, Any] = {"match": match}
        # With any word allowed, a record with more of the words comes first.
        matched = " + ".join(
            f"({fts}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH :group{n}))"
            for n in range(len(query.groups) if tier == ANY_WORD else 0)
        )
        parameters.update(
            {f"group{n}": group for n, group in enumerate(query.groups) if tier == ANY_WORD}
        )
        cases = []
        if tier is None:
            # Each test is a MATCH expression, bound as a parameter like the query itself.
            if query.phrase:
                parameters["name_phrase"] = _column_filter(
                    index.table, (*index.names, *index.also_names), query.phrase
                )
                cases.append((":name_phrase", NAME_PHRASE))
            parameters["name_words"] = _column_filter(
                index.table, (*index.names, *index.also_names), match
            )
            cases.append((":name_words", NAME_WORDS))
            if query.phrase:
                parameters["phrase"] = query.phrase
                cases.append((":phrase", PHRASE))
        otherwise = WORDS if tier is None else tier
        tier_sql = (
            "CASE "
            + " ".join(
                f"WHEN {fts}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH {name}) "
                f"THEN {value}"
                for name, value in cases
            )
            + f" ELSE {otherwise} END"
            if cases
            else str(otherwise)
        )
        names = " || char(31) || ".join(f"coalesce(r.{column}, '')" for column in index.names)
        sql = (
            f"SELECT r.id AS id, r.rowid AS row, {tier_sql} AS tier, "
            f"bm25({fts}, {_weights(index.table)}) AS score, {names} AS names, "
            f"{matched or 0} AS matched "
            f"FROM {fts} JOIN {index.table} r ON r.rowid = {fts}.rowid WHERE {fts} MATCH :match"
        )
        for row in connection.execute(sql, parameters):
            keep(
                {
                    "kind": kind,
                    "id": row["id"],
                    "tier": row["tier"],
                    "document": index.document,
                    "score": row["score"],
                    "names": [
                        part for name in row["names"].split("\x1f") for part in name.split("; ")
                    ],
                    "via": index.table,
                    "row": row["row"],
                    "matched": row["matched"],
                }
            )
    wanted = [kind for kind in kinds if kind != "source"]
    for table in _QUOTED:
        fts = f"{table}_fts"
        sql = (
            f"SELECT q.record_kind AS kind, q.record_id AS id, q.rowid AS row, "
            f"bm25({fts}, {_weights(table)}) AS score FROM {fts} "
            f"JOIN {table} q ON q.rowid = {fts}.rowid WHERE {fts} MATCH ? "
            f"AND q.record_kind IN ({', '.join('?' for _ in wanted)})"
        )
        for row in connection.execute(sql, (match, *wanted)):
            keep(
                {
                    "kind": row["kind"],
                    "id": row["id"],
                    "tier": WORDS if tier is None else tier,
                    "score": row["score"],
                    "names": [],
                    "document": False,
                    "via": table,
                    "row": row["row"],
                    "matched": 0,
                }
            )
    return found


def _weights(table: str) -> str:
    return ", ".join(str(weight) for weight in SEARCH_INDEXES[table].values())


_TITLE = {kind: index.names[0] for kind, index in RECORD_INDEXES.items()}


def _finish(connection: sqlite3.Connection, hit: Row, query: _Query) -> Row:
    """A hit as shown: its title and date, a snippet of where it matched, a higher-is-better
    score."""
    index = RECORD_INDEXES[hit["kind"]]
    title, date = connection.execute(
        f"SELECT {_TITLE[hit['kind']]}, {index.date or 'NULL'} FROM {index.table} WHERE id = ?",
        (hit["id"],),
    ).fetchone()
    fts = f"{hit['via']}_fts"
    # A record found by its name shows its name highlighted; else the best passage of its text.
    columns = [-1]
    if hit["tier"] <= NAME_WORDS and hit["via"] == index.table:
        columns.insert(0, list(SEARCH_INDEXES[index.table]).index(index.names[0]))
    snippet = None
    for match in (query.every, query.any):
        if match is None or snippet is not None:
            continue
        for column in columns:
            found = connection.execute(
                f"SELECT snippet({fts}, ?, '[', ']', '…', 16) FROM {fts} "
                f"WHERE {fts} MATCH ? AND rowid = ?",
                (column, match, hit["row"]),
            ).fetchone()
            if found and "[" in found[0]:
                snippet = found[0]
                break
    return {
        "record_kind": hit["kind"],
        "id": hit["id"],
        "title": title,
        "date": date,
        "snippet": snippet or title,
        "score": round(-hit["score"], 3),  # bm25 is lower-is-better; show higher-is-better
    }


def _suggestions(connection: sqlite3.Connection, words: Sequence[str]) -> list[str]:
    """Close words from the index's own vocabulary for each word it does not have."""
    import difflib  # only when little matched: it costs ~5 ms to import

    suggestions: list[str] = []
    for word in words:
        folded = fold(word)
        if not folded or folded in _STOPWORDS:
            continue
        # FTS5 folds diacritics of Latin letters only; Python folds them all (й → и).
        known = connection.execute(
            "SELECT records FROM search_words WHERE word IN (?, ?)", (folded, word.casefold())
        ).fetchone()
        if known:
            continue
        candidates = {
            row[0]: row[1]
            for row in connection.execute(
                "SELECT word, records FROM search_words WHERE length(word) BETWEEN ? AND ?",
                (len(folded) - 2, len(folded) + 2),
            )
        }
        close = difflib.get_close_matches(folded, list(candidates), n=3, cutoff=0.75)
        suggestions.extend(sorted(close, key=lambda term: -candidates[term]))
    return list(dict.fromkeys(suggestions))


SEARCH_WORDS_TABLE = (
    "CREATE TABLE search_words (word TEXT NOT NULL PRIMARY KEY, records INTEGER NOT NULL) "
    "WITHOUT ROWID"
)
"""Every word of the indexed text, for "did you mean" (filled by `vocabulary_statements`)."""


def vocabulary_statements() -> list[str]:
    """SQL that stores every word of the indexed text, unstemmed, with the number of rows it
    occurs in (`search_words`, for "did you mean"). FTS5 tokenizes, in C, into a temporary
    index that is dropped once its vocabulary is kept."""
    texts = " UNION ALL ".join(
        "SELECT "
        + " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
        + f" FROM {table}"
        for table, columns in SEARCH_INDEXES.items()
    )
    return [
        "CREATE VIRTUAL TABLE temp.search_text USING fts5(text, content='', "
        "tokenize='unicode61 remove_diacritics 2')",
        f"INSERT INTO temp.search_text(text) {texts}",
        "CREATE VIRTUAL TABLE temp.search_text_words USING fts5vocab(temp, search_text, row)",
        "INSERT INTO search_words SELECT term, doc FROM temp.search_text_words "
        "WHERE length(term) > 2 AND term GLOB '*[^0-9]*'",
        "DROP TABLE temp.search_text_words",
        "DROP TABLE temp.search_text",
    ]


# Full-text search: an external-content FTS5 table `<table>_fts` over each table's own text
# columns (the convention of sqlite-utils, which Datasette detects to offer `?_search=`).
# Quotes are searched through citations_fts and claims_fts and lead back to their record.


def search_tables() -> list[str]:
    """The full-text indexes and the word list, created with the other tables (empty)."""
    return [
        *(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(weights)}, "
            f"content=\"{table}\", content_rowid='rowid', tokenize='{SEARCH_TOKENIZER}')"
            for table, weights in SEARCH_INDEXES.items()
        ),
        SEARCH_WORDS_TABLE,
    ]


def search_fill() -> list[str]:
    """Fill the full-text indexes and the word list from the rows: run once the rows are in."""
    return [
        *(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')" for table in SEARCH_INDEXES),
        *vocabulary_statements(),
    ]
