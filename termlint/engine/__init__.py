"""Stage 4: the engine. Compiles all rules once, then checks documents.

1. One :class:`~termlint.engine.matcher.TermMatcher` holds every phrase of every
   rule; one :class:`~termlint.engine.matcher.PatternMatcher` every regex.
2. Each raw match is handed to its rule's kind, which accepts or rejects it.
3. Exemptions (protected names, per-rule exceptions) silence matches that lie
   inside a protected span; silenced findings are kept for ``--show-suppressed``.
4. Where one finding's span contains another's and it is at least as severe,
   only the containing (more specific) finding is kept.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
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
from ..terms import Token, Variant, expand_term
from .exemptions import CueDetector, Exemption, Exemptions, Protected, Settings
from .kinds import LANGUAGE_AT, Acronym, Env, Hit, Kind
from .matcher import SEP, PatternMatcher, TermMatcher, canonical, forget_lowered, time_limit
from .prefilter import leading_words
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
                    after=_frame(spec.after, ""),
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
            wanted[("pattern", i)] = [(Token(w, True),) for w in words]
        self._cue_patterns: dict[int, CueDetector] = {}
        for i, d in enumerate(settings.cue_detectors):
            words = leading_words(d.patterns.pattern) if d.patterns is not None else None
            if words is not None:
                wanted[("cue", i)] = [(Token(w, True),) for w in words]
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

    def _matches(self, doc: Document) -> list[tuple[Rule, Hit]]:
        """Term and pattern matches that the rules' kinds accept."""
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
    ) -> list[list[Finding]]:
        """Check documents that form one whole (a manuscript in chapters):
        document-level rules (acronyms, spelling) look across all of them."""
        protected: dict[int, Protected] = {}

        def protected_in(doc: Document) -> Protected:
            if id(doc) not in protected:
                found = doc.cache.get(("protected", id(self)))  # found by _matches
                if not isinstance(found, Protected):
                    found = self._exemptions.scan(doc)
                protected[id(doc)] = found
            return protected[id(doc)]

        # Document-level kinds ask about the spans they then report: their
        # answers are kept, so that each span is decided once.
        decided: dict[tuple[int, int, int, str], Exemption | None] = {}

        def decide(
            doc: Document, start: int, end: int, rule_id: str, keep: bool = False
        ) -> Exemption | None:
            key = (id(doc), start, end, rule_id)
            if key in decided:
                return decided[key]
            found = self._exemptions.decide(doc, protected_in(doc), start, end, rule_id)
            if keep:
                decided[key] = found
            return found

        def wording(doc: Document, start: int, end: int, rule_id: str) -> Exemption | None:
            return self._exemptions.decide(
                doc, protected_in(doc), start, end, rule_id, wording=True
            )

        raw = [self._matches(doc) for doc in docs]
        in_language = self._language_test()
        language_at = self._language_at()
        for doc in docs:
            # kinds that judge by language (acronyms) read it from here
            doc.cache[LANGUAGE_AT] = language_at
        for kind in self._doc_kinds:
            gate = None if kind.own_language else in_language

            def exempt(
                doc: Document,
                start: int,
                end: int,
                rule_id: str = kind.rule.id,
                gate: Callable[[Document, int, str], bool] | None = gate,
            ) -> Exemption | None:
                if gate is not None and not gate(doc, start, rule_id):
                    return OTHER_LANGUAGE  # left out of the counts of the rule's language
                return decide(doc, start, end, rule_id, keep=True)

            for i, hits in enumerate(kind.check_documents(docs, exempt)):
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
            self._findings(doc, hits, decide, keep_suppressed, wording) if hits else []
            for doc, hits in zip(docs, raw, strict=True)
        ]
        for doc, findings in zip(docs, results, strict=True):
            if doc.comments:
                findings.extend(self._directive_findings(doc, report_unused))
                findings.sort(key=document_order)
        return results

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
        findings = _drop_contained(findings, self._independent)
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


def _drop_contained(findings: list[Finding], independent: frozenset[str]) -> list[Finding]:
    """Drop a finding whose span lies inside a longer, at-least-as-severe one,
    or that starts inside an earlier finding of the same rule.
    Findings of ``independent`` rules (proselint's checks, which judge
    different things) neither drop nor are dropped."""
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
            if (
                o.end_offset >= f.end_offset
                and (o.offset, o.end_offset) != (f.offset, f.end_offset)
                and severity_rank(o.severity) >= severity_rank(f.severity)
            ) or (o.rule == f.rule and o.severity == f.severity and o.offset < f.offset):
                # inside a longer finding, or a second match of the same rule
                # overlapping the first ("sexual relationship with" and
                # "relationship with a 15-year-old"): one finding says it
                dropped.add(id(f))
                break
        open_.append(f)
        reach = max(reach, f.end_offset)
    return [f for f in findings if id(f) not in dropped]
