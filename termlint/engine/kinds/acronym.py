"""``acronym``: acronyms defined on first use, spelled right, used consistently.

The glossary is the pack's ``acronyms:`` section (users extend it in their own
packs). One analysis per document finds every use of a glossary acronym and
every definition, in either order: ``child sexual abuse material (CSAM)`` or
``CSAM (child sexual abuse material)``. A rule's ``check`` picks what to
report:

``undefined``
    the first use of an acronym is not a definition;
``mismatch``
    the expansion does not spell the acronym (initial letters of the content
    words, hyphenated parts split: "AI-generated" gives A I G), or is another
    acronym's expansion: ``child sexual exploitation material (CSAM)``;
``two-expansions``
    one acronym defined with two different expansions;
``re-expanded``
    an acronym defined again after its definition;
``family-mix``
    members of one family (CSAM, CSEM, CAM, IIOC...) mixed in one document,
    measured against the rule's ``prefer`` (family -> acronym) or else the
    document's first choice; silent for a member the document explicitly
    distinguishes ("CSEM, a broader category than CSAM");
``case-drift``
    one acronym written in two forms (IIOC and IIoC, SG-CSAM and SG CSAM).

Fails (mismatch)::

    child sexual exploitation material (CSAM)

Passes::

    child sexual abuse material (CSAM) ... CSAM
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from ...terms import Token, Variant, expand_term, variant_text
from ..matcher import TermMatcher
from ..prefilter import matches_at
from ..text import sentences
from . import Acronym, AcrossDocuments, Env, Hit, register

if TYPE_CHECKING:
    from ...document import Document
    from ...errors import Location
    from ...ruleset import Rule
    from ..exemptions import Exemption

CHECKS = ("undefined", "mismatch", "two-expansions", "re-expanded", "family-mix", "case-drift")
STOPWORDS = frozenset("of and in the for to on a an".split())
DISTINGUISH = re.compile(
    r"\b(?:broader|narrower|wider|distinct|differ\w*|different|unlike|whereas|as opposed to|"
    r"not the same|subset|includes?|including|legal category|rather than|in contrast)\b",
    re.IGNORECASE,
)


def initials(expansion: str) -> str:
    """The letters an expansion spells: content words' initials, hyphenated
    parts split, all-capital parts (AI) kept whole."""
    out = []
    for word in re.split(r"\s+", expansion.strip()):
        if word.lower() in STOPWORDS:
            continue
        for part in re.split(r"[-\u2010\u2011/]", word):
            if not part:
                continue
            out.append(part if part.isupper() and len(part) > 1 else part[0].upper())
    return "".join(out)


def _letters(acronym: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", acronym).upper()


def _normal(expansion: str) -> str:
    text = " ".join(expansion.lower().split()).replace("-", " ")
    return re.sub(r"s$", "", text)  # "materials" and "material" are one expansion


@dataclass
class Use:
    start: int
    end: int
    form: str
    acronym: str
    doc: Document
    #: For a definition: its span, its expansion, and whether it is wrong.
    def_span: tuple[int, int] | None = None
    expansion: str | None = None
    mismatch_of: str | None = None  # the acronym the expansion really spells, or "?"

    @property
    def is_definition(self) -> bool:
        return self.def_span is not None


class _Glossary:
    """Matchers built once per configuration from the acronym glossary."""

    def __init__(self, acronyms: dict[str, Acronym]) -> None:
        self.acronyms = acronyms
        self.form_of: dict[str, str] = {}
        for entry in acronyms.values():
            for form in entry.forms:
                self.form_of[form] = entry.acronym
        forms = sorted(self.form_of, key=len, reverse=True)
        body = "|".join(re.escape(f) for f in forms)
        self.pattern = (
            re.compile(rf"(?<![\w-])(?:{body})(?=s\b|'s\b|\u2019s\b|(?![\w-]))") if forms else None
        )
        self.expansions: TermMatcher[str] = TermMatcher(
            (v, entry.acronym)
            for entry in acronyms.values()
            for e in entry.expansions
            for v in expand_term(e)
        )
        #: The forms as phrases (and their plurals), for the engine's one pass:
        #: every match of ``pattern`` starts where one of them does.
        self.phrases: list[Variant] = []
        for form in forms:
            words = [w for w in _SEPARATORS.split(form) if w]
            if words:
                self.phrases.append(tuple(Token(w) for w in words))
                self.phrases.append((*(Token(w) for w in words[:-1]), Token(words[-1] + "s")))
        self.vocabulary = {
            w.lower()
            for entry in acronyms.values()
            for e in entry.expansions
            for w in re.findall(r"\w+", e)
        }


_GLOSSARIES: dict[int, _Glossary] = {}
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011]+")
_AFTER = re.compile(r"\s*\(\s*([^()\r\n]{3,160}?)\s*\)")
_BEFORE_OPEN = re.compile(r"\(\s*$")
# "child sexual abuse material, or CSAM", "... known as CSAM"
_BEFORE_WORDS = re.compile(
    r"(?:,\s*|\s+)(?:or|also\s+known\s+as|known\s+as|hereafter(?:\s+called)?|abbreviated(?:\s+as|\s+to)?|"
    r"referred\s+to\s+as|shortened\s+to)\s+[\"'\u201c\u2018]?$"
)
# "CSAM, or child sexual abuse material", "CSAM stands for ..."
_AFTER_WORDS = re.compile(
    r"[\"'\u201d\u2019]?(?:,\s*|\s+)(?:or|short\s+for|(?:which\s+)?stands?\s+for|meaning|means|i\.e\.,?|"
    r"that\s+is,?)\s+[\"'\u201c\u2018]?([^.;:()\r\n\"\u201d]{3,160})"
)


def _known_at_end(glossary: _Glossary, text: str) -> tuple[str, str] | None:
    """An expansion that ends ``text``: (acronym, expansion text)."""
    best = None
    for s, e, acronyms in glossary.expansions.finditer(text):
        if text[e:].strip() == "" and (best is None or s < best[0]):
            best = (s, acronyms[0])
    if best is None:
        return None
    return best[1], text[best[0] :].strip()


def _known_whole(glossary: _Glossary, text: str) -> str | None:
    for s, e, acronyms in glossary.expansions.finditer(text):
        if s == 0 and text[e:].strip() == "":
            return acronyms[0]
    return None


def _tail(words: list[str], n: int) -> list[str]:
    """The shortest run of last words that holds ``n`` content words."""
    tail: list[str] = []
    count = 0
    for w in reversed(words):
        tail.insert(0, w)
        if w.lower() not in STOPWORDS:
            count += 1
        if count == n:
            return tail
    return []


def analyse(doc: Document, glossary: _Glossary) -> list[Use]:
    key = ("acronyms", id(glossary))
    cached = doc.cache.get(key)
    if isinstance(cached, list):
        return cached
    uses: list[Use] = []
    text = doc.text
    if glossary.pattern is not None:
        starts = doc.cache.get(("starts", glossary))  # from the engine's one pass
        if isinstance(starts, list):
            spans = matches_at(glossary.pattern, text, starts)
        else:
            spans = [m.span() for m in glossary.pattern.finditer(text)]
        for start, end in spans:
            form = text[start:end]
            use = Use(start, end, form, glossary.form_of[form], doc)
            _definition(use, doc, glossary)
            uses.append(use)
    doc.cache[key] = uses
    return uses


def _definition(use: Use, doc: Document, glossary: _Glossary) -> None:
    for start, end, expansion in doc.definitions:  # <abbr title="expansion">ACR</abbr>
        if start <= use.start and use.end <= end:
            use.def_span, use.expansion = (use.start, use.end), expansion
            known = _known_whole(glossary, expansion)
            if known is not None and _letters(known) != _letters(use.acronym):
                use.mismatch_of = known
            return
    text = doc.text
    letters = _letters(use.acronym)
    s_start, _ = sentences(doc).span(use.start)
    # "expansion (ACR)"
    before = text[s_start : use.start]
    # "(CSAM)", "(CSAMs)", "(CSEM, formerly called ...)"
    after_close = re.match(
        r"\s*(?:s|'s)?\s*(?:[,;][^()\r\n]{0,120})?\)", text[use.end : use.end + 130]
    )
    if _BEFORE_OPEN.search(before) and after_close:
        head = before[: _BEFORE_OPEN.search(before).start()]  # type: ignore[union-attr]
        words = head.split()
        known = _known_at_end(glossary, head)
        if known is not None:
            acronym, expansion = known
            start = use.start - len(before) + head.rstrip().rfind(expansion)
            use.def_span = (start, use.end + after_close.end())
            use.expansion = expansion
            if acronym != use.acronym and _letters(acronym) != letters:
                use.mismatch_of = acronym
            return
        for n in range(len(letters), 0, -1):
            tail = _tail(words, n)
            if tail and initials(" ".join(tail)) == letters:
                break
        else:
            # Not a correct expansion: a wrong one if it is made of glossary words.
            tail = _tail(words, len(letters))
            content = [w for w in tail if w.lower() not in STOPWORDS]
            if len(content) < 2 or not all(
                w.lower().strip(",;:") in glossary.vocabulary for w in content
            ):
                return
            use.mismatch_of = "?"
        candidate = " ".join(tail)
        start = use.start - len(before) + head.rfind(tail[0])
        use.def_span = (start, use.end + after_close.end())
        use.expansion = candidate
        return
    # "expansion, or ACR", "expansion, known as ACR"
    words_before = _BEFORE_WORDS.search(before, max(0, len(before) - 80))
    if words_before:
        head = before[: words_before.start()]
        known = _known_at_end(glossary, head)
        tail = None
        if known is not None:
            acronym, expansion = known
            if acronym == use.acronym or _letters(acronym) == letters:
                tail = expansion
        else:
            for n in range(len(letters), 0, -1):
                candidate = _tail(head.split(), n)
                if candidate and initials(" ".join(candidate)) == letters:
                    tail = " ".join(candidate)
                    break
        if tail is not None:
            start = use.start - len(before) + head.rstrip().rfind(tail)
            use.def_span = (start, use.end)
            use.expansion = tail
            return
    # "ACR, or expansion", "ACR stands for expansion"
    m = _AFTER_WORDS.match(text, use.end)
    if m:
        words = m.group(1).split()
        for n in range(min(len(words), len(letters) + 4), 0, -1):
            candidate = " ".join(words[:n]).rstrip(",")
            if _known_whole(glossary, candidate) == use.acronym or (
                initials(candidate) == letters and words[n - 1].lower() not in STOPWORDS
            ):
                use.def_span = (use.start, m.start(1) + len(candidate))
                use.expansion = candidate
                return
    # "ACR (expansion)"
    m = _AFTER.match(text, use.end)
    if m:
        inner = m.group(1).strip(" \"'“”")
        if re.fullmatch(r"[\d\s,.;:-]+|[A-Z0-9-]+s?", inner):
            return  # a year, a page, another acronym
        known_acronym = _known_whole(glossary, inner)
        if initials(inner) == letters or known_acronym == use.acronym:
            use.def_span = (use.start, m.end())
            use.expansion = inner
        elif known_acronym is not None:
            use.def_span = (use.start, m.end())
            use.expansion = inner
            use.mismatch_of = known_acronym
        else:
            content = [w for w in re.findall(r"[\w-]+", inner) if w.lower() not in STOPWORDS]
            if len(content) >= 2 and all(w.lower() in glossary.vocabulary for w in content):
                use.def_span = (use.start, m.end())
                use.expansion = inner
                use.mismatch_of = "?"


def _parse_check(value: Any, loc: Location) -> str:
    if value not in CHECKS:
        raise ValueError(f"must be one of {', '.join(CHECKS)}, not {value!r}")
    return str(value)


def _parse_prefer(value: Any, loc: Location) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ValueError("must map family names to acronyms")
    return dict(value)


@register
class AcronymKind(AcrossDocuments):
    name = "acronym"
    summary = "acronyms defined on first use, spelled right and used consistently"
    needs_terms = False
    fields: ClassVar[dict[str, Callable[[Any, Location], Any]]] = {
        "check": _parse_check,
        "prefer": _parse_prefer,
    }

    @classmethod
    def validate(cls, rule: Rule) -> str | None:
        if "check" not in rule.options:
            return f"an 'acronym' rule needs 'check' (one of {', '.join(CHECKS)})"
        if rule.terms or rule.patterns:
            return "an 'acronym' rule takes its acronyms from the glossary, not 'terms'"
        return None

    def bind(self, env: Env) -> None:
        super().bind(env)
        key = id(env.acronyms)
        if key not in _GLOSSARIES:
            _GLOSSARIES.clear()
            _GLOSSARIES[key] = _Glossary(env.acronyms)
        self.glossary = _GLOSSARIES[key]

    def starts(self) -> dict[Hashable, list[Variant]]:
        return {self.glossary: self.glossary.phrases} if self.glossary.pattern else {}

    def check_documents(
        self,
        docs: Sequence[Document],
        exempt: Callable[[Document, int, int], Exemption | None],
    ) -> list[list[Hit]]:
        """One analysis over all documents in order: a definition in chapter 1
        serves chapter 2."""

        def counted(use: Use) -> bool:
            why = exempt(use.doc, use.start, use.end)
            # An acronym standing after a name it abbreviates is still an acronym.
            return why is None or why.label.startswith("proper name")

        uses = []
        check = self.rule.options["check"]
        for doc in docs:
            # The acronym rules share one filtered list per document; the
            # check for undefined acronyms also reads definitions in quotations.
            key = ("acronym-uses", id(self.glossary), check == "undefined")
            if key not in doc.cache:
                doc.cache[key] = [
                    u
                    for u in analyse(doc, self.glossary)
                    if counted(u) or (check == "undefined" and u.is_definition)
                ]
            uses.extend(doc.cache[key])  # type: ignore[arg-type]
        if check == "undefined":
            found = self._undefined(uses, counted)
        else:
            found = getattr(self, "_" + check.replace("-", "_"))(uses)
        out: list[list[Hit]] = [[] for _ in docs]
        index = {id(d): i for i, d in enumerate(docs)}
        for doc, hit in found:
            out[index[id(doc)]].append(hit)
        return out

    # each check -------------------------------------------------------------

    def _undefined(
        self, uses: list[Use], counted: Callable[[Use], bool]
    ) -> list[tuple[Document, Hit]]:
        """The first use of each acronym, unless it is a definition; a
        definition inside a quotation also defines it for the reader."""
        hits, seen = [], set()
        for use in uses:
            entry = self.glossary.acronyms[use.acronym]
            if use.acronym in seen or entry.proper_name:
                continue
            if not counted(use):
                seen.add(use.acronym)  # a quoted definition
                continue
            seen.add(use.acronym)
            if not use.is_definition:
                expansion = min(
                    (variant_text(v) for v in expand_term(entry.expansions[0])), key=len
                )
                hits.append(
                    (
                        use.doc,
                        Hit(
                            use.start,
                            use.end,
                            message=f"'{use.form}' is used before it is defined; "
                            f"write '{expansion} ({use.acronym})' on first use.",
                        ),
                    )
                )
        return hits

    def _mismatch(self, uses: list[Use]) -> list[tuple[Document, Hit]]:
        hits = []
        for use in uses:
            if use.mismatch_of is None or use.def_span is None:
                continue
            entry = self.glossary.acronyms[use.acronym]
            right = min((variant_text(v) for v in expand_term(entry.expansions[0])), key=len)
            really = (
                f" (that is {use.mismatch_of})" if use.mismatch_of not in ("?", use.acronym) else ""
            )
            hit = Hit(
                *use.def_span,
                message=f"'{use.expansion}' does not spell {use.acronym}{really}; "
                f"{use.acronym} is '{right}'.",
                replacements=(f"{right} ({use.acronym})",),
            )
            hits.append((use.doc, hit))
        return hits

    def _redefinitions(self, uses: list[Use]) -> Iterator[tuple[str, Use, Use, bool]]:
        """(acronym, first definition, later definition, same expansion?)."""
        firsts: dict[str, Use] = {}
        for use in uses:
            if not use.is_definition or use.mismatch_of is not None:
                continue
            first = firsts.setdefault(use.acronym, use)
            if first is not use:
                same = _normal(use.expansion or "") == _normal(first.expansion or "")
                yield use.acronym, first, use, same

    def _two_expansions(self, uses: list[Use]) -> list[tuple[Document, Hit]]:
        return [
            (
                later.doc,
                Hit(
                    *later.def_span,  # type: ignore[misc]
                    message=f"{acronym} was defined as '{first.expansion}' "
                    f"{_where(first, later)}; here it is '{later.expansion}'.",
                ),
            )
            for acronym, first, later, same in self._redefinitions(uses)
            if not same
        ]

    def _re_expanded(self, uses: list[Use]) -> list[tuple[Document, Hit]]:
        return [
            (
                later.doc,
                Hit(
                    *later.def_span,  # type: ignore[misc]
                    message=f"{acronym} is already defined {_where(first, later)}; "
                    f"use the acronym alone.",
                    replacements=(later.form,),
                ),
            )
            for acronym, first, later, same in self._redefinitions(uses)
            if same
        ]

    def _family_mix(self, uses: list[Use]) -> list[tuple[Document, Hit]]:
        prefer: dict[str, str] = self.rule.options.get("prefer", {})
        by_family: dict[str, list[Use]] = {}
        for use in uses:
            family = self.glossary.acronyms[use.acronym].family
            if family:
                by_family.setdefault(family, []).append(use)
        hits = []
        for family, members in by_family.items():
            used = list(dict.fromkeys(u.acronym for u in members))
            if len(used) < 2 and not (prefer.get(family) and used and used[0] != prefer[family]):
                continue
            chosen = prefer.get(family) or used[0]
            distinguished = set()
            for acronym in used:
                first = next(u for u in members if u.acronym == acronym)
                s_start, s_end = sentences(first.doc).span(first.start)
                if DISTINGUISH.search(first.doc.text, s_start, s_end):
                    distinguished.add(acronym)
            for use in members:
                if use.acronym == chosen or use.acronym in distinguished:
                    continue
                hit = Hit(
                    use.start,
                    use.end,
                    message=f"This text uses {chosen} for the same kind of thing; "
                    f"use one acronym, or say how {use.acronym} differs.",
                    replacements=(chosen,),
                )
                hits.append((use.doc, hit))
        return hits

    def _case_drift(self, uses: list[Use]) -> list[tuple[Document, Hit]]:
        first_form: dict[str, str] = {}
        hits = []
        for use in uses:
            chosen = first_form.setdefault(use.acronym, use.form)
            if use.form != chosen:
                hit = Hit(
                    use.start,
                    use.end,
                    message=f"'{use.form}' is written '{chosen}' elsewhere in this text.",
                    replacements=(chosen,),
                )
                hits.append((use.doc, hit))
        return hits


def _where(first: Use, later: Use) -> str:
    line = first.doc.index.position(first.start)[0]
    if first.doc is later.doc:
        return f"on line {line}"
    return f"in {first.doc.path} on line {line}"
