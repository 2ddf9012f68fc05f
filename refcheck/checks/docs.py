"""Rule documentation rendered from the registry (``refcheck rules``, ``docs/rules.md``).

The registry is the single source: ``refcheck rules --format markdown > docs/rules.md``
regenerates the page, so the docs cannot drift from the codes the program emits.
"""

from __future__ import annotations

from refcheck.checks.registry import Rule

FAMILIES = (
    ("RC0", "Cross-registry"),
    ("RC1", "Authors"),
    ("RC2", "Title"),
    ("RC3", "Journal"),
    ("RC4", "Year, volume, issue, pages"),
    ("RC5", "Identifiers (DOI, PMID)"),
    ("RC6", "Editorial updates"),
    ("RC7", "List level: numbering and duplicates"),
    ("RC8", "Matching outcome"),
    ("RC9", "Parse level"),
)


def family(code: str) -> str:
    return next((name for prefix, name in FAMILIES if code.startswith(prefix)), "Other")


def default_label(r: Rule) -> str:
    return r.severity.value if r.enabled else f"{r.severity.value} (off)"


def rules_table(rules: dict[str, Rule]) -> str:
    """Plain-text table: code, name, default severity, summary."""
    rows = [("CODE", "NAME", "SEVERITY", "SUMMARY")]
    rows += [(r.code, r.name, default_label(r), r.summary) for r in sorted(rules.values(), key=lambda r: r.code)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) if i < 3 else cell for i, cell in enumerate(row)).rstrip()
        for row in rows
    )


def rule_page(r: Rule) -> str:
    """What ``refcheck rule CODE`` prints."""
    lines = [
        f"{r.code} {r.name}",
        "",
        f"Field:            {r.field}",
        f"Default severity: {default_label(r)}",
        f"Family:           {family(r.code)}",
        "",
        r.summary,
        "",
        r.doc,
        "",
        "Configure (pyproject.toml [tool.refcheck] or .refcheck.toml):",
        f'  severity = {{ {r.code} = "warning" }}   # error | warning | info | off',
        f'  ignore = ["{r.code}"]',
        f'  ignore-refs = {{ "12" = ["{r.code}"] }}',
    ]
    return "\n".join(lines)


def rules_markdown(rules: dict[str, Rule]) -> str:
    """The whole ``docs/rules.md`` page."""
    out = [
        "# Rules",
        "",
        "Every finding refcheck reports carries a rule code. This page is generated from the rule",
        "registry with `refcheck rules --format markdown > docs/rules.md`; `refcheck rules` lists",
        "the codes and `refcheck rule CODE` shows one rule.",
        "",
        "Severities can be changed or rules switched off in `[tool.refcheck]` (pyproject.toml) or",
        "`.refcheck.toml`: `severity = { RC302 = \"warning\", RC1 = \"error\" }` (a prefix selects a",
        "family; a kebab-case name works too; `\"off\"` drops the rule), `ignore = [\"RC504\"]`,",
        "`ignore-refs = { \"12\" = [\"RC101\"] }` (per reference number) and",
        "`per-file-ignores = { \"drafts/*.md\" = [\"RC8\"] }`. Rules marked *(off)* are emitted only",
        "when given a severity. `journal-abbrev-policy` (off | info | warning) sets RC302.",
        "",
    ]
    current = None
    for r in sorted(rules.values(), key=lambda r: r.code):
        fam = family(r.code)
        if fam != current:
            current = fam
            out += [f"## {fam}", "", "| Code | Name | Default | Summary |", "|---|---|---|---|"]
            members = [x for x in sorted(rules.values(), key=lambda x: x.code) if family(x.code) == fam]
            out += [f"| [{x.code}](#{x.code.lower()}) | `{x.name}` | {default_label(x)} | {x.summary} |"
                    for x in members]
            out.append("")
        out += [f"### {r.code}", "", f"`{r.name}` · field `{r.field}` · default {default_label(r)}", "",
                r.doc, ""]
    return "\n".join(out).rstrip() + "\n"
