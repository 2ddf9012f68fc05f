"""Fuzz inputs for extract+parse: real manuscripts in every format, mutated the way input breaks.

The bases are the two shared seed manuscripts as text plus the seed written in each structured
format by :mod:`tests.extract.formats_seed` (Markdown, LaTeX, .bib, RIS, CSL-JSON, JATS, .docx,
PDF) - real content, not invented references. A mutation is a short list of operations, each
aimed at something that has broken parsers before: long runs of one character (blanks, tabs,
capitals, Latin Extended letters that are both cases, dots, braces), control and bidi characters,
structural fragments (headings, list numbers, BibTeX/RIS/JSON/XML openers, DOIs), deleted,
duplicated and truncated spans, and flipped bytes for the binary formats.

Used by ``test_fuzz.py`` (hypothesis draws the operations) and ``bench/fuzz_bench.py`` (a seeded
``random.Random`` draws them, 100,000+ inputs).
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from refcheck.errors import RefcheckError

RUN_CHARS = [" ", "\t", "\n", "A", "a", "Š", "ł", "Ω", ".", ",", ";", "-", "–", "(", ")", "[", "{", "}",
             "\\", "'", "’", "1", "é", "#", "*", "_", "<", "&", "\x1b", "\x00", "\u202e", "\ufeff", "\r"]
FRAGMENTS = [
    "References\n", "REFERENCES", "## References\n", "**References**", "Bibliography\n", "Literature Cited",
    "1. ", "[1] ", "(1) ", "12. ", "\n2. ", " et al. ", " et al", "doi:10.1000/xyz123", "https://doi.org/10.1056/",
    "PMID: 12345678", "PMCID: PMC1234567", "2001;345(3):123-9.", "2001", "(2001)", "Smith JA, Jones B, ",
    "Ødegaard C, ", "N Engl J Med. ", "<subtitle>", "</subtitle>", "<i>", "\\emph{", "\\bibitem{x}",
    "@article{k,", "title = {", "}", "TY  - JOUR\n", "AU  - \n", "ER  - \n", '{"items": [', '"author": [',
    "<ref-list>", "<ref id=\"r1\">", "<mixed-citation>", "&amp;", "&#x1b;", "Copyright ©", "Table 1.",
    "Acknowledgements\n", "---\n", ":\n", "((((", "))))", "[[[[", "]]]]",
]
TEXT_SUFFIXES = (".txt", ".md", ".tex", ".bib", ".ris", ".json", ".xml")


@lru_cache(maxsize=1)
def bases() -> tuple[tuple[str, bytes], ...]:
    """(suffix, bytes) of every base document."""
    from tests.extract import formats_seed as fs
    from tests.shared import SEEDS

    out = [(".txt", p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        writers = [(fs.write_tex, "paper.tex"), (fs.write_bib, "refs.bib"), (fs.write_ris, "refs.ris"),
                   (fs.write_csl, "refs.json"), (fs.write_jats, "paper.xml"), (fs.write_docx, "paper.docx"),
                   (fs.write_pdf, "paper.pdf")]
        for write, name in writers:
            path = write(folder / name)
            out.append((path.suffix, path.read_bytes()))
    out.append((".md", out[0][1].replace(b"\nReferences", b"\n## References")))
    return tuple((suffix, _around_the_list(suffix, data)) for suffix, data in out)


def _around_the_list(suffix: str, data: bytes) -> bytes:
    """A text base cut to its reference list and the 400 bytes before it: the list is where the
    parsing work is, and a shorter base makes 100,000 inputs affordable."""
    if suffix not in (".txt", ".md", ".tex"):
        return data
    marks = [data.rfind(m) for m in (b"References", b"\\begin{thebibliography")]
    start = max(marks)
    return data[max(0, start - 400):] if start > 0 else data


Op = tuple[int, int, int, int]  # (kind, position per mille, a, b)


def random_ops(rng: random.Random, count: int | None = None) -> list[Op]:
    """A random mutation (1-6 operations)."""
    n = count if count is not None else rng.randint(1, 6)
    return [(rng.randrange(7), rng.randrange(1001), rng.randrange(1 << 16), rng.randrange(1 << 16)) for _ in range(n)]


def mutate(suffix: str, data: bytes, ops: Sequence[Op]) -> tuple[str, bytes]:
    """Apply ``ops`` to a base; text formats are mutated as text, binary ones as bytes."""
    if suffix in (".docx", ".pdf"):
        return suffix, _mutate_bytes(data, ops)
    text = data.decode("utf-8", errors="replace")
    for kind, where, a, b in ops:
        text = _apply(text, kind, where * len(text) // 1000, a, b)
    if ops and ops[0][2] % 5 == 0:  # sometimes the content goes to another extractor
        suffix = TEXT_SUFFIXES[ops[0][3] % len(TEXT_SUFFIXES)]
    return suffix, text.encode("utf-8", errors="surrogatepass")


def _apply(text: str, kind: int, pos: int, a: int, b: int) -> str:
    if kind == 0:  # a run of one character, up to 5,000 long
        return text[:pos] + RUN_CHARS[a % len(RUN_CHARS)] * (1 + b % 5000) + text[pos:]
    if kind == 1:  # a structural fragment
        return text[:pos] + FRAGMENTS[a % len(FRAGMENTS)] + text[pos:]
    if kind == 2:  # delete a span
        return text[:pos] + text[pos + a % 400:]
    if kind == 3:  # duplicate a span, up to 50 times
        span = text[pos:pos + 1 + a % 300]
        return text[:pos] + span * (1 + b % 50) + text[pos:]
    if kind == 4:  # truncate
        return text[:pos]
    if kind == 5:  # replace one character by any code point (surrogates excluded)
        ch = chr(a if not 0xD800 <= a <= 0xDFFF else 0x2028)
        return text[:pos] + ch + text[pos + 1:]
    # one fragment repeated: a heading-like or list-like line many times
    return text[:pos] + (FRAGMENTS[a % len(FRAGMENTS)] + RUN_CHARS[b % len(RUN_CHARS)]) * (1 + b % 200) + text[pos:]


def _mutate_bytes(data: bytes, ops: Sequence[Op]) -> bytes:
    out = bytearray(data)
    for kind, where, a, b in ops:
        pos = where * len(out) // 1000
        if kind in (0, 5):
            out[pos:pos + 1] = bytes([a % 256])
        elif kind == 2:
            del out[pos:pos + a % 400]
        elif kind == 4:
            del out[pos:]
        else:
            out[pos:pos] = bytes([b % 256]) * (1 + a % 64)
    return bytes(out)


def run_one(suffix: str, data: bytes) -> int:
    """Extract and parse one input; returns the number of references. Refcheck's one-line user
    errors (InputError, NoReferencesError) are expected outcomes; anything else is a crash."""
    from refcheck.extract import extract_bytes
    from refcheck.pipeline import parse_document

    try:
        doc = extract_bytes("fuzz" + suffix, data)
    except RefcheckError:
        return 0
    return len(parse_document(doc))
