"""The ``junit`` report: JUnit XML so CI dashboards show one test per reference.

One ``testsuite`` per file, one ``testcase`` per reference. A reference with findings at
warning or above has one ``failure`` (message: the first finding; body: all of them, one per
line: strict JUnit schemas allow one failure per test case); a not-found reference fails too;
an unchecked or ambiguous reference is ``skipped`` with the reason. Info findings go to
``system-out``. File-level findings (numbering, duplicates) form an extra test case.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from refcheck.model import CheckedReference, Finding, Report, Status
from refcheck.report.common import TOOL_NAME, is_failure, ref_number, status_phrase
from refcheck.report.safe import xml_safe
from refcheck.report.text import finding_detail


def _line(f: Finding) -> str:
    return f"{f.code} [{f.severity.value}] {f.message}{finding_detail(f)}"


def _case_name(ref: CheckedReference, index: int) -> str:
    c = ref.citation
    first = c.authors[0].display() if c.authors else ""
    label = " ".join(x for x in (first, str(c.year or "")) if x)
    title = (c.title or c.text or "")[:80]
    return f"[{ref_number(ref, index)}] {label}: {title}" if label else f"[{ref_number(ref, index)}] {title}"


def _add_failure(case: ET.Element, failures: list[Finding], status_msg: str | None) -> None:
    lines = [_line(f) for f in failures]
    message = lines[0] if lines else status_msg or "failed"
    if status_msg and lines:
        lines.insert(0, status_msg)
    el = ET.SubElement(case, "failure", message=message, type=failures[0].code if failures else "not_found")
    el.text = "\n".join(lines) if lines else message


def _testcase(suite: ET.Element, classname: str, name: str, line: int | None, path: str) -> ET.Element:
    attrs = {"name": name, "classname": classname, "time": "0", "file": path}
    if line is not None:
        attrs["line"] = str(line)
    return ET.SubElement(suite, "testcase", attrs)


def _suite(report: Report) -> tuple[ET.Element, dict[str, int]]:
    suite = ET.Element("testsuite")
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    classname = f"{TOOL_NAME}.{report.file}"
    for i, ref in enumerate(report.references):
        case = _testcase(suite, classname, _case_name(ref, i), ref.citation.span.line, report.file)
        counts["tests"] += 1
        failures = [f for f in ref.findings if is_failure(f)]
        infos = [f for f in ref.findings if not is_failure(f)]
        word, detail = status_phrase(ref)
        if ref.status in (Status.UNCHECKED, Status.AMBIGUOUS) and not failures:
            ET.SubElement(case, "skipped", message=f"{word}{detail}")
            counts["skipped"] += 1
        elif failures or ref.status is Status.NOT_FOUND:
            _add_failure(case, failures, None if failures and ref.status is Status.MISMATCH else f"{word}{detail}")
            counts["failures"] += 1
        if infos:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in infos)
    if report.findings:
        case = _testcase(suite, classname, "reference list", None, report.file)
        counts["tests"] += 1
        failures = [f for f in report.findings if is_failure(f)]
        if failures:
            _add_failure(case, failures, None)
            counts["failures"] += 1
        infos = [f for f in report.findings if not is_failure(f)]
        if infos:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in infos)
    suite.attrib.update({"name": report.file, **{k: str(v) for k, v in counts.items()}, "time": "0"})
    return suite, counts


def render(reports: Sequence[Report]) -> str:
    root = ET.Element("testsuites", name=TOOL_NAME)
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for report in reports:
        suite, counts = _suite(report)
        root.append(suite)
        for k, v in counts.items():
            totals[k] += v
    root.attrib.update({k: str(v) for k, v in totals.items()})
    root.set("time", "0")
    _make_xml_safe(root)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _make_xml_safe(root: ET.Element) -> None:
    """Drop characters XML 1.0 forbids (an ESC in a reference) from every text and attribute."""
    for el in root.iter():
        if el.text:
            el.text = xml_safe(el.text)
        if el.tail:
            el.tail = xml_safe(el.tail)
        for key, value in el.attrib.items():
            el.attrib[key] = xml_safe(value)
