"""The review as one JSON document on stdout (clean for piping; C1 controls and bidi
overrides escaped as \\uXXXX, so it is also inert in a terminal)."""

from __future__ import annotations

import json
from typing import TextIO

from ldconsult.render.review_common import row_data
from ldconsult.render.textutil import json_safe
from ldconsult.review import SCHEMA_VERSION, Portfolio


def document(p: Portfolio, *, rows: bool = True) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "intakes": [row_data(r) for r in p.rows] if rows else [],
        "failures": [{"file": f.file, "line": f.line, "reason": f.reason} for f in p.failures],
        "skipped": [{"file": s.file, "reason": s.reason} for s in p.skipped],
        "counts": p.counts(),
        "push_back": p.push_back,
        "summary": {"reviewed": p.read, "shown": len(p.rows), "failed": len(p.failures),
                    "skipped": len(p.skipped),
                    "fail_on_matched": sorted({f for f, _ in p.tally.fail_hits})},
    }


def render(p: Portfolio, stream: TextIO) -> None:
    """The same text as ``json.dump(document(p), indent=2)``, written row by row so a
    large portfolio is never held twice in memory."""
    doc = document_without_rows(p)
    head = json.dumps({"schema_version": doc.pop("schema_version")}, indent=2)
    stream.write(head[:-2] + ',\n  "intakes": [')
    for n, row in enumerate(p.rows):
        text = json_safe(json.dumps(row_data(row), ensure_ascii=False, indent=2))
        stream.write(("," if n else "") + "\n    " + text.replace("\n", "\n    "))
    stream.write("\n  ]" if p.rows else "]")
    rest = json_safe(json.dumps(doc, ensure_ascii=False, indent=2))
    stream.write(",\n" + rest[2:] + "\n")


def document_without_rows(p: Portfolio) -> dict:
    doc = document(p, rows=False)
    doc.pop("intakes")
    return doc
