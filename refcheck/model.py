"""Typed records that flow one way through the pipeline.

    extract -> parse -> sources -> match -> checks -> report / bibtex

* :class:`RawEntry`   what the manuscript says, before parsing (text + place in the file);
* :class:`Citation`   the parsed reference (what the author cited);
* :class:`Work`       what a registry says (with its provenance);
* :class:`Match`      the link between a citation and a work (score, status);
* :class:`Finding`    one field-level verdict (rule code, kind, cited vs registered, fix);
* :class:`CheckedReference` / :class:`Report`  everything about one reference / one file.

Every stage consumes the records of the stage before it and never mutates them in place
afterwards, so a stage can be tested alone with hand-built records.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class Status(str, enum.Enum):
    """Final verdict on one reference (JSON schema 1 values)."""

    VERIFIED = "verified"  # matched, no error/warning findings
    MISMATCH = "mismatch"  # matched, with findings
    NOT_FOUND = "not_found"  # searched, nothing validated
    AMBIGUOUS = "ambiguous"  # two candidates too close to call
    UNCHECKED = "unchecked"  # registry unavailable, offline, or lookups disabled


class Severity(str, enum.Enum):
    """Finding severity; ordered so that ``Severity.rank`` can gate exit codes."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Span:
    """Where a piece of text sits in the source file (1-based line/column, 0-based offsets)."""

    line: int
    column: int
    start: int = 0
    end: int = 0


@dataclass(slots=True)
class Author:
    """One name in a byline.

    A person has ``family`` (with particles as printed: ``de Mestier``, ``van der Berg``,
    ``Ray-Coquard``) plus ``initials`` (letters only, no periods: ``JA``) and/or ``given``
    (full given names when printed or registered). A collective author has only ``group``.
    """

    family: str | None = None
    given: str | None = None
    initials: str | None = None
    suffix: str | None = None
    group: str | None = None

    @property
    def is_group(self) -> bool:
        return self.group is not None and not self.family

    def display(self) -> str:
        """Vancouver-style display: ``Family IN`` or the group name."""
        if self.is_group:
            return self.group or ""
        parts = [self.family or ""]
        if self.initials:
            parts.append(self.initials)
        elif self.given:
            parts.append(self.given)
        if self.suffix:
            parts.append(self.suffix)
        return " ".join(p for p in parts if p)


@dataclass(slots=True)
class RawEntry:
    """One entry of a reference list as found in the file, before parsing.

    ``text`` is the entry with layout debris removed (line-end hyphenation joined, Markdown
    emphasis dropped, running headers removed) but otherwise as printed; ``source_text`` is the
    exact slice of the file. ``identifiers`` holds DOIs/PMIDs/PMCIDs recovered from link debris
    that the cleaning removed from ``text`` (e.g. ``access_num=2593110&link_type=MED``).
    """

    number: int | None
    text: str
    span: Span
    source_text: str = ""
    identifiers: dict[str, str] = field(default_factory=dict)
    # Pre-structured fields when the input format already carries them (BibTeX, JATS
    # element-citation, RIS, CSL-JSON): the parser fills the Citation from these first.
    fields: dict[str, Any] = field(default_factory=dict)
    # Citation key when the format has one (BibTeX/LaTeX ``\bibitem{key}``, JATS ``ref/@id``,
    # RIS ``ID``, CSL ``id``): lets numbering checks match ``\cite{key}`` to entries by name.
    key: str | None = None


@dataclass(slots=True)
class InTextCitation:
    """A numbered citation in the body text (``[2-4]``, ``(1)``, superscript): numbers it cites."""

    numbers: list[int]
    span: Span
    text: str = ""
    keys: list[str] = field(default_factory=list)  # cited keys (LaTeX ``\cite{a,b}``), when known


@dataclass(slots=True)
class Document:
    """Output of the extract stage: the manuscript's reference list, located and split."""

    path: str  # as given by the user ("-" for stdin)
    text: str  # the decoded file text (for formats that are text)
    format: str  # text | markdown | latex | bibtex | docx | jats | pdf | ris | csl-json
    entries: list[RawEntry] = field(default_factory=list)
    encoding: str | None = None  # the encoding used to decode, when sniffed
    section: Span | None = None  # where the reference section starts
    heading: str | None = None  # the heading that introduced it ("References")
    in_text: list[InTextCitation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. "decoded as cp1252 (not valid UTF-8)"


@dataclass(slots=True)
class Citation:
    """A parsed reference: what the manuscript says. Unknown fields are ``None``, never guessed."""

    text: str
    number: int | None = None
    span: Span = field(default_factory=lambda: Span(1, 1))
    style: str | None = None  # vancouver | ama | apa | harvard | ieee | nature | chicago | unknown
    kind: str = "article"  # article | book | chapter | conference | web | preprint | other
    authors: list[Author] = field(default_factory=list)
    et_al: bool = False
    title: str | None = None
    container: str | None = None  # journal (as printed, often abbreviated) or book title
    year: int | None = None
    month: str | None = None
    volume: str | None = None
    issue: str | None = None
    supplement: str | None = None
    pages: str | None = None  # as printed: "728-34", "ECR32"
    first_page: str | None = None  # expanded: "728"
    last_page: str | None = None  # expanded: "734"
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    isbn: str | None = None
    editors: list[Author] = field(default_factory=list)
    edition: str | None = None
    publisher: str | None = None
    place: str | None = None
    notes: list[str] = field(default_factory=list)  # parse warnings, e.g. "no year found"
    # field -> {"from": "parse" | "alignment", "start", "end"}: where each cited value was read
    # (offsets in ``text``), once the raw text was read against the linked record (checks.align)
    reading: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class UpdateNotice:
    """An editorial update attached to a work: retraction, correction, expression of concern."""

    kind: str  # retraction | partial_retraction | correction | erratum | expression_of_concern | new_version
    doi: str | None = None  # the notice's DOI
    pmid: str | None = None
    date: str | None = None  # ISO date if known
    source: str = "publisher"  # publisher | retraction-watch | pubmed
    label: str | None = None


@dataclass(slots=True)
class Work:
    """A registry record, normalised across Crossref, PubMed and the local mirror."""

    source: str  # crossref | pubmed | mirror
    type: str | None = None  # Crossref type vocabulary: journal-article, book-chapter, ...
    authors: list[Author] = field(default_factory=list)
    authors_complete: bool = True  # False when the registry truncated the list (PubMed CompleteYN=N)
    title: str | None = None
    titles: list[str] = field(default_factory=list)  # every title incl. translated/vernacular/subtitle forms
    subtitle: str | None = None
    container: str | None = None  # full journal/book title
    container_abbrevs: list[str] = field(default_factory=list)  # short-container-title, ISO, MedlineTA
    year: int | None = None  # issued (earliest)
    year_print: int | None = None
    year_online: int | None = None
    month: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # as registered: "637-641"
    first_page: str | None = None
    last_page: str | None = None
    article_number: str | None = None
    doi: str | None = None  # lower-cased
    pmid: str | None = None
    pmcid: str | None = None
    issn: list[str] = field(default_factory=list)
    isbn: list[str] = field(default_factory=list)
    publisher: str | None = None
    url: str | None = None
    editors: list[Author] = field(default_factory=list)
    updates: list[UpdateNotice] = field(default_factory=list)  # notices about this work (updated-by, RIN...)
    update_to: list[UpdateNotice] = field(default_factory=list)  # when this work IS a notice
    relations: dict[str, list[str]] = field(default_factory=dict)  # has-preprint, is-preprint-of ...
    score: float | None = None  # search relevance when the work came from a search
    retrieved: str | None = None  # ISO timestamp of the registry response
    request: str | None = None  # the request that produced it (provenance)

    @property
    def key(self) -> str:
        """A stable identity for de-duplication across sources."""
        if self.doi:
            return f"doi:{self.doi.lower()}"
        if self.pmid:
            return f"pmid:{self.pmid}"
        return f"title:{(self.title or '').lower()}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class ReasonCode(enum.Enum):
    """Why a match came out as it did: the one list of codes the matcher gives and the checks
    and reports read (meanings in :mod:`refcheck.match`)."""

    DOI_OTHER_WORK = "doi_other_work"
    DOI_NOT_REGISTERED = "doi_not_registered"
    DOI_MALFORMED = "doi_malformed"
    DOI_OTHER_AGENCY = "doi_other_agency"
    PMID_OTHER_WORK = "pmid_other_work"
    PMID_NOT_FOUND = "pmid_not_found"
    UNAVAILABLE = "unavailable"
    NOT_COVERED = "not_covered"  # a partial mirror lacks it: its absence is no verdict
    NO_CANDIDATE = "no_candidate"
    REJECTED = "rejected"
    AMBIGUOUS = "ambiguous"
    LOOKUPS_DISABLED = "lookups_disabled"  # ``check --no-lookup``: nothing was asked
    NOTE = "note"  # free text with no machine meaning


# Printed as their text alone (the report's ``reason`` string has always read so).
_BARE_REASONS = frozenset({ReasonCode.LOOKUPS_DISABLED, ReasonCode.NOTE})


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason of a :class:`Match`: a code to act on and a text for people."""

    code: ReasonCode
    text: str

    def __str__(self) -> str:
        return self.text if self.code in _BARE_REASONS else f"{self.code.value}: {self.text}"


LOOKUPS_DISABLED = Reason(ReasonCode.LOOKUPS_DISABLED, "lookups disabled")


@dataclass(slots=True)
class Match:
    """The matcher's decision for one citation."""

    status: Status
    work: Work | None = None
    score: float = 0.0
    source: str | None = None
    method: str | None = None  # doi | pmid | search | ecitmatch
    candidates: list[Work] = field(default_factory=list)  # alternatives (ambiguous, wrong-identifier proposals)
    reasons: tuple[Reason, ...] = ()  # why unchecked / not_found / mismatch
    other: dict[str, Work] = field(default_factory=dict)  # the same work from other registries (cross-check)
    related: dict[str, Work] = field(default_factory=dict)  # other versions: published, preprint, notice, article

    @property
    def reason(self) -> str | None:
        """The reasons as one line, ``"code: text; code: text"`` (the report's ``reason``)."""
        return "; ".join(str(r) for r in self.reasons) or None

    def reason_text(self, code: ReasonCode) -> str | None:
        """The text of the first reason with ``code``, if any."""
        return next((r.text for r in self.reasons if r.code is code), None)

    def codes(self) -> set[ReasonCode]:
        return {r.code for r in self.reasons}


@dataclass(slots=True)
class Finding:
    """One verdict of one rule about one field of one reference."""

    code: str  # "RC101"
    field: str  # authors | title | journal | year | volume | issue | pages | doi | pmid | retraction | duplicate | numbering
    kind: str  # typo | mismatch | missing | extra | order | malformed | wrong_work | retracted | ...
    severity: Severity
    message: str
    cited: str | None = None
    registered: str | None = None
    suggestion: str | None = None
    source: str = "refcheck"  # which registry said so (crossref | pubmed | mirror | refcheck)
    span: Span | None = None  # a finer location than the reference itself, when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "field": self.field,
            "kind": self.kind,
            "severity": self.severity.value,
            "message": self.message,
            "cited": self.cited,
            "registered": self.registered,
            "suggestion": self.suggestion,
            "source": self.source,
        }


@dataclass(slots=True)
class CheckedReference:
    """A citation with its match and findings: one row of the report."""

    citation: Citation
    match: Match
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> Status:
        """verified/mismatch are decided by findings; other statuses come from the matcher."""
        if self.match.status in (Status.VERIFIED, Status.MISMATCH):
            serious = any(f.severity.rank >= Severity.WARNING.rank for f in self.findings)
            return Status.MISMATCH if serious else Status.VERIFIED
        return self.match.status


@dataclass(slots=True)
class Report:
    """Everything refcheck found in one file."""

    file: str
    references: list[CheckedReference] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # file-level findings (numbering, duplicates)
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "registries unreachable; used local mirror"
    sources: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Status}
        for ref in self.references:
            counts[ref.status.value] += 1
        counts["references"] = len(self.references)
        all_findings = [f for r in self.references for f in r.findings] + self.findings
        for sev in Severity:
            counts[sev.value + "s"] = sum(1 for f in all_findings if f.severity is sev)
        return counts
