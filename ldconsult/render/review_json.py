"""The review as one JSON document on stdout (clean for piping; C1 controls and bidi
overrides escaped as \\uXXXX, so it is also inert in a terminal)."""

from __future__ import annotations

import json
from typing import TextIO

from ldconsult.base.text import json_safe
from ldconsult.render.review_common import Flusher, row_data
from ldconsult.review.portfolio import SCHEMA_VERSION, Portfolio
from ldconsult.review.rows import Row


def document(p: Portfolio) -> dict:
    return {"schema_version": SCHEMA_VERSION, "intakes": [row_data(r) for r in p.rows],
            **_after_rows(p)}


def _after_rows(p: Portfolio) -> dict:
    """The document's fields after the rows."""
    return {
        "failures": [{"file": f.file, "line": f.line, "reason": f.reason} for f in p.failures],
        "skipped": [{"file": s.file, "reason": s.reason} for s in p.skipped],
        "counts": p.counts(),
        "push_back": p.push_back,
        "summary": {"reviewed": p.read, "shown": len(p.rows), "failed": len(p.failures),
                    "skipped": len(p.skipped),
                    "fail_on_matched": sorted({f for f, _ in p.tally.fail_hits})},
    }


class JsonWriter:
    """The same text as ``json.dump(document(p), indent=2)``, written row by row, so rows
    can stream as they are reviewed and a large portfolio is never held twice."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self._n = stream, 0
        self._flush = Flusher(stream)

    def start(self) -> None:
        head = json.dumps({"schema_version": SCHEMA_VERSION}, indent=2)
        self.stream.write(head[:-2] + ',\n  "intakes": [')
        self._flush(now=True)

    def row(self, r: Row) -> None:
        text = json_safe(json.dumps(row_data(r), ensure_ascii=False, indent=2))
        self.stream.write(("," if self._n else "") + "\n    " + text.replace("\n", "\n    "))
        self._n += 1
        self._flush()

    def end(self, p: Portfolio) -> None:
        self.stream.write("\n  ]" if self._n else "]")
        rest = json_safe(json.dumps(_after_rows(p), ensure_ascii=False, indent=2))
        self.stream.write(",\n" + rest[2:] + "\n")
