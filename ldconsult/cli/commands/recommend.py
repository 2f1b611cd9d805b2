"""ldconsult recommend INTAKE [--format rich|md|json]: the diagnosis of a saved intake."""

from __future__ import annotations

import os
import sys
from typing import Any

from ldconsult.base.text import json_safe, say
from ldconsult.engine.recommendation import Recommendation

__all__ = ["run", "diagnose_file", "print_summary", "tolerate_narrow_stdout"]


def run(intake_path: str | os.PathLike[str], *, format: str = "rich",
        bank: str | None = None) -> int:
    intake, loaded, rec = diagnose_file(intake_path, bank)
    tolerate_narrow_stdout()
    if format == "json":
        sys.stdout.write(json_text(rec, ascii_only=not stdout_is_utf8()))
    elif format == "md":
        from ldconsult.render.markdown import render_memo

        sys.stdout.write(render_memo(rec, intake, loaded))
    else:
        print_summary(rec)
    sys.stdout.flush()
    return 0


def json_text(rec: Recommendation, *, ascii_only: bool = False) -> str:
    """The recommendation as JSON; ``ascii_only`` escapes non-ASCII as \\uXXXX (still valid
    JSON, for a stdout that cannot carry UTF-8). Either way, C1 controls and bidi
    overrides are escaped, so the JSON is inert in a terminal."""
    if not ascii_only:
        return json_safe(rec.model_dump_json(indent=2)) + "\n"
    import json

    return json_safe(json.dumps(rec.model_dump(mode="json"), indent=2, ensure_ascii=True)) + "\n"


def stdout_is_utf8() -> bool:
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    return encoding.startswith("utf")


def tolerate_narrow_stdout() -> None:
    """On a stdout that is not UTF-8 (LANG=C on old systems, PYTHONIOENCODING=ascii),
    show '?' for characters it cannot encode instead of failing halfway through."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if not stdout_is_utf8() and reconfigure is not None:
        reconfigure(errors="replace")


def print_summary(rec: Recommendation, console: Any = None) -> None:
    """The Rich summary on ``console`` (stdout by default); for the interview's last screen."""
    from ldconsult.render.summary import print_summary as show  # rich only when needed

    show(rec, console)


def diagnose_file(intake_path: str | os.PathLike[str],
                  bank: str | None = None) -> tuple[Any, Any, Recommendation]:
    """Load an intake and its bank, and run the engine. Notes go to stderr."""
    from ldconsult import intake as intake_mod
    from ldconsult.engine import load_for, recommend

    intake = intake_mod.load(intake_path)
    loaded = load_for(intake, bank)
    intake_mod.check_answers(intake, loaded.bank, str(intake_path))
    _notes(intake, loaded, str(intake_path))
    return intake, loaded, recommend(intake, loaded)


def _notes(intake: Any, loaded: Any, name: str) -> None:
    """Say what could make the recommendation misleading, without failing."""
    notes = []
    if intake.status == "draft":
        notes.append("this intake is a draft; the recommendation uses the answers so far")
    orphans = list(dict.fromkeys(intake.orphans({q.id for q in loaded.bank.questions()})))
    if orphans:
        shown = ", ".join(orphans[:5]) + (f" and {len(orphans) - 5} more" if len(orphans) > 5
                                          else "")
        notes.append(f"{len(orphans)} answer(s) are for questions bank '{loaded.bank.id}' no "
                     f"longer has ({shown}); they are kept but not used")
    for note in notes:
        say(f"note: {name}: {note}")
