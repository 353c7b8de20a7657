"""``consistency``: one spelling per axis within a document.

A rule lists ``pairs`` of spellings for one axis (``-ise``/``-ize``,
``-our``/``-or``...), in two ``columns``; each pair is written in the term
syntax with the same inflections in the same order, so that every form has its
counterpart (``organis(e|ed|ation)`` and ``organiz(e|ed|ation)``).

The document's choice is the column the configuration's ``locale`` names in
``locales`` (then a finding is a ``warning``). Without a locale, each word is
judged on its own (``group: stem``, the default): where one stem is spelled
both ways (*organised* and *organized*, *paedophile* and *pedophilia*), the
spelling it has most often wins, and a tie reports nothing; different words
on one axis (*realise* but *organize*) are not a mix. With ``group: axis``,
the column most used across the whole axis wins. Every use of the other
column is reported with its counterpart as the replacement. Uses inside protected spans
(names, titles, quotations) and capitalised proper names ("World Health
Organization", "Organized Crime") are neither counted nor reported.

Fails (mostly -ise)::

    Organised crime ... organised groups ... an organized network

Passes::

    The World Health Organization ... organised groups ... organised crime
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ...casing import match_case
from ...terms import expand_term
from ..exemptions import heading_line
from ..matcher import SEP
from ..text import sentences
from . import AcrossDocuments, Hit, register

#: Where a piece of a larger document is told the column its whole follows
#: (``doc.cache[(COLUMN, rule id)]``): the spelling of messages is the whole's.
COLUMN = "spelling-column"

if TYPE_CHECKING:
    from ...document import Document
    from ...errors import Location
    from ...ruleset import Rule
    from ..exemptions import Exemption


#: What :meth:`Consistency.observe` sees of a document: the columns its uses
#: are in, and each use that counts (start, end, column, counterpart, stem,
#: text).
_Observed = tuple[frozenset[int], list[tuple[int, int, int, str, str, str]]]


@dataclass(frozen=True)
class PairSpec:
    columns: tuple[str, str]
    pairs: tuple[tuple[str, str], ...]
    locales: dict[str, str]


def _key(text: str) -> str:
    return " ".join(w.lower() for w in SEP.split(text) if w)


#: what joins two spellings given side by side: "pedophilia or paedophilia",
#: "paedophile/pedophile", "paedophile (also spelled pedophile)"
_JOIN = (
    r"\s*(?:/|,?\s*(?:or|and)\s|\(\s*(?:also\s+)?(?:(?:spelt|spelled|written)\s+)?"
    r"|,?\s*also\s+(?:spelt|spelled|written)\s)\s*[\"'\u201c\u2018]?"
)
_PAIR_AFTER = re.compile(_JOIN + r"(\w+)")
_PAIR_BEFORE = re.compile(r"(\w+)[\"'\u201d\u2019]?" + _JOIN + r"$")


def _paired(text: str, start: int, end: int, counterpart: str) -> bool:
    """Whether the use is given beside its other spelling ("Pedophilia or
    paedophilia is ..."): both are the words themselves, not a mixed text."""
    other = counterpart.lower()
    after = _PAIR_AFTER.match(text, end, min(len(text), end + 60))
    if after and after.group(1).lower() == other:
        return True
    lo = max(0, start - 60)
    # (the other spelling must be in reach before a search back is tried)
    if other not in text[lo:start].lower():
        return False
    before = _PAIR_BEFORE.search(text, lo, start)
    return bool(before and before.group(1).lower() == other)


def _parse_pairs(value: Any, loc: Location) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list) or not value:
        raise ValueError("must be a list of [first, second] spellings")
    out = []
    for item in value:
        if not (
            isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)
        ):
            raise ValueError(f"each pair must be two spellings, not {item!r}")
        first, second = (expand_term(t) for t in item)
        if len(first) != len(second):
            raise ValueError(f"the two sides of {item!r} expand to different numbers of forms")
        out.append((item[0], item[1]))
    return tuple(out)


def _parse_columns(value: Any, loc: Location) -> tuple[str, str]:
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(x, str) for x in value)):
        raise ValueError("must name the two columns, e.g. [-ise, -ize]")
    return value[0], value[1]


def _parse_group(value: Any, loc: Location) -> str:
    if value not in ("stem", "axis"):
        raise ValueError("must be stem (each word on its own) or axis (the whole axis)")
    return str(value)


#: Endings stripped from a form to find its stem, longest first.
_ENDINGS = sorted(
    (
        "ational ations ation ments ment ings ing ers er ed es s e "
        "ia iacs iac ics ic ally al ians ian"
    ).split(),
    key=len,
    reverse=True,
)


def stem(form: str) -> str:
    """The stem shared by a word's inflections (``organisation`` and
    ``organised``: ``organis``); ``form`` is written in one column."""
    for ending in _ENDINGS:
        if form.endswith(ending) and len(form) - len(ending) >= 3:
            return form[: -len(ending)]
    return form


def _parse_locales(value: Any, loc: Location) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("must map locales (en-US, en-GB, en-GB-oxendict) to a column")
    return dict(value)


@register
class Consistency(AcrossDocuments):
    name = "consistency"
    summary = "one spelling per axis (-ise/-ize, -our/-or...) within a document"
    needs_terms = False
    default_message = "'{match}' breaks this document's spelling."
    fields: ClassVar[dict[str, Callable[[Any, Location], Any]]] = {
        "pairs": _parse_pairs,
        "columns": _parse_columns,
        "locales": _parse_locales,
        "group": _parse_group,
    }

    @classmethod
    def validate(cls, rule: Rule) -> str | None:
        options = rule.options
        if "pairs" not in options or "columns" not in options:
            return "a 'consistency' rule needs 'columns' and 'pairs'"
        bad = [c for c in options.get("locales", {}).values() if c not in options["columns"]]
        if bad:
            return f"'locales' names unknown column '{bad[0]}'"
        if rule.terms or rule.patterns:
            return "a 'consistency' rule takes its spellings from 'pairs', not 'terms'"
        return None

    def __init__(self, rule: Rule) -> None:
        super().__init__(rule)
        self.columns: tuple[str, str] = rule.options["columns"]
        self.locales: dict[str, str] = rule.options.get("locales", {})
        self.group: str = rule.options.get("group", "stem")
        #: normalised form -> (column index, counterpart form, stem)
        self.forms: dict[str, tuple[int, str, str]] = {}
        self._terms: list[str] = []
        for first, second in rule.options["pairs"]:
            a, b = expand_term(first), expand_term(second)
            for va, vb in zip(a, b, strict=True):
                ta = " ".join(t.text for t in va)
                tb = " ".join(t.text for t in vb)
                key = stem(ta.lower()) if self.group == "stem" else ""
                self.forms.setdefault(ta.lower(), (0, tb, key))
                self.forms.setdefault(tb.lower(), (1, ta, key))
            self._terms += [first, second]

    def terms(self) -> tuple[str, ...]:
        return tuple(self._terms)

    def column_of(self, doc: Document) -> int | None:
        """The column ``doc`` follows on this axis: the configured locale's,
        else the one most of its uses are in (None: no uses, or a tie). A
        piece of a larger document is told its whole's (``COLUMN``)."""
        locale = self.env.locale
        if locale in self.locales:
            return self.columns.index(self.locales[locale])
        key = (COLUMN, self.rule.id)
        if key in doc.cache:
            return doc.cache[key]  # type: ignore[return-value]
        return self.column_of_counts(self.column_counts(doc))

    @staticmethod
    def column_of_counts(counts: Sequence[int]) -> int | None:
        """The column most uses are in, None for a tie."""
        if counts[0] == counts[1]:
            return None
        return 0 if counts[0] > counts[1] else 1

    def column_counts(self, doc: Document, core: tuple[int, int] | None = None) -> list[int]:
        """How many uses of ``doc`` (those that start in ``core``, a span of
        it) are in each column, exemptions or not."""
        counts = [0, 0]
        text = doc.text
        for start, end in doc.cache.get(("consistency", self.rule.id), ()):  # type: ignore[attr-defined]
            if core is not None and not core[0] <= start < core[1]:
                continue
            found = self.forms.get(_key(text[start:end]))
            if found is not None:
                counts[found[0]] += 1
        return counts

    def respellings(self, column: int) -> dict[str, str]:
        """One-word forms of the other column, each with its counterpart in
        ``column`` (lower case): how to write a message in ``column``."""
        return {
            form: counterpart.lower()
            for form, (col, counterpart, _) in self.forms.items()
            if col != column and " " not in form
        }

    def accept(self, doc: Document, start: int, end: int) -> bool:
        uses = doc.cache.setdefault(("consistency", self.rule.id), [])
        uses.append((start, end))  # type: ignore[attr-defined]
        return False  # judged once the whole document has been read

    def _proper(self, doc: Document, start: int, end: int) -> bool:
        """A capitalised use inside a name: not sentence-initial, or followed
        by another capitalised word."""
        text = doc.text
        if not text[start : start + 1].isupper():
            return False
        if heading_line(doc, start):
            return False  # every word of a headline is capitalised
        s_start, _ = sentences(doc).span(start)
        if text[s_start:start].strip(" \t\r\n\"'\u201c\u2018([*#>-") != "":
            return True
        # the next word on the same line (a one-word heading is followed by
        # the capital of its paragraph's first word, which makes no name)
        nxt = (text[end : end + 40].splitlines() or [""])[0].split()
        return bool(nxt) and nxt[0][:1].isupper()

    def _candidates(
        self, doc: Document, core: tuple[int, int] | None = None
    ) -> list[tuple[int, int, tuple[int, str, str]]]:
        """Each use of ``doc`` (starting in ``core``), in order, with its
        column, counterpart and stem."""
        spans: list[tuple[int, int]] = doc.cache.get(("consistency", self.rule.id), [])  # type: ignore[assignment]
        out = []
        for start, end in sorted(set(spans)):
            if core is not None and not core[0] <= start < core[1]:
                continue
            found = self.forms.get(_key(doc.text[start:end]))
            if found is not None:
                out.append((start, end, found))
        return out

    def _wanted(self) -> int | None:
        """The column of the configured locale, if it names one."""
        locale = self.env.locale
        return self.columns.index(self.locales[locale]) if locale in self.locales else None

    def _silent(self, columns: set[int] | frozenset[int]) -> bool:
        """Whether uses in ``columns`` leave nothing to report: every use is
        in the configured column, or all are in one column (whatever the
        exemptions would say)."""
        wanted = self._wanted()
        return (columns <= {wanted}) if wanted is not None else len(columns) < 2

    def check_documents(
        self,
        docs: Sequence[Document],
        exempt: Callable[[Document, int, int], Exemption | None],
    ) -> list[list[Hit]]:
        """Count over all the documents, then report the minority spelling."""
        candidates = [self._candidates(doc) for doc in docs]
        columns = {found[0] for each in candidates for *_, found in each}
        if self._silent(columns):
            return [[] for _ in docs]  # no use needs to be asked about
        needed = self._needed(candidates)
        observed = [
            self.observe(doc, lambda s, e, doc=doc: exempt(doc, s, e), needed=needed)  # type: ignore[misc]
            for doc in docs
        ]
        return self.judge(observed, [doc.path for doc in docs])

    def _needed(
        self, candidates: Sequence[list[tuple[int, int, tuple[int, str, str]]]]
    ) -> Callable[[int, str], bool]:
        """Whether a use (its column and stem) can be reported, from every
        use of the documents judged together: with a house locale, one
        outside its column; else one of a stem (with ``group: axis``, of an
        axis) spelled both ways. No other use is reported, nor changes what
        is (a stem spelled one way is a group of its own), so no other needs
        its exemptions asked: in ordinary prose most uses are of words
        spelled only one way."""
        wanted = self._wanted()
        if wanted is not None:
            return lambda column, key: column != wanted
        seen: dict[str, set[int]] = {}
        for each in candidates:
            for *_, (column, _, key) in each:
                seen.setdefault(key, set()).add(column)
        mixed = frozenset(key for key, cols in seen.items() if len(cols) == 2)
        return lambda column, key: key in mixed

    def observe(
        self,
        doc: Document,
        exempt: Callable[[int, int], Exemption | None],
        core: tuple[int, int] | None = None,
        needed: Callable[[int, str], bool] | None = None,
    ) -> _Observed:
        """The columns used, and each use that counts (no proper name, no
        fixed wording): start and end from the start of the file, column,
        counterpart, stem, and its text. ``needed`` (see :meth:`_needed`)
        leaves out uses that cannot be reported; a piece of a larger file
        is observed whole, since the other pieces are not known yet."""
        candidates = self._candidates(doc, core)
        columns = frozenset(found[0] for *_, found in candidates)
        wanted = self._wanted()
        if wanted is not None and columns <= {wanted}:
            return columns, []  # nothing of this document is reported
        uses = []
        for start, end, found in candidates:
            if needed is not None and not needed(found[0], found[2]):
                continue
            if self._proper(doc, start, end) or _paired(doc.text, start, end, found[1]):
                continue
            why = exempt(start, end)
            if why is not None and why.fixed_wording:
                continue
            column, counterpart, key = found
            # interned: a piece's few spellings travel, and are kept, once each
            written = sys.intern(doc.source[start:end])
            uses.append((doc.base + start, doc.base + end, column, counterpart, key, written))
        return columns, uses

    def merge(self, observed: Sequence[_Observed]) -> _Observed:
        columns = frozenset().union(*(c for c, _ in observed))
        return columns, [u for _, uses in observed for u in uses]

    def judge(
        self,
        observed: Sequence[_Observed],
        paths: Sequence[str],
    ) -> list[list[Hit]]:
        out: list[list[Hit]] = [[] for _ in observed]
        if self._silent(frozenset().union(*(c for c, _ in observed))):
            return out
        locale = self.env.locale
        wanted = self._wanted()
        groups: dict[str, list[tuple[int, int, int, int, str, str, str]]] = {}
        for i, (_, uses) in enumerate(observed):
            for use in uses:
                groups.setdefault("" if wanted is not None else use[4], []).append((i, *use))
        scope = "this document" if len(observed) == 1 else "these documents"
        for group in groups.values():
            counts = [sum(1 for u in group if u[3] == c) for c in (0, 1)]
            severity = None
            if wanted is not None:
                chosen = wanted
                severity = "warning"  # a house locale: the fix is certain
                why = f"the configured locale {locale} uses {self.columns[chosen]}"
            else:
                if not all(counts) or counts[0] == counts[1]:
                    continue  # one spelling only, or no majority to measure against
                chosen = 0 if counts[0] > counts[1] else 1
                what = "this word" if self.group == "stem" else self.columns[chosen]
                why = (
                    f"{scope} mostly spell{'s' if len(observed) == 1 else ''} {what} "
                    f"{self.columns[chosen]} ({counts[chosen]} to {counts[1 - chosen]})"
                    if self.group == "stem"
                    else f"{scope} mostly use{'s' if len(observed) == 1 else ''} {what} "
                    f"({counts[chosen]} to {counts[1 - chosen]})"
                )
            for i, start, end, column, counterpart, _, written in group:
                if column != chosen:
                    fixed = match_case(written, counterpart)
                    out[i].append(
                        Hit(
                            start,
                            end,
                            message=f"'{written}': {why}; write '{fixed}'.",
                            replacements=(fixed,),
                            severity=severity,
                            # with a house locale the spelling to write is certain
                            fixable=True if wanted is not None else None,
                        )
                    )
        for hits in out:
            hits.sort(key=lambda h: h.start)
        return out
