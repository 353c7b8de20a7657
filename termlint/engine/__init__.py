"""Stage 4: the engine. Compiles all rules once, then checks documents.

1. One :class:`~termlint.engine.matcher.TermMatcher` holds every phrase of every
   rule; one :class:`~termlint.engine.matcher.PatternMatcher` every regex.
2. Each raw match is handed to its rule's kind, which accepts or rejects it.
3. Exemptions (protected names, per-rule exceptions) silence matches that lie
   inside a protected span; silenced findings are kept for ``--show-suppressed``.
4. Where one finding's span contains another's and it is at least as severe,
   or of the same rule, only the containing (more specific) finding is kept.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..casing import match_case
from ..document import Document
from ..edits import plan_edit
from ..elision import LANGUAGES as ELIDING
from ..elision import adjust_document
from ..errors import RunawayPattern, did_you_mean
from ..findings import Finding, document_order, severity_rank
from ..language import AUTO, document_paragraphs
from ..suppression import directives, suppressing
from ..terms import Variant, expand_term
from .exemptions import CueDetector, Exemption, Exemptions, Protected, Settings, cue_spans
from .kinds import LANGUAGE_AT, Acronym, AcrossDocuments, Env, Hit, Kind
from .kinds.consistency import COLUMN
from .matcher import SEP, PatternMatcher, TermMatcher, canonical, forget_lowered, time_limit
from .prefilter import leading_tokens, leading_words
from .referents import ChildReferent
from .userpattern import ShortPattern, UserPattern

if TYPE_CHECKING:
    from ..ruleset import DetectorSpec, Name, Rule


#: What a payload of the one phrase matcher is: a rule's phrase, a protected
#: name, an exemption detector's cue, or a word whose starts something wants
#: (a pattern's literal start, see :mod:`~termlint.engine.prefilter`).
_RULE, _NAME, _CUE, _START = 0, 1, 2, 3


#: A hyphen with space around it in a match broken across lines ("child -⏎pornography").
_SHOWN_HYPHEN = re.compile(r" ?[-\u2010\u2011] ")


class _Hit(NamedTuple):  # a named tuple: quick to load from the cache
    rule: Rule
    variant: Variant | None  # None for pattern matches


def _case_matches(matched: str, variant: Variant) -> bool:
    words = [canonical(w) for w in SEP.split(matched) if w]
    if len(words) != len(variant):
        return False
    for word, token in zip(words, variant, strict=True):
        text = canonical(token.text)
        if token.wild:
            if not word.startswith(text):
                return False
        elif word != text:
            return False
    return True


def _frame(patterns: tuple[str, ...], anchor: str) -> ShortPattern | None:
    """One pattern for a detector's ``before`` alternatives (anchored at the
    match's start) or ``after`` ones (matched at its end)."""
    if not patterns:
        return None
    return ShortPattern("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + anchor)


def _frame_words(patterns: tuple[str, ...]) -> tuple[str, ...] | None:
    """A quick test for a detector's ``before`` frames: the words every frame
    starts with (None when some frame starts otherwise). A frame is searched
    for, in the regex engine, only where one of its words is in reach."""
    words: set[str] = set()
    for p in patterns:
        found = leading_words(p)
        if found is None:
            return None
        words.update(found)
    return tuple(sorted(words)) or None


def _settings(specs: dict[str, DetectorSpec], quotations: str | None) -> Settings:
    settings = Settings()
    for name, spec in specs.items():
        if name == "quotations":
            settings.quotations = spec.effect
        elif name == "titles":
            settings.titles = spec.effect
        elif name == "proper-names":
            settings.proper_names = spec.effect
        elif name == "title-line":
            settings.title_line = spec.effect
        else:
            variants = [v for c in spec.cues for v in expand_term(c)]
            settings.cue_detectors.append(
                CueDetector(
                    name=name,
                    cues=TermMatcher((v, True) for v in variants) if variants else None,
                    cue_variants=variants,
                    patterns=(
                        UserPattern.ignoring_case("|".join(f"(?:{p})" for p in spec.cue_patterns))
                        if spec.cue_patterns
                        else None
                    ),
                    effect=spec.effect,
                    window=spec.window,
                    rules=frozenset(spec.rules) if spec.rules is not None else None,
                    sentence=spec.sentence,
                    before=_frame(spec.before, r"\Z"),
                    before_words=_frame_words(spec.before),
                    after=_frame(spec.after, ""),
                    unless_before=_frame(spec.unless_before, r"\Z"),
                    unless_after=_frame(spec.unless_after, ""),
                    terms=TermMatcher((v, True) for t in spec.terms for v in expand_term(t))
                    if spec.terms
                    else None,
                    register=spec.register,
                    register_unless=TermMatcher(
                        (v, True) for t in spec.register.unless for v in expand_term(t)
                    )
                    if spec.register is not None and spec.register.unless
                    else None,
                )
            )
    if quotations is not None:
        settings.quotations = quotations
    return settings


class Engine:
    """All rules of one configuration, compiled once."""

    def __init__(
        self,
        rules: Sequence[Rule],
        names: Sequence[Name] = (),
        exemptions: dict[str, DetectorSpec] | None = None,
        *,
        quotations: str | None = None,
        acronyms: dict[str, Acronym] | None = None,
        locale: str | None = None,
        child_referent: tuple[Sequence[str], Sequence[str], Sequence[str]] = ((), (), ()),
        language: str = "auto",
    ) -> None:
        self.rules = {r.id: r for r in rules}
        self._category = {r.id: r.category for r in rules}
        #: The language each rule is written for (rules of packs that say).
        self._rule_languages = {r.id: r.language for r in rules if r.language is not None}
        self.language = language
        #: The languages acronyms of the glossary are written for.
        self._acronym_languages = frozenset(
            a.language for a in (acronyms or {}).values() if a.language is not None
        )
        #: Replacements that read naturally next to certain words, by rule.
        self._in_context = {
            r.id: [
                (
                    ShortPattern(f"(?:{before})\\Z") if before else None,
                    ShortPattern(after) if after else None,
                    use,
                    fixable,
                )
                for before, after, use, fixable in r.options["replacements-in-context"]
            ]
            for r in rules
            if "replacements-in-context" in r.options
        }
        self._kinds: dict[str, Kind] = {r.id: r.kind_impl() for r in rules}
        words, child_patterns, excepted = child_referent
        env = Env(
            acronyms=dict(acronyms or {}),
            locale=locale,
            child_referent=ChildReferent.build(list(words), list(child_patterns), list(excepted))
            if words or child_patterns
            else None,
        )
        for kind in self._kinds.values():
            kind.bind(env)
        #: The kinds that judge each match (others take every match).
        self._accepting = {
            rid: kind.accept
            for rid, kind in self._kinds.items()
            if type(kind).accept is not Kind.accept
        }
        self._independent = frozenset(
            rid for rid, kind in self._kinds.items() if not kind.nests_with_others
        )
        #: The spelling axes (consistency kinds): messages follow the document's.
        self._spellings = [k for k in self._kinds.values() if hasattr(k, "respellings")]
        self._doc_kinds = [
            k
            for k in self._kinds.values()
            if type(k).check_document is not Kind.check_document
            or type(k).check_documents is not Kind.check_documents
        ]
        self._patterns: PatternMatcher[_Hit] = PatternMatcher(
            (
                UserPattern.ignoring_case(p if not r.case_sensitive else f"(?-i:{p})"),
                _Hit(r, None),
            )
            for r in rules
            for p in r.patterns
        )
        protected: list[tuple[Variant, tuple[str | None, str]]] = []
        for name in names:
            label = f"{name.label}: {name.phrase}"
            protected.extend((v, (None, label)) for v in expand_term(name.phrase))
        for r in rules:
            for phrase in r.exceptions:
                protected.extend((v, (r.id, f"exception: {phrase}")) for v in expand_term(phrase))
        settings = _settings(exemptions or {}, quotations)
        self._exemptions = Exemptions(TermMatcher(protected), settings)
        # One matcher, one pass over the text, for the phrases of every rule,
        # the protected names and the exemption detectors' cue phrases alike:
        # each pass of a large expression costs about 15 ms a megabyte even
        # where nothing matches. Payloads are tagged with what they are.
        self._cue_detectors = [d for d in settings.cue_detectors if d.cues is not None]
        # Where the phrase pass finds the starts that patterns and kinds want.
        wanted: dict[Any, list[Variant]] = {}
        for i, words in self._patterns.words.items():
            wanted[("pattern", i)] = [(t,) for t in words]
        self._cue_patterns: dict[int, CueDetector] = {}
        for i, d in enumerate(settings.cue_detectors):
            tokens = leading_tokens(d.patterns.pattern) if d.patterns is not None else None
            if tokens is not None:
                wanted[("cue", i)] = [(t,) for t in tokens]
                self._cue_patterns[i] = d
        kind_keys: dict[Any, None] = {}
        for kind in self._kinds.values():
            for key, variants in kind.starts().items():
                wanted.setdefault(key, variants)
                kind_keys[key] = None
        self._wanted = list(wanted)
        self._kind_keys = list(kind_keys)  # left in ``doc.cache`` for the kinds
        self._terms: TermMatcher[tuple[int, Any]] = TermMatcher(
            [
                *(
                    (v, (_RULE, _Hit(r, v)))
                    for r in rules
                    for term in self._kinds[r.id].terms()
                    for v in expand_term(term)
                ),
                *((v, (_NAME, payload)) for v, payload in protected),
                *(
                    (v, (_CUE, i))
                    for i, d in enumerate(self._cue_detectors)
                    for v in d.cue_variants
                ),
                *((v, (_START, key)) for key, variants in wanted.items() for v in variants),
            ]
        )

    def with_language(self, language: str) -> Engine:
        """This engine (the same compiled rules) with another ``language``
        setting: ``auto`` or an ISO 639-1 code."""
        other = copy.copy(self)
        other.language = language
        return other

    def _language_at(self) -> Callable[[Document, int], str] | None:
        """The language of the paragraph at an offset of a document, or None
        when the run does not tell languages apart (no rule or acronym is
        written for a language, or only for English and paragraphs are
        identified: the run never reads another)."""
        written = frozenset(self._rule_languages.values()) | self._acronym_languages
        if not written:
            return None
        fixed = self.language
        if fixed != AUTO:
            return lambda _doc, _offset: fixed
        if written <= {"en"}:
            return None
        return lambda doc, offset: document_paragraphs(doc, written, "en").at(offset) or "en"

    def _language_test(self) -> Callable[[Document, int, str], bool] | None:
        """Whether a match of a rule at an offset of a document stands in a
        paragraph of the rule's language; None when every match does (no
        rule is written for one language, or every such rule for English
        and paragraphs are identified: the run never reads another)."""
        languages = self._rule_languages
        if not languages:
            return None
        at = self._language_at()
        if at is None:
            return None

        def test(doc: Document, offset: int, rule_id: str) -> bool:
            wanted = languages.get(rule_id)
            return wanted is None or at(doc, offset) == wanted

        return test

    def _respellings(self, doc: Document) -> dict[str, str]:
        """How to write messages and suggestions in the spelling ``doc``
        follows (the pack writes them in one spelling): for each spelling
        axis the document follows, the other column's words and their
        counterparts. Empty when the document follows the pack's own."""
        out: dict[str, str] = {}
        for kind in self._spellings:
            column = kind.column_of(doc)
            if column is not None:
                out.update(kind.respellings(column))
        return out

    def _natural(
        self, doc: Document, start: int, end: int, rule_id: str, replacements: tuple[str, ...]
    ) -> tuple[tuple[str, ...], bool | None]:
        """The rule's replacements, led by one that reads naturally next to
        the match's neighbours ("images of child pornography": "child sexual
        abuse", not "child sexual abuse material"), and whether it may be
        applied (None: as the rule says)."""
        text = doc.text
        try:
            for before, after, use, fixable in self._in_context[rule_id]:
                if (before is not None and before.search(text, max(0, start - 80), start)) or (
                    after is not None and after.match(text, end, end + 80)
                ):
                    return (use, *(r for r in replacements if r != use)), fixable
        except TimeoutError:
            raise RunawayPattern([rule_id], 1.0) from None
        return replacements, None

    def prepare(self) -> None:
        """Compile the phrase matcher now rather than on the first document."""
        self._terms.prepare()

    def is_document_level(self, rule_id: str) -> bool:
        """Whether a rule judges the document as a whole (acronyms, spelling)."""
        kind = self._kinds.get(rule_id)
        return kind is not None and kind in self._doc_kinds

    def _matches(self, doc: Document, only: frozenset[str] | None = None) -> list[tuple[Rule, Hit]]:
        """Term and pattern matches that the rules' kinds accept (of the
        rules ``only`` names, if given)."""
        text = doc.text
        seen: set[tuple[int, int, str]] = set()
        out: list[tuple[Rule, Hit]] = []
        accepting = self._accepting

        def add(start: int, end: int, rule: Rule) -> None:
            key = (start, end, rule.id)
            if key in seen:
                return
            seen.add(key)
            accept = accepting.get(rule.id)
            if accept is None or accept(doc, start, end):
                out.append((rule, Hit(start, end)))

        protected = Protected()
        cues: list[list[tuple[int, int]]] = [[] for _ in self._cue_detectors]
        starts: dict[Any, list[int]] = {key: [] for key in self._wanted}
        # Kinds judge their matches once the pass has left what they ask for
        # (cue phrases, the starts of child words...) in ``doc.cache``.
        pending: list[tuple[int, int, Rule]] = []
        for start, end, payloads in self._terms.finditer(text):
            for tag, payload in payloads:
                if tag == _RULE:
                    if only is not None and payload.rule.id not in only:
                        continue
                    if (
                        payload.rule.case_sensitive
                        and payload.variant is not None
                        and not _case_matches(text[start:end], payload.variant)
                    ):
                        continue
                    pending.append((start, end, payload.rule))
                elif tag == _NAME:
                    protected.spans.append((start, end, *payload))
                elif tag == _CUE:
                    cues[payload].append((start, end))
                else:
                    starts[payload].append(start)
        forget_lowered()  # the phrase matchers that follow look at short pieces only
        doc.cache[("protected", id(self))] = protected.finish()
        for detector, spans in zip(self._cue_detectors, cues, strict=True):
            doc.cache[("cue-phrases", id(detector))] = spans
        for i, detector in self._cue_patterns.items():
            doc.cache[("cue-pattern-starts", id(detector))] = starts[("cue", i)]
        for key in self._kind_keys:
            doc.cache[("starts", key)] = starts[key]
        for start, end, rule in pending:
            add(start, end, rule)
        if only is not None and not any(self.rules[r].patterns for r in only):
            return out
        limit = time_limit(text)
        candidates = {i: starts[("pattern", i)] for i in self._patterns.words}
        try:
            for start, end, hit in self._patterns.finditer(text, candidates, timeout=limit):
                add(start, end, hit.rule)
        except TimeoutError:
            culprits = self._patterns.culprits(text, limit)
            raise RunawayPattern(dict.fromkeys(h.rule.id for h in culprits), limit) from None
        return out

    def check(
        self, doc: Document, *, keep_suppressed: bool = False, report_unused: bool = False
    ) -> list[Finding]:
        """All findings in ``doc``, sorted by position.

        With ``keep_suppressed``, findings silenced by an exemption or a
        suppression comment are included with ``suppressed_by`` set. With
        ``report_unused``, suppression comments that silenced nothing are
        reported.
        """
        return self.check_many([doc], keep_suppressed=keep_suppressed, report_unused=report_unused)[
            0
        ]

    def check_many(
        self,
        docs: Sequence[Document],
        *,
        keep_suppressed: bool = False,
        report_unused: bool = False,
        document_hits: Sequence[dict[str, list[Hit]]] | None = None,
    ) -> list[list[Finding]]:
        """Check documents that form one whole (a manuscript in chapters):
        document-level rules (acronyms, spelling) look across all of them.
        ``document_hits``: for each document, the hits of the document-level
        rules, already judged (a piece of a file, see :meth:`check_piece`)."""
        deciding = _Deciding(self)
        raw = [self._matches(doc) for doc in docs]
        in_language = self._language_test()
        language_at = self._language_at()
        for doc in docs:
            # kinds that judge by language (acronyms) read it from here
            doc.cache[LANGUAGE_AT] = language_at
        for kind in self._doc_kinds:
            if document_hits is not None:
                judged = [given.get(kind.rule.id, []) for given in document_hits]
            else:
                judged = kind.check_documents(docs, deciding.exempt(kind, in_language))
                # judged from the start of the file: a piece of one starts further on
                judged = [
                    [_moved(h, -doc.base) for h in hits] if doc.base else hits
                    for doc, hits in zip(docs, judged, strict=True)
                ]
            for i, hits in enumerate(judged):
                raw[i].extend((kind.rule, h) for h in hits)
        if in_language is not None:
            raw = [
                [
                    (rule, hit)
                    for rule, hit in hits
                    if hit.language is not None or in_language(doc, hit.start, rule.id)
                ]
                for doc, hits in zip(docs, raw, strict=True)
            ]
        results = [
            self._findings(doc, hits, deciding.decide, keep_suppressed, deciding.wording)
            if hits
            else []
            for doc, hits in zip(docs, raw, strict=True)
        ]
        for doc, findings in zip(docs, results, strict=True):
            if doc.comments:
                findings.extend(self._directive_findings(doc, report_unused))
                findings.sort(key=document_order)
        return results

    # A large file in pieces (``--jobs``) -------------------------------------
    #
    # Each piece is a span of the file with some text around it as context
    # (cut where no construct of the format or quotation crosses, see
    # termlint.formats.split). First every piece is surveyed (:meth:`survey`):
    # what the whole document decides is counted or observed in its span;
    # :meth:`whole` decides it from the surveys of all pieces, in order; then
    # each piece is checked with it (:meth:`check_piece`), and its findings
    # are those of the whole document there.

    def unsplittable(self) -> str | None:
        """Why a file cannot be checked in pieces with this configuration (a
        document-level rule that reads the whole text, or a document-wide
        register that could exempt what such a rule counts), or None."""
        for kind in self._doc_kinds:
            if not isinstance(kind, AcrossDocuments):
                return f"rule {kind.rule.id} reads the whole document"
        judged = {kind.rule.id for kind in self._doc_kinds}
        for detector in self._exemptions.settings.cue_detectors:
            if (
                detector.register is not None
                and detector.effect != "flag"
                and (detector.rules is None or detector.rules & judged)
            ):
                return (
                    f"the register of exemption '{detector.name}' applies to acronyms or spelling"
                )
        return None

    def survey(self, doc: Document, core: tuple[int, int]) -> Survey:
        """What the piece ``doc`` holds, in ``core`` (its own span of the
        file; the rest is context), of what the whole document decides."""
        lo, hi = core
        text = doc.text
        if doc.base:
            doc.cache["title-line"] = ()  # the file's first line is in the first piece
        judged = frozenset(kind.rule.id for kind in self._doc_kinds)
        self._matches(doc, only=judged)
        found = Survey(
            words=text.count(" ", lo, hi) + text.count("\n", lo, hi),
            directives=bool(doc.comments and directives(doc)),
        )
        for i, detector in enumerate(self._exemptions.settings.cue_detectors):
            if detector.register is not None:
                starts = cue_spans(detector, doc)[0]
                found.cues[i] = bisect.bisect_left(starts, hi) - bisect.bisect_left(starts, lo)
        for kind in self._spellings:
            found.columns[kind.rule.id] = kind.column_counts(doc, core)
        for kind in self._kinds.values():
            for key, phrases in kind.document_phrases().items():
                found.present[key] = False
                for s, _, _ in phrases.finditer(text):
                    if s >= lo:
                        found.present[key] = s < hi
                        break
        deciding = _Deciding(self)
        in_language = self._language_test()
        doc.cache[LANGUAGE_AT] = self._language_at()
        for kind in self._doc_kinds:
            assert isinstance(kind, AcrossDocuments)
            exempt = deciding.exempt(kind, in_language)
            found.observed[kind.rule.id] = kind.observe(
                doc, lambda s, e, exempt=exempt: exempt(doc, s, e), core
            )
        return found

    def whole(self, surveys: Sequence[Survey]) -> Whole:
        """What the whole document decides, from the surveys of its pieces in
        order: the registers it is in, the spelling it follows, the phrases
        it holds, and the hits of its document-level rules (positions from
        the start of the file)."""
        out = Whole()
        words = sum(s.words for s in surveys) + 1  # as exemptions count a text's words
        for i, detector in enumerate(self._exemptions.settings.cue_detectors):
            register = detector.register
            if register is not None:
                cues = sum(s.cues.get(i, 0) for s in surveys)
                out.registers[i] = cues >= register.cues and cues * register.per_words >= words
        for kind in self._spellings:
            counts = [sum(s.columns[kind.rule.id][c] for s in surveys) for c in (0, 1)]
            out.columns[kind.rule.id] = kind.column_of_counts(counts)
        for s in surveys:
            for key, present in s.present.items():
                out.present[key] = out.present.get(key, False) or present
        for kind in self._doc_kinds:
            assert isinstance(kind, AcrossDocuments)
            merged = kind.merge([s.observed[kind.rule.id] for s in surveys])
            hits = kind.judge([merged], [""])[0]
            out.hits[kind.rule.id] = sorted(hits, key=lambda h: h.start)
        return out

    def check_piece(
        self,
        doc: Document,
        whole: Whole,
        core: tuple[int, int],
        *,
        keep_suppressed: bool = False,
    ) -> list[Finding]:
        """The findings of the whole document that start in ``core`` of the
        piece ``doc`` (see :meth:`survey`), at their places in the file."""
        base = doc.base
        if base:
            doc.cache["title-line"] = ()
        for i, detector in enumerate(self._exemptions.settings.cue_detectors):
            if i in whole.registers:
                doc.cache[("register", id(detector))] = whole.registers[i]
        for rule_id, column in whole.columns.items():
            doc.cache[(COLUMN, rule_id)] = column
        doc.cache.update(whole.present)
        end = base + len(doc.text)
        hits = {
            rule_id: [_moved(h, -base) for h in found if base <= h.start and h.end <= end]
            for rule_id, found in whole.hits.items()
        }
        (findings,) = self.check_many([doc], keep_suppressed=keep_suppressed, document_hits=[hits])
        lo, hi = core
        return [
            f.moved(base, doc.base_lines) if base or doc.base_lines else f
            for f in findings
            if lo <= f.offset < hi
        ]

    def _directive_findings(self, doc: Document, report_unused: bool) -> list[Finding]:
        """Suppression comments that name unknown rules, or silenced nothing."""
        out = []
        for d in directives(doc):
            problem = None
            unknown = [r for r in d.rules if not any(rid.startswith(r) for rid in self.rules)]
            if unknown:
                problem = f"unknown rule id '{unknown[0]}'{did_you_mean(unknown[0], self.rules)}"
            elif report_unused and not d.used:
                problem = "suppresses nothing"
            if problem is None:
                continue
            out.append(
                Finding.at(
                    doc,
                    d.start,
                    d.end,
                    rule="termlint.suppression",
                    severity="warning",
                    message=f"'{d.describe()}' {problem}.",
                    replacements=(),
                    fixable=False,
                )
            )
        return out

    def _findings(
        self,
        doc: Document,
        raw: list[tuple[Rule, Hit]],
        decide: Callable[[Document, int, int, str], Exemption | None],
        keep_suppressed: bool,
        wording: Callable[[Document, int, int, str], Exemption | None],
    ) -> list[Finding]:
        findings: list[Finding] = []
        # findings name their language where the run tells languages apart
        languages = self._rule_languages if self._language_test() is not None else {}
        respell = self._respellings(doc)
        respelt: dict[tuple[str, tuple[str, ...]], tuple[tuple[str, ...], str]] = {}
        for rule, hit in raw:
            start, end = hit.start, hit.end
            language = languages.get(rule.id) if hit.language is None else hit.language
            exemption = decide(doc, start, end, rule.id)
            if (
                exemption is not None
                and not exemption.fixed_wording
                and not self._kinds[rule.id].usage_exemptions
            ):
                exemption = None  # e.g. a legal definition says nothing about spelling
            suppressed = note = None
            severity = hit.severity or rule.severity
            directive = suppressing(doc, rule.id, start, end) if doc.comments else None
            if directive is not None:
                if not keep_suppressed:
                    continue
                suppressed = f"suppression: {directive.describe()}"
            elif exemption is not None:
                if exemption.effect == "ignore":
                    if not keep_suppressed:
                        continue
                    suppressed = exemption.label
                else:
                    severity, note = "info", exemption.label
            # the matched words as a reader sees them, without markup
            matched = _SHOWN_HYPHEN.sub(
                "-",
                " ".join(doc.text[start:end].split()) or " ".join(doc.source[start:end].split()),
            )
            replacements = hit.replacements if hit.replacements is not None else rule.replacements
            may_fix = rule.fixable if hit.fixable is None else hit.fixable
            if rule.id in self._in_context and replacements:
                replacements, in_context = self._natural(doc, start, end, rule.id, replacements)
                may_fix = may_fix if in_context is None else in_context
            # a document's title line is authorial wording: still fixable
            fixable = may_fix and bool(replacements) and note in (None, "document title")
            if (
                fixable
                and exemption is None
                and self._exemptions.wording_reported
                and self._kinds[rule.id].usage_exemptions
            ):
                # a configuration may report quotations or mentions, but fix
                # never rewrites them (spelling kinds skip such uses themselves)
                fixable = wording(doc, start, end, rule.id) is None
            written = language or rule.language
            if fixable and written in ELIDING and start < end:
                # French elision: "la prostitution" -> "l'exploitation"
                change = adjust_document(
                    written, doc.source, doc.text, start, doc.text[start:end], replacements[0]
                )
                if isinstance(change, str):
                    fixable = False
                    elision_note = f" Not fixed automatically: {change}."
                else:
                    elision_note = ""
            else:
                elision_note = ""
            if respell and not hit.message:
                key = (rule.id, replacements)
                if key not in respelt:
                    respelt[key] = (
                        tuple(_respell(r, respell) for r in replacements),
                        _respell(rule.message, respell),
                    )
                replacements, template = respelt[key]
                message = rule.format_message(matched, replacements, template=template)
            else:
                message = hit.message or rule.format_message(matched, replacements)
            message += elision_note
            if fixable and (doc.names or doc.source[start:end] != doc.text[start:end]):
                # only the words that change are rewritten, never markup (a
                # span without markup can always be rewritten)
                edit = plan_edit(doc.source, doc.text, start, end, replacements[0])
                if not isinstance(edit, str) and _overlaps(doc.names, edit.start, edit.end):
                    edit = LINK_TARGET  # [[pornography]]: the shown words name a page
                if isinstance(edit, str):
                    fixable = False
                    message += f" Not fixed automatically: {edit}."
            findings.append(
                Finding.at(
                    doc,
                    start,
                    end,
                    rule=rule.id,
                    severity=severity,
                    message=message,
                    replacements=replacements,
                    fixable=fixable,
                    suppressed_by=suppressed,
                    note=note,
                    language=language,
                )
            )
        findings = _drop_contained(findings, self._independent, self._category)
        findings.sort(key=document_order)
        return findings


_WORD = re.compile(r"[^\W\d_]+")


def _respell(text: str, respell: dict[str, str]) -> str:
    """``text`` with each word ``respell`` knows written its way (case kept)."""

    def one(m: re.Match[str]) -> str:
        word = m.group()
        other = respell.get(word.lower())
        return word if other is None else match_case(word, other)

    return _WORD.sub(one, text)


#: What a document-level rule is told of a use in a paragraph of another
#: language than the rule's: not to count it.
OTHER_LANGUAGE = Exemption("another language", "ignore")

#: Why a match whose words to change are a link's target is not fixed.
LINK_TARGET = "the words to change are also a link's target; rewrite them by hand"


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans``."""
    return any(s < end and start < e for s, e in spans) if spans else False


def _drop_contained(
    findings: list[Finding], independent: frozenset[str], category: dict[str, str] | None = None
) -> list[Finding]:
    """Drop a finding whose span lies inside a longer, at-least-as-severe one
    or inside a longer one of the same rule, or that starts inside an earlier
    finding of the same rule and severity; and a hint (a rule's own ``info``)
    that overlaps a more severe finding of its ``category``: "a romantic
    relationship with a 15-year-old" is one warning, not a warning and a hint.
    Findings of ``independent`` rules (proselint's checks, which judge
    different things) neither drop nor are dropped."""
    category = category or {}

    def hint_under(h: Finding, o: Finding) -> bool:
        return (
            h.severity == "info"
            and h.note is None
            and severity_rank(o.severity) > severity_rank(h.severity)
            and h.rule != o.rule
            and category.get(h.rule, h.rule) == category.get(o.rule, o.rule)
        )

    active = [f for f in findings if f.suppressed_by is None and f.rule not in independent]
    if len(active) < 2:
        return findings
    ordered = sorted(active, key=lambda f: (f.offset, -f.end_offset))
    dropped: set[int] = set()
    open_: list[Finding] = []
    reach = -1  # the furthest end of the open findings
    for f in ordered:
        if f.offset >= reach:  # the usual case: it overlaps nothing before it
            open_ = [f]
            reach = f.end_offset
            continue
        open_ = [o for o in open_ if o.end_offset > f.offset]
        for o in open_:
            if id(o) in dropped:
                continue
            if hint_under(o, f):
                dropped.add(id(o))
                continue
            if (
                (
                    o.end_offset >= f.end_offset
                    and (o.offset, o.end_offset) != (f.offset, f.end_offset)
                    and severity_rank(o.severity) >= severity_rank(f.severity)
                )
                or (
                    o.rule == f.rule
                    and o.offset < f.offset
                    and (o.severity == f.severity or o.end_offset >= f.end_offset)
                )
                or hint_under(f, o)
            ):
                # inside a longer finding, or a second match of the same rule
                # overlapping the first ("sexual relationship with" and
                # "relationship with a 15-year-old"): one finding says it; a
                # longer match of the same rule decides for the match inside it
                # ("convicted of child molestation", a note, holds "molestation")
                dropped.add(id(f))
                break
        open_.append(f)
        reach = max(reach, f.end_offset)
    return [f for f in findings if id(f) not in dropped]


def _moved(hit: Hit, by: int) -> Hit:
    return dataclasses.replace(hit, start=hit.start + by, end=hit.end + by)


class _Deciding:
    """The exemption decisions of one check: each document's protected
    spans found once, and the answers given to document-level kinds kept
    (they ask about the spans they then report: each is decided once)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._protected: dict[int, Protected] = {}
        self._decided: dict[tuple[int, int, int, str], Exemption | None] = {}

    def protected_in(self, doc: Document) -> Protected:
        if id(doc) not in self._protected:
            found = doc.cache.get(("protected", id(self.engine)))  # found by _matches
            if not isinstance(found, Protected):
                found = self.engine._exemptions.scan(doc)
            self._protected[id(doc)] = found
        return self._protected[id(doc)]

    def decide(
        self, doc: Document, start: int, end: int, rule_id: str, keep: bool = False
    ) -> Exemption | None:
        key = (id(doc), start, end, rule_id)
        if key in self._decided:
            return self._decided[key]
        found = self.engine._exemptions.decide(doc, self.protected_in(doc), start, end, rule_id)
        if keep:
            self._decided[key] = found
        return found

    def wording(self, doc: Document, start: int, end: int, rule_id: str) -> Exemption | None:
        return self.engine._exemptions.decide(
            doc, self.protected_in(doc), start, end, rule_id, wording=True
        )

    def exempt(
        self, kind: Kind, in_language: Callable[[Document, int, str], bool] | None
    ) -> Callable[[Document, int, int], Exemption | None]:
        """What a document-level kind is told of a span it counts."""
        gate = None if kind.own_language else in_language
        rule_id = kind.rule.id

        def exempt(doc: Document, start: int, end: int) -> Exemption | None:
            if gate is not None and not gate(doc, start, rule_id):
                return OTHER_LANGUAGE  # left out of the counts of the rule's language
            return self.decide(doc, start, end, rule_id, keep=True)

        return exempt


@dataclass
class Survey:
    """What one piece of a file holds, in its own span, of what the whole
    document decides (see :meth:`Engine.survey`); it travels between
    processes."""

    #: White space that counts words (as exemptions count them), in the span.
    words: int = 0
    #: Whether the piece holds suppression comments (they reach across the
    #: whole document: such a file is checked whole).
    directives: bool = False
    #: The cues of each register, by the index of its detector.
    cues: dict[int, int] = field(default_factory=dict)
    #: The uses of each spelling axis in each column, by rule.
    columns: dict[str, list[int]] = field(default_factory=dict)
    #: Whether each phrase looked for in the whole document is in the span.
    present: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: What each document-level rule observed (AcrossDocuments.observe).
    observed: dict[str, Any] = field(default_factory=dict)


@dataclass
class Whole:
    """What the whole document decides (see :meth:`Engine.whole`)."""

    registers: dict[int, bool] = field(default_factory=dict)
    columns: dict[str, int | None] = field(default_factory=dict)
    present: dict[tuple[str, str], bool] = field(default_factory=dict)
    #: The hits of each document-level rule, from the start of the file.
    hits: dict[str, list[Hit]] = field(default_factory=dict)

    def around(self, start: int, end: int) -> Whole:
        """This, with only the hits within ``[start, end)`` of the file."""
        hits = {}
        for rule_id, found in self.hits.items():
            starts = [h.start for h in found]
            hits[rule_id] = found[
                bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)
            ]
        return Whole(self.registers, self.columns, self.present, hits)
