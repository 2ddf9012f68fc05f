"""Stage 6, report: render checked reports as text, json, sarif, junit, github or csl-json.

One module per format; each exposes ``render(reports) -> str`` (text also takes ``color``).
The JSON format is a documented contract: ``schema-1.json`` next to this file
(:func:`json_schema`), described in ``docs/output.md``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from typing import Any

from refcheck.model import Report

FORMATS: tuple[str, ...] = ("text", "json", "sarif", "junit", "github", "csl-json")


def render(reports: Sequence[Report], fmt: str, *, color: bool = False, show_info: bool = True,
           show_unchecked: bool = False) -> str:
    """Render reports in format ``fmt`` (one of :data:`FORMATS`); colour and hiding info findings
    apply to text only (machine formats always carry every finding)."""
    if fmt == "text":
        from refcheck.report import text

        return text.render(reports, color=color, show_info=show_info, show_unchecked=show_unchecked)
    if fmt == "json":
        from refcheck.report import jsonout

        return jsonout.render(reports)
    if fmt == "sarif":
        from refcheck.report import sarif

        return sarif.render(reports)
    if fmt == "junit":
        from refcheck.report import junit

        return junit.render(reports)
    if fmt == "github":
        from refcheck.report import github

        return github.render(reports)
    if fmt == "csl-json":
        from refcheck.report import csljson

        return csljson.render(reports)
    raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``--format json`` (schema 1), shipped as package data."""
    with resources.files("refcheck.report").joinpath("schema-1.json").open(encoding="utf-8") as fh:
        return json.load(fh)
