"""The review as one JSON document on stdout (clean for piping)."""

from __future__ import annotations

import json
from typing import TextIO

from ldconsult.render.review_common import row_data
from ldconsult.review import SCHEMA_VERSION, Portfolio


def document(p: Portfolio) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "intakes": [row_data(r) for r in p.rows],
        "failures": [{"file": f.file, "line": f.line, "reason": f.reason} for f in p.failures],
        "skipped": [{"file": s.file, "reason": s.reason} for s in p.skipped],
        "counts": p.counts(),
        "push_back": p.push_back,
        "summary": {"reviewed": p.read, "shown": len(p.rows), "failed": len(p.failures),
                    "skipped": len(p.skipped),
                    "fail_on_matched": sorted({f for f, _ in p.tally.fail_hits})},
    }


def render(p: Portfolio, stream: TextIO) -> None:
    json.dump(document(p), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
