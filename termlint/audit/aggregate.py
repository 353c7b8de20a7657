"""The audit's one data structure: an :class:`Aggregate` of the findings of
many documents, built with :meth:`Aggregate.add` and combined with
:meth:`Aggregate.merge`.

Everything in it is a sum, or chosen by a total order, so the result never
depends on the order in which documents were added or on how they were split
between processes or machines:

* counts (documents, words, findings per rule, per source, per period...)
  are sums;
* the most frequent phrasings are the top of exact counts, ties broken by
  rule and phrase;
* the sample keeps the findings with the smallest keys, a key being a stable
  hash of (document id, offset, rule) followed by the finding itself.

What counts (see docs/scale.md): a finding is a *discouraged use* when its
severity is at least ``min_severity`` (default ``suggestion``). Findings at
``info`` -- uses that an exemption downgraded (a quotation, the statutory
term in legal syntax, clinical use) and hints outside the guide's categories
-- are counted apart (``not_counted``), and suppressed findings not at all.

Words: a word is a run of letters, digits or underscores (Unicode), with
apostrophes or hyphens inside it (``don't``, ``self-generated`` are one
word), counted in the text termlint checks: markup, code and URLs are not
words.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, severity_rank

#: The version of the report's JSON shape.
VERSION = 1
#: The category of a rule that has none.
OTHER = "other"
#: Undated documents' period.
UNDATED = "undated"
_WORD = re.compile(r"\w+(?:['’\-‐]\w+)*")


def count_words(text: str) -> int:
    """The words of ``text`` (see the module's documentation)."""
    return len(_WORD.findall(text))


def normal_phrase(text: str) -> str:
    """A match as a phrasing: lower case, every run of whitespace one space."""
    return " ".join(text.lower().split())


@dataclass(frozen=True)
class AuditOptions:
    """What an audit counts and shows."""

    #: ``year`` or ``month``.
    period: str = "year"
    #: How many findings the sample keeps.
    sample: int = 20
    #: How many discouraged phrasings are listed.
    top: int = 20
    #: The least severity of a discouraged use.
    min_severity: str = "suggestion"
    #: Regular expressions (case-insensitive): a document in which one is
    #: found speaks of the subject (the share of documents using only
    #: preferred terms is among those, and those with a discouraged use).
    subject: tuple[str, ...] = ()
    #: Code points of context on each side of a sampled finding.
    context: int = 60

    def settings(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "min_severity": self.min_severity,
            "subject": list(self.subject) or None,
            "sample": self.sample,
            "top": self.top,
        }


@dataclass
class Stats:
    """The counts of one group of documents (a source, a period...)."""

    documents: int = 0
    words: int = 0
    findings: int = 0
    #: Documents with at least one discouraged use.
    discouraged: int = 0
    #: Documents that speak of the subject (all, without ``subject``).
    subject: int = 0

    def add(self, other: Stats) -> None:
        self.documents += other.documents
        self.words += other.words
        self.findings += other.findings
        self.discouraged += other.discouraged
        self.subject += other.subject

    def row(self) -> dict[str, Any]:
        preferred = self.subject - self.discouraged
        return {
            "documents": self.documents,
            "words": self.words,
            "findings": self.findings,
            "rate_per_10k_words": rate(self.findings, self.words),
            "documents_with_discouraged": self.discouraged,
            "documents_on_subject": self.subject,
            "documents_preferred_only": preferred,
            "preferred_only_share": share(preferred, self.subject),
        }


def rate(findings: int, words: int) -> float | None:
    """Findings per 10,000 words, to two decimals (None without words)."""
    return round(findings * 10000 / words, 2) if words else None


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def sample_key(doc_id: str, offset: int, rule: str) -> int:
    """A stable 64-bit hash of a finding's place: the same on every machine
    and in every process (Python's ``hash`` of a string is not)."""
    data = f"{doc_id}\x00{offset}\x00{rule}".encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


@dataclass(frozen=True)
class RuleInfo:
    category: str
    severity: str


@dataclass
class Aggregate:
    """Mergeable counts of an audit (see the module's documentation)."""

    options: AuditOptions = field(default_factory=AuditOptions)
    #: Each rule met: its category and configured severity.
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    totals: Stats = field(default_factory=Stats)
    #: Documents without text (an empty or missing text cell).
    without_text: int = 0
    #: Documents whose date could not be read (counted as undated).
    invalid_dates: int = 0
    #: Documents that could not be checked, and the first messages.
    errors: int = 0
    error_messages: list[str] = field(default_factory=list)
    #: Active findings by severity, counted or not.
    severities: Counter[str] = field(default_factory=Counter)
    #: Discouraged uses by (source, period, rule).
    cells: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    #: Findings below ``min_severity``, by rule.
    not_counted: Counter[str] = field(default_factory=Counter)
    #: Documents with a discouraged use, by rule and by category.
    rule_documents: Counter[str] = field(default_factory=Counter)
    category_documents: Counter[str] = field(default_factory=Counter)
    sources: dict[str, Stats] = field(default_factory=dict)
    periods: dict[str, Stats] = field(default_factory=dict)
    source_periods: dict[tuple[str, str], Stats] = field(default_factory=dict)
    #: Discouraged uses by (rule, phrasing); documents with each; and the
    #: preferred term termlint gave for each, by (rule, phrasing, preferred).
    phrases: Counter[tuple[str, str]] = field(default_factory=Counter)
    phrase_documents: Counter[tuple[str, str]] = field(default_factory=Counter)
    preferred: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    #: The sample: (key, record) pairs, sorted, at most ``options.sample``.
    sample: list[tuple[tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)

    MAX_MESSAGES = 20

    # ------------------------------------------------------------ building

    def counted(self, finding: Finding) -> bool:
        return severity_rank(finding.severity) >= severity_rank(self.options.min_severity)

    def add(
        self,
        *,
        doc_id: str,
        source: str,
        period: str,
        date: str | None,
        url: str | None,
        text: str,
        checked_text: str,
        findings: Iterable[Finding],
        rules: dict[str, RuleInfo],
        on_subject: bool = True,
    ) -> None:
        """Count one document: its ``text`` (the source, for the sample's
        context), ``checked_text`` (the text termlint checks, for words) and
        its active ``findings``; ``rules`` tells each rule's category."""
        stats = Stats(documents=1, words=count_words(checked_text))
        counted: list[Finding] = []
        for f in findings:
            if f.suppressed_by is not None:
                continue
            self.severities[f.severity] += 1
            if f.rule not in self.rules:
                self.rules[f.rule] = rules.get(f.rule) or RuleInfo(OTHER, f.severity)
            if self.counted(f):
                counted.append(f)
            else:
                self.not_counted[f.rule] += 1
        stats.findings = len(counted)
        stats.discouraged = 1 if counted else 0
        stats.subject = 1 if counted or on_subject else 0
        self._add_stats(source, period, stats)
        seen_rules: set[str] = set()
        seen_phrases: set[tuple[str, str]] = set()
        for f in counted:
            self.cells[(source, period, f.rule)] += 1
            seen_rules.add(f.rule)
            phrase = (f.rule, normal_phrase(f.text))
            self.phrases[phrase] += 1
            seen_phrases.add(phrase)
            self.preferred[(*phrase, f.replacements[0] if f.replacements else "")] += 1
        for rule in seen_rules:
            self.rule_documents[rule] += 1
        for category in {self.rules[r].category for r in seen_rules}:
            self.category_documents[category] += 1
        for phrase in seen_phrases:
            self.phrase_documents[phrase] += 1
        if self.options.sample > 0 and counted:
            self._sample(doc_id, source, period, date, url, text, counted)

    def add_document_without_text(self) -> None:
        self.without_text += 1

    def add_error(self, message: str) -> None:
        self.errors += 1
        self.error_messages = sorted([*self.error_messages, message])[: self.MAX_MESSAGES]

    def _add_stats(self, source: str, period: str, stats: Stats) -> None:
        self.totals.add(stats)
        for table, key in (
            (self.sources, source),
            (self.periods, period),
            (self.source_periods, (source, period)),
        ):
            found = table.get(key)  # type: ignore[attr-defined]
            if found is None:
                table[key] = found = Stats()  # type: ignore[index]
            found.add(stats)

    def _sample(
        self,
        doc_id: str,
        source: str,
        period: str,
        date: str | None,
        url: str | None,
        text: str,
        findings: list[Finding],
    ) -> None:
        width = self.options.context
        new = []
        for f in findings:
            before, after = context(text, f.offset, f.end_offset, width)
            record = {
                "id": doc_id,
                "source": source,
                "period": period,
                "date": date,
                "url": url,
                "rule": f.rule,
                "category": self.rules[f.rule].category,
                "severity": f.severity,
                "line": f.line,
                "column": f.column,
                "end_line": f.end_line,
                "end_column": f.end_column,
                "text": f.text,
                "before": before,
                "after": after,
                "preferred": f.replacements[0] if f.replacements else None,
                "message": f.message,
            }
            key = (sample_key(doc_id, f.offset, f.rule), doc_id, f.offset, f.rule, f.end_offset)
            new.append((key, record))
        self._keep(new)

    def _keep(self, more: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> None:
        if not more:
            return
        both = self.sample + more
        both.sort(key=_sample_order)
        del both[self.options.sample :]
        self.sample = both

    # ------------------------------------------------------------ merging

    def merge(self, other: Aggregate) -> Aggregate:
        """Add ``other``'s counts to this one (in place; returns self)."""
        if other.options != self.options:
            raise ValueError("aggregates of audits with different options cannot be merged")
        for rule, info in other.rules.items():
            self.rules.setdefault(rule, info)
        self.totals.add(other.totals)
        self.without_text += other.without_text
        self.invalid_dates += other.invalid_dates
        self.errors += other.errors
        self.error_messages = sorted([*self.error_messages, *other.error_messages])[
            : self.MAX_MESSAGES
        ]
        for mine, theirs in (
            (self.severities, other.severities),
            (self.cells, other.cells),
            (self.not_counted, other.not_counted),
            (self.rule_documents, other.rule_documents),
            (self.category_documents, other.category_documents),
            (self.phrases, other.phrases),
            (self.phrase_documents, other.phrase_documents),
            (self.preferred, other.preferred),
        ):
            mine.update(theirs)  # type: ignore[attr-defined]
        for table, more in (
            (self.sources, other.sources),
            (self.periods, other.periods),
            (self.source_periods, other.source_periods),
        ):
            for key, stats in more.items():  # type: ignore[attr-defined]
                found = table.get(key)  # type: ignore[attr-defined]
                if found is None:
                    table[key] = found = Stats()  # type: ignore[index]
                found.add(stats)
        self._keep(list(other.sample))
        return self

    # ------------------------------------------------------------ the report

    def to_dict(self) -> dict[str, Any]:
        """The report as ``termlint audit --format json`` prints it."""
        totals = self.totals.row()
        by_severity = {s: self.severities.get(s, 0) for s in ("error", "warning", "suggestion")}
        by_severity["info"] = self.severities.get("info", 0)
        totals.update(
            {
                "findings_by_severity": by_severity,
                "not_counted": sum(self.not_counted.values()),
                "documents_without_text": self.without_text,
                "invalid_dates": self.invalid_dates,
                "errors": self.errors,
            }
        )
        words = self.totals.words
        rule_findings: Counter[str] = Counter()
        category_findings: Counter[str] = Counter()
        period_categories: Counter[tuple[str, str]] = Counter()
        source_categories: Counter[tuple[str, str]] = Counter()
        for (source, period, rule), n in self.cells.items():
            category = self.rules[rule].category
            rule_findings[rule] += n
            category_findings[category] += n
            period_categories[(period, category)] += n
            source_categories[(source, category)] += n
        counted = totals["findings"]
        rules = [
            {
                "rule": rule,
                "category": self.rules[rule].category,
                "severity": self.rules[rule].severity,
                "findings": rule_findings.get(rule, 0),
                "documents": self.rule_documents.get(rule, 0),
                "rate_per_10k_words": rate(rule_findings.get(rule, 0), words),
                "not_counted": self.not_counted.get(rule, 0),
            }
            for rule in self.rules
        ]
        rules.sort(key=lambda r: (-r["findings"], -r["not_counted"], r["rule"]))
        categories = [
            {
                "category": category,
                "findings": n,
                "documents": self.category_documents.get(category, 0),
                "rate_per_10k_words": rate(n, words),
                "share_of_findings": share(n, counted),
            }
            for category, n in category_findings.items()
        ]
        categories.sort(key=lambda r: (-r["findings"], r["category"]))
        periods = sorted(self.periods, key=period_order)
        top = sorted(self.phrases.items(), key=lambda x: (-x[1], x[0]))[: self.options.top]
        chosen: dict[tuple[str, str], list[tuple[int, str]]] = {key: [] for key, _ in top}
        for (rule, phrase, pref), count in self.preferred.items():
            if (rule, phrase) in chosen and pref:
                chosen[(rule, phrase)].append((-count, pref))
        phrasings = []
        for (rule, phrase), n in top:
            # the preferred term termlint gave these matches most often
            preferred = min(chosen[(rule, phrase)], default=(0, None))[1]
            phrasings.append(
                {
                    "rule": rule,
                    "category": self.rules[rule].category,
                    "phrase": phrase,
                    "preferred": preferred,
                    "findings": n,
                    "documents": self.phrase_documents.get((rule, phrase), 0),
                }
            )
        return {
            "version": VERSION,
            "settings": self.options.settings(),
            "totals": totals,
            "categories": categories,
            "rules": rules,
            "sources": [{"source": s, **self.sources[s].row()} for s in sorted(self.sources)],
            "periods": [{"period": p, **self.periods[p].row()} for p in periods],
            "source_periods": [
                {"source": s, "period": p, **self.source_periods[(s, p)].row()}
                for s, p in sorted(self.source_periods, key=lambda k: (k[0], period_order(k[1])))
            ],
            "period_categories": [
                {
                    "period": p,
                    "category": c,
                    "findings": n,
                    "rate_per_10k_words": rate(n, self.periods[p].words),
                }
                for (p, c), n in sorted(
                    period_categories.items(), key=lambda x: (period_order(x[0][0]), x[0][1])
                )
            ],
            "source_categories": [
                {
                    "source": s,
                    "category": c,
                    "findings": n,
                    "rate_per_10k_words": rate(n, self.sources[s].words),
                }
                for (s, c), n in sorted(source_categories.items())
            ],
            "phrasings": phrasings,
            "sample": [record for _, record in self.sample],
            "errors": list(self.error_messages),
        }


def period_order(period: str) -> tuple[int, str]:
    """Periods in time order, ``undated`` last."""
    return (1, period) if period == UNDATED else (0, period)


def _sample_order(entry: tuple[tuple[Any, ...], dict[str, Any]]) -> tuple[Any, ...]:
    key, record = entry
    # the record breaks the last ties (two documents with one id)
    return (*key, tuple(str(v) for v in record.values()))


def context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """About ``width`` code points of ``text`` before ``start`` and after
    ``end``, cut at a word boundary (``…`` where cut), whitespace folded."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    if start - width > 0:
        cut = re.search(r"\s", left)
        left = "…" + (left[cut.end() :] if cut else left)
    if end + width < len(text):
        cuts = [m.start() for m in re.finditer(r"\s", right)]
        right = (right[: cuts[-1]] if cuts else right) + "…"
    return _fold(left), _fold(right)


def _fold(text: str) -> str:
    out = re.sub(r"\s+", " ", text)
    return out
