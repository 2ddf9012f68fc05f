"""RC1xx: the cited byline against the registered one, position by position.

People and groups are compared separately: registries interleave consortia between people
(Crossref) or file them apart (PubMed ``CollectiveName``), so a group on one side only is at
most an info. People are aligned (:mod:`refcheck.checks.byline`: missing, extra, swapped
authors), then each aligned pair is classified: same person (tolerated variants), surname typo
(with the registered spelling as fix), a different name, or different initials.
"""

from __future__ import annotations

from dataclasses import dataclass

from refcheck.checks.byline import Pair, align_bylines
from refcheck.checks.names import (
    CLOSE,
    COMPOUND,
    DIFFERENT,
    SAME,
    SWAPPED,
    Person,
    group_name,
    initials_relation,
    looks_like_group,
    particle_in_initials,
    person,
    relation,
)
from refcheck.checks.registry import Rule, field_check, make_finding, rule
from refcheck.config import Settings
from refcheck.model import Author, Citation, Finding, Severity, Work
from refcheck.text.fold import key

AUTHOR_TYPO = rule(
    "RC101", "author-typo", "authors", Severity.ERROR,
    "A surname is misspelled (small edit, same position, same initials).",
    "The cited surname is a small edit away from the registered author at the same position, "
    "with the same initials: the record is identified, so this is a typo and the registered "
    "spelling is the fix. Example: cited `Fukumot T`, registered `Fukumoto T` -> suggestion "
    "`Fukumoto T`. Accents, transliteration (Müller/Mueller), particles and hyphens are "
    "not typos and are never reported."
)
AUTHOR_MISMATCH = rule(
    "RC102", "author-mismatch", "authors", Severity.ERROR,
    "An author differs from the registered author at the same position.",
    "The cited name and the registered name at the same position are different names. A "
    "one-letter difference on a short surname is a different name, not a typo: cited `Lin Y`, "
    "registered `Liu Y` is reported here. Compound surnames sharing one part (`Krebs-Smith` vs "
    "`Davey Smith`) are different too."
)
AUTHOR_INITIALS_INCOMPLETE = rule(
    "RC103", "author-initials-incomplete", "authors", Severity.INFO,
    "Initials are incomplete or extra compared with the registry (Smith J vs Smith JA).",
    "The surname matches and the shorter set of initials is a prefix of the longer one, e.g. "
    "cited `Smith J`, registered `Smith JA`. Citing Medicine keeps at most two initials and "
    "registries differ in how many they keep, so this is informational."
)
AUTHOR_INITIALS_MISMATCH = rule(
    "RC104", "author-initials-mismatch", "authors", Severity.ERROR,
    "Initials contradict the registry (Smith JB vs Smith JA).",
    "The surname matches but the initials disagree on a letter both sides have, e.g. cited "
    "`Smith JB`, registered `Smith JA`: possibly another person with the same surname."
)
AUTHOR_MISSING = rule(
    "RC105", "author-missing", "authors", Severity.ERROR,
    "A registered author is left out of the cited list.",
    "An author in the registered byline is absent from the cited list before its last cited "
    "author, e.g. registered `Doe J, Roe P, Poe E`, cited `Doe J, Poe E`: `Roe P` is missing."
)
AUTHOR_EXTRA = rule(
    "RC106", "author-extra", "authors", Severity.ERROR,
    "The cited list has a person the registry does not list.",
    "A cited person matches nobody in the registered byline, including a fabricated name "
    "appended after the registry's last author (e.g. registered `Doe J, Roe P`, cited `Doe J, "
    "Roe P, Smith K`). Not reported when the registry itself marks its list as truncated."
)
AUTHOR_ORDER = rule(
    "RC107", "author-order", "authors", Severity.ERROR,
    "Authors are listed in a different order than registered.",
    "A cited author appears in the registered byline at another position, e.g. cited `Roe P, "
    "Doe J`, registered `Doe J, Roe P`. Order matters: the first author is how the work is cited."
)
AUTHOR_LIST_TRUNCATED = rule(
    "RC108", "author-list-truncated", "authors", Severity.WARNING,
    "The author list stops early without 'et al.'.",
    "The cited list gives fewer authors than the registry and does not end with `et al.`, "
    "e.g. three of five registered authors listed and nothing else. Add the missing authors or "
    "`et al.` as your style requires."
)
ET_AL_UNNEEDED = rule(
    "RC109", "et-al-unneeded", "authors", Severity.INFO,
    "'et al.' is used although all authors are listed or the list is short.",
    "The citation ends with `et al.` but the registered byline has no more authors than are "
    "listed, or no more than the configured threshold (`et-al-after`, 6 in Vancouver): list "
    "every author instead. Example: `Doe J, Roe P, et al.` for a two-author paper."
)
ET_AL_THRESHOLD = rule(
    "RC110", "et-al-threshold", "authors", Severity.INFO,
    "The number of authors before 'et al.' differs from the style's threshold.",
    "With `et-al-after = 6` (Vancouver/ICMJE) a list of more than six authors gives the first "
    "six then `et al.`; listing 3 or 8 before `et al.` breaks the style. Set `et-al-after = 3` "
    "for AMA."
)
GROUP_AUTHOR_ONE_SIDE = rule(
    "RC111", "group-author-one-side", "authors", Severity.INFO,
    "A group author appears on only one side.",
    "A consortium or study group is cited but not registered, or registered but not cited. "
    "Registries file groups inconsistently (Crossref interleaves them between people, PubMed "
    "keeps them apart), so this is tolerated and only noted. Example: `Alf-One Study Group`."
)
AUTHOR_PARTICLE_IN_INITIALS = rule(
    "RC112", "author-particle-in-initials", "authors", Severity.WARNING,
    "A surname particle was moved into the initials (Kamp JMV for van de Kamp JM).",
    "Particles stay with the surname in Vancouver style: `van de Kamp JM`, not `Kamp JMV`. "
    "The cited name drops the particle and adds its initial to the initials."
)

_WINDOW = 12  # registry authors beyond the cited count + this are not aligned (cheap)


class AuthorChecker:
    """Compares one citation's byline with one work's byline."""

    def __init__(self, citation: Citation, work: Work, settings: Settings, source: str) -> None:
        self.citation = citation
        self.work = work
        self.settings = settings
        self.source = source
        self.findings: list[Finding] = []
        self._pairs: list[Pair] = []
        self._cited_pos: list[int] = []
        self._reg_pos: list[int] = []

    def run(self) -> list[Finding]:
        # a person without a surname (registry debris) cannot be compared position by position
        cited_people = [a for a in self.citation.authors if not looks_like_group(a) and a.family]
        reg_people = [a for a in self.work.authors if not looks_like_group(a) and a.family]
        self._groups()
        if not cited_people or not reg_people:
            return self.findings
        registered_count = len(reg_people)
        if self._ellipsis_last(cited_people, reg_people):
            # APA 7 (21+ authors): first 19, ". . .", then the LAST author -- right where it is.
            cited_people, reg_people = cited_people[:-1], reg_people[:-1]
        # positions in the printed bylines (group authors count), for the messages
        kept_c, kept_r = {id(a) for a in cited_people}, {id(a) for a in reg_people}
        self._cited_pos = [i + 1 for i, a in enumerate(self.citation.authors) if id(a) in kept_c]
        self._reg_pos = [i + 1 for i, a in enumerate(self.work.authors) if id(a) in kept_r]
        cited = [person(a) for a in cited_people]
        limit = min(len(reg_people), len(cited) + _WINDOW)
        reg = [person(a) for a in reg_people[:limit]]
        free_tail = self.citation.et_al or not self.work.authors_complete or limit < len(reg_people)
        pairs = align_bylines(cited, reg, free_tail)
        self._pairs = pairs
        self._resolve(pairs, cited, reg, reg_people)
        self._et_al(cited, registered_count)
        self._summarise(cited, reg_people)
        return self.findings

    def _ellipsis_last(self, cited: list[Author], reg: list[Author]) -> bool:
        """A truncated list whose final cited name is the registered final author (and not the
        one at its own position): the APA ellipsis form, not a reordering."""
        n = len(cited)
        if not self.citation.et_al or n < 2 or len(reg) <= n or not self.work.authors_complete:
            return False
        last, final = person(cited[-1]), person(reg[-1])
        same_final = relation(last, final) == SAME and initials_relation(last, final) != "different"
        return same_final and relation(last, person(reg[n - 1])) != SAME

    def _cpos(self, index: int) -> int:
        return self._cited_pos[index] if index < len(self._cited_pos) else index + 1

    def _rpos(self, index: int) -> int:
        return self._reg_pos[index] if index < len(self._reg_pos) else index + 1

    def _summarise(self, cited: list[Person], reg_people: list[Author]) -> None:
        """Most names differ: one finding for the byline instead of one per name.

        A byline that mostly disagrees is another work's or a mis-parsed list; a long list of
        per-name findings would bury that.
        """
        differing = {r.code for r in (AUTHOR_MISMATCH, AUTHOR_MISSING, AUTHOR_EXTRA, AUTHOR_ORDER)}
        wrong = [f for f in self.findings if f.code in differing]
        if len(wrong) <= max(3, len(cited) // 2):
            return
        shown = ", ".join(person(a).display() for a in reg_people[:6]) + (", …" if len(reg_people) > 6 else "")
        cited_text = ", ".join(c.display() for c in cited[:6]) + (", …" if len(cited) > 6 else "")
        keep = [f for f in self.findings if f not in wrong]
        keep.append(make_finding(AUTHOR_MISMATCH, "mismatch",
                                 f"{len(wrong)} of {len(cited)} cited authors differ from the registered byline",
                                 cited=cited_text, registered=shown, suggestion=shown, source=self.source))
        self.findings = keep

    # -- groups ----------------------------------------------------------------------------
    def _groups(self) -> None:
        cited = [group_name(a) for a in self.citation.authors if looks_like_group(a)]
        reg = [group_name(a) for a in self.work.authors if looks_like_group(a)]
        reg_keys = [set(key(g).split()) for g in reg]
        for name in cited:
            words = set(key(name).split())
            if not any(_overlap(words, rk) for rk in reg_keys):
                self._add(GROUP_AUTHOR_ONE_SIDE, "extra", f"group author '{name}' is not in the registered byline",
                          cited=name)
        cited_keys = [set(key(g).split()) for g in cited]
        for name in reg:
            words = set(key(name).split())
            if not any(_overlap(words, ck) for ck in cited_keys) and (cited or not self.citation.et_al):
                self._add(GROUP_AUTHOR_ONE_SIDE, "missing", f"registered group author '{name}' is not cited",
                          registered=name)

    # -- people ----------------------------------------------------------------------------
    def _resolve(self, pairs: list[Pair], cited: list[Person], reg: list[Person],
                 reg_people: list[Author]) -> None:
        loose_c = [p.c for p in pairs if p.c is not None and (p.r is None or p.rel == DIFFERENT)]
        loose_r = [p.r for p in pairs if p.r is not None and (p.c is None or p.rel == DIFFERENT)]
        moved = self._reordered(loose_c, loose_r, cited, reg, reg_people)
        anchored = [p for p in pairs if p.c is not None and p.r is not None and p.rel != DIFFERENT]
        # the last registered position the cited list reaches (a mismatched name still holds its place)
        last_r = max([p.r for p in pairs if p.r is not None and p.c is not None] + list(moved.reg), default=-1)
        last_c = max([p.c for p in anchored if p.c is not None] + list(moved.cited), default=-1)
        complete_tail = last_r >= len(reg_people) - 1
        for p in anchored:
            assert p.c is not None and p.r is not None
            self._pair(cited[p.c], reg[p.r], p.c, p.rel)
        handled_r: set[int] = set(moved.reg)
        for p in pairs:
            if p.c is None or p.c in moved.cited or (p.r is not None and p.rel != DIFFERENT):
                continue
            if p.r is not None and p.r not in moved.reg:
                handled_r.add(p.r)
                self._add(AUTHOR_MISMATCH, "mismatch",
                          f"author {self._cpos(p.c)} is '{cited[p.c].display()}', registered "
                          f"'{reg[p.r].display()}'",
                          cited=cited[p.c].display(), registered=reg[p.r].display(),
                          suggestion=reg[p.r].display())
            else:
                self._extra(cited[p.c], p.c, past_end=p.c > last_c and complete_tail)
        for p in pairs:
            if p.r is None or p.r in handled_r or (p.c is not None and p.rel != DIFFERENT):
                continue
            if p.r < last_r:
                self._add(AUTHOR_MISSING, "missing",
                          f"registered author {self._rpos(p.r)} '{reg[p.r].display()}' is missing",
                          registered=reg[p.r].display(), suggestion=reg[p.r].display())
        self._truncation(cited, reg_people, last_r)

    def _reordered(self, loose_c: list[int], loose_r: list[int], cited: list[Person],
                   reg: list[Person], reg_people: list[Author]) -> _Moved:
        """Cited authors found at another registered position (swaps, moves)."""
        moved = _Moved(set(), set())
        covered = {p.r for p in self._pairs if p.r is not None}
        loose_r = loose_r + [j for j in range(len(reg)) if j not in covered]
        far = [person(a) for a in reg_people[len(reg):]] if loose_c else []
        for ci in loose_c:
            for rj in loose_r:
                if rj not in moved.reg and relation(cited[ci], reg[rj]) in (SAME, COMPOUND):
                    moved.cited.add(ci)
                    moved.reg.add(rj)
                    self._add(AUTHOR_ORDER, "order",
                              f"'{cited[ci].display()}' is cited as author {self._cpos(ci)} but registered "
                              f"as author {self._rpos(rj)}",
                              cited=cited[ci].display(), registered=f"{reg[rj].display()} (#{self._rpos(rj)})",
                              suggestion=self._registered_order(len(cited), reg_people))
                    break
            else:
                for k, other in enumerate(far):
                    if relation(cited[ci], other) == SAME:
                        moved.cited.add(ci)
                        self._add(AUTHOR_ORDER, "order",
                                  f"'{cited[ci].display()}' is cited as author {self._cpos(ci)} but registered "
                                  f"as author {self._rpos(len(reg) + k)}",
                                  cited=cited[ci].display(),
                                  registered=f"{other.display()} (#{self._rpos(len(reg) + k)})",
                                  suggestion=self._registered_order(len(cited), reg_people))
                        break
        return moved

    def _registered_order(self, count: int, reg_people: list[Author]) -> str:
        """The registered byline, in the cited form, as long as the cited one.

        The fix for a reordered byline is the registered order itself; giving as many names as
        were cited (and keeping the citation's ``et al.``) makes it a drop-in replacement.
        """
        names = [person(a).display() for a in reg_people[:count]]
        shorter = count < len(reg_people)
        return ", ".join(names) + (", et al." if self.citation.et_al and shorter else "")

    def _pair(self, c: Person, r: Person, index: int, rel: str) -> None:
        """Aligned names that are the same person, or nearly: typo, initials, particle."""
        pos = self._cpos(index)
        if rel == CLOSE:
            if initials_relation(c, r) == "different":
                self._add(AUTHOR_MISMATCH, "mismatch",
                          f"author {pos} is '{c.display()}', registered '{r.display()}'",
                          cited=c.display(), registered=r.display(), suggestion=r.display())
            else:
                self._add(AUTHOR_TYPO, "typo",
                          f"author {pos} surname '{c.family}' looks like a typo of '{r.family}'",
                          cited=c.display(), registered=r.display(), suggestion=r.display())
            return
        if rel == SWAPPED:
            return  # the registry filed the name backwards: same person, nothing to fix
        if particle_in_initials(c, r):
            self._add(AUTHOR_PARTICLE_IN_INITIALS, "malformed",
                      f"author {pos} '{c.display()}' moves the particle of '{r.family}' into the initials",
                      cited=c.display(), registered=r.display(), suggestion=r.display())
            return
        initials = initials_relation(c, r)
        if initials == "different":
            self._add(AUTHOR_INITIALS_MISMATCH, "mismatch",
                      f"author {pos} initials '{c.initials}' differ from registered '{r.initials}'",
                      cited=c.display(), registered=r.display(), suggestion=f"{c.family} {r.initials}")
        elif initials == "partial":
            kind = "missing" if len(c.initials) < len(r.initials) else "extra"
            self._add(AUTHOR_INITIALS_INCOMPLETE, kind,
                      f"author {pos} initials '{c.initials}', registered '{r.initials}'",
                      cited=c.display(), registered=r.display(), suggestion=f"{c.family} {r.initials}")

    def _extra(self, c: Person, index: int, past_end: bool) -> None:
        if not self.work.authors_complete and past_end:
            return  # the registry truncated its own list: cannot judge names past its end
        where = " after the registry's last author" if past_end else ""
        self._add(AUTHOR_EXTRA, "extra",
                  f"author {self._cpos(index)} '{c.display()}' is not in the registered byline{where}",
                  cited=c.display())

    def _truncation(self, cited: list[Person], reg_people: list[Author], last_r: int) -> None:
        """Registered authors after the last cited one: fine with et al. or a truncated registry."""
        remaining = len(reg_people) - (last_r + 1)
        if remaining <= 0 or self.citation.et_al or not self.work.authors_complete:
            return
        names = ", ".join(person(a).display() for a in reg_people[last_r + 1:last_r + 4])
        more = "…" if remaining > 3 else ""
        self._add(AUTHOR_LIST_TRUNCATED, "truncated",
                  f"{len(cited)} of {len(reg_people)} authors cited and no 'et al.' "
                  f"(next: {names}{more})",
                  cited=f"{len(cited)} authors", registered=f"{len(reg_people)} authors",
                  suggestion=f"{names}{more}" if remaining <= 3 else "et al.")

    def _et_al(self, cited: list[Person], registered_count: int) -> None:
        """Style of ``et al.`` against ``settings.et_al_after`` (6 Vancouver, 3 AMA)."""
        if not self.citation.et_al:
            return
        threshold, keep = et_al_rule(self.settings, self.citation.style)
        listed = len(cited)
        if self.work.authors_complete and registered_count <= listed:
            self._add(ET_AL_UNNEEDED, "extra",
                      f"'et al.' after {listed} authors, but the work has {registered_count}",
                      cited=f"{listed} authors + et al.", registered=f"{registered_count} authors")
        elif self.work.authors_complete and registered_count <= threshold:
            self._add(ET_AL_UNNEEDED, "extra",
                      f"'et al.' for a work with {registered_count} authors (style lists up to "
                      f"{threshold} in full)",
                      cited=f"{listed} authors + et al.", registered=f"{registered_count} authors")
        elif listed != keep and registered_count > threshold:
            self._add(ET_AL_THRESHOLD, "mismatch",
                      f"{listed} authors before 'et al.'; the style ({self.citation.style or 'vancouver'}, "
                      f"et-al-after={threshold}) lists {keep}",
                      cited=f"{listed} authors + et al.", registered=f"{registered_count} authors")

    def _add(self, declared: Rule, kind: str, message: str, **kw: str | None) -> None:
        self.findings.append(make_finding(declared, kind, message, source=self.source, **kw))  # type: ignore[arg-type]


def et_al_rule(settings: Settings, style: str | None) -> tuple[int, int]:
    """(list everyone up to this many authors, else list this many + et al.).

    A configured ``et-al-after`` N means "N then et al." for every reference; unset, the rule
    follows the style the reference is written in (Vancouver 6/6, AMA 6/3, Nature 5/1...), so an
    AMA manuscript's "first 3 + et al." is not reported against Vancouver's six.
    """
    if settings.et_al_after is not None:
        return settings.et_al_after, settings.et_al_after
    from refcheck.styles.registry import rules_for

    rules = rules_for(style)
    return rules.et_al_after, rules.et_al_keep


@dataclass(slots=True)
class _Moved:
    cited: set[int]
    reg: set[int]


def _overlap(a: set[str], b: set[str]) -> bool:
    """Group names match when most of the shorter one's words are shared."""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared >= max(1, (min(len(a), len(b)) + 1) // 2)


@field_check("authors")
def check_authors(citation: Citation, work: Work, settings: Settings, source: str, others: list[Work]) -> list[Finding]:
    """All RC1xx findings for one citation against one registered work."""
    if not citation.authors or not work.authors:
        return []
    return AuthorChecker(citation, work, settings, source).run()
