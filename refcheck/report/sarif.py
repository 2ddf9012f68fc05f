"""The ``sarif`` report: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run for all files. Each finding is a ``result`` (ruleId, level, message, a physical
location with startLine/startColumn); the rule registry, when present, fills
``tool.driver.rules``. References that could not be checked are not results (nothing is wrong
with them as far as refcheck knows) but tool-execution notifications, so that a viewer still
shows why they were skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from refcheck.checks import RULES
from refcheck.model import Finding, Report, Status
from refcheck.report.common import (
    SARIF_LEVEL,
    TOOL_NAME,
    file_location,
    iter_findings,
    location,
    ref_number,
    status_phrase,
    version,
)

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def artifact_uri(path: str) -> str:
    """A URI reference for the file: relative paths stay relative (as GitHub wants them)."""
    if path == "-":
        return "stdin"
    pure = PurePath(path)
    if pure.is_absolute():
        return "file://" + quote(pure.as_posix())
    return quote(pure.as_posix())


def _rules(codes: list[str]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """``tool.driver.rules`` for every code used, with the rule's metadata."""
    out: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for code in sorted(set(codes)):
        rule = RULES.get(code)
        entry: dict[str, Any] = {"id": code}
        if rule is not None:
            entry["name"] = rule.name
            entry["shortDescription"] = {"text": rule.summary}
            entry["fullDescription"] = {"text": rule.doc}
            entry["help"] = {"text": rule.doc}
            entry["defaultConfiguration"] = {"level": SARIF_LEVEL[rule.severity]}
        index[code] = len(out)
        out.append(entry)
    return out, index


def _fingerprint(report: Report, text: str, f: Finding) -> str:
    """Stable across runs and line moves: file + reference text + rule + field."""
    raw = "\x1f".join((report.file, text, f.code, f.field, f.cited or ""))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def _result(report: Report, f: Finding, line: int, col: int, number: int | None, text: str,
            rule_index: dict[str, int]) -> dict[str, Any]:
    props: dict[str, Any] = {"field": f.field, "kind": f.kind, "source": f.source}
    for key in ("cited", "registered", "suggestion"):
        value = getattr(f, key)
        if value is not None:
            props[key] = value
    if number is not None:
        props["reference"] = number
    message = f.message
    if f.suggestion:
        message += f" (fix: {f.suggestion})"
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": SARIF_LEVEL[f.severity],
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(report.file)},
                "region": {"startLine": line, "startColumn": col},
            }
        }],
        "partialFingerprints": {"refcheckFinding/v1": _fingerprint(report, text, f)},
        "properties": props,
    }


def document(reports: Sequence[Report]) -> dict[str, Any]:
    codes = [f.code for report in reports for _, _, f in iter_findings(report)]
    rules, rule_index = _rules(codes)
    results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for report in reports:
        for i, ref, f in iter_findings(report):
            if ref is not None:
                line, col = location(ref, f)
                results.append(_result(report, f, line, col, ref_number(ref, i), ref.citation.text, rule_index))
            else:
                line, col = file_location(f) or (1, 1)
                results.append(_result(report, f, line, col, None, "", rule_index))
        for i, ref in enumerate(report.references):
            if ref.status in (Status.UNCHECKED, Status.AMBIGUOUS, Status.NOT_FOUND) and not ref.findings:
                word, detail = status_phrase(ref)
                line, col = location(ref)
                notifications.append({
                    "level": "note" if ref.status is Status.UNCHECKED else "warning",
                    "message": {"text": f"reference {ref_number(ref, i)}: {word}{detail}"},
                    "locations": [{"physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(report.file)},
                        "region": {"startLine": line, "startColumn": col},
                    }}],
                })
    run: dict[str, Any] = {
        "tool": {"driver": {"name": TOOL_NAME, "version": version(), "semanticVersion": version(),
                            "rules": rules}},
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": {"uri": artifact_uri(r.file)}} for r in reports],
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(reports: Sequence[Report]) -> str:
    return json.dumps(document(reports), indent=2, ensure_ascii=False) + "\n"
