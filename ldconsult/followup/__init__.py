"""Follow-up after launch: record KPI readings in an intake, and judge them.

The method does not stop at the recommendation. The team launches, measures against the
baseline agreed before launch, listens to learners and managers, and iterates. This
package is the core of ``ldconsult followup``; it knows no terminal. ``reading``
validates what people type, ``store`` appends to the intake file, ``status`` judges.

Recording (:func:`append_reading`)
    A reading is *appended* to the intake's ``history``; nothing earlier in the file
    changes (not even ``updated``: each reading carries its own ``recorded`` time).

    * Concurrency: two ``followup`` runs on one intake must not lose a reading. We take
      an exclusive ``fcntl.flock`` on ``<intake>.lock`` (next to the intake), polling
      for up to :data:`LOCK_TIMEOUT` seconds, then give up with a :class:`WriteError`.
      The holder removes the lock file before it unlocks, so none is left behind. That
      is safe because a process that gets the lock then checks that the path still
      names the file it locked, and starts again if not: without that check a waiter
      could hold the removed file while a third process locks a fresh one. Under the lock we re-read the file,
      append, and write atomically (temp file, fsync, rename), so a reader never sees
      half a file and a writer never works from a stale copy.
    * Byte preservation: for a YAML intake we append the new item's text to the end of
      the file (after ``history:``'s last item, or a new ``history:`` key), so hand
      edits and comments above it survive. The result is parsed back and must equal
      the expected intake; if it does not (an unusual layout), we fall back to dumping
      the whole intake, which is byte-identical for files ldconsult wrote itself. JSON
      intakes are rewritten as JSON.
    * Symlinks are followed, so a linked intake stays a link.
    * The new file keeps the intake's mode and owner (a shared 0666 intake stays shared).
      A read-only intake (no write bit) is refused, even for root; so is one whose owner
      or group a new file could not be given (only root may give a file away).

Status (:func:`compute_result`)
    Baseline and target are the first number in the agreed text ("18%", "4.2 days",
    "1,200", "40k"). A target below the baseline means lower is better. Progress is the
    share of the baseline→target gap closed by the latest reading. Pace compares that
    with the share of time gone, from the baseline date (the meeting date, else the
    first reading) to the deadline, at the latest reading's date, with
    :data:`SLACK` of allowance because results lag behaviour. Without a deadline we can
    only apply the half-way rule (:data:`NO_DEADLINE_RULE`) and say so. The rules, in
    order: no metric reading → ``no_data``; baseline or target without a number (or
    equal) → ``no_data``; latest at or past the target → ``target_reached``; deadline
    passed → ``off_track``; otherwise pace decides ``on_track`` or ``off_track``.
    Dates in the agreed text ("March 2026: 18%", "18% (2026-10-01)") are not taken
    for the number. The status is judged no earlier than the latest reading.

What next (:data:`status.NEXT_ITERATION`)
    A table of (situation, advice): behaviours not seen → fix the drivers before more
    training; behaviours seen but the metric flat → revisit the environment or the
    metric; off track with no behaviour data → observe (Brinkerhoff's success cases);
    target reached → reinforce, tell the sponsor, consider scaling. The next checkpoint
    is the plan's next 30/60/90-day point not yet passed, else 30 days after the latest
    reading.
"""

from ldconsult.followup.reading import (BEHAVIOURS, ReadingError, ReadingInput,
                                        check_reading_date, first_number, fmt, has_metric,
                                        make_reading, parse_behaviours, parse_date,
                                        parse_leading, parse_metric, reading_date,
                                        require_metric)
from ldconsult.followup.status import (CHECKPOINT_DAYS, FLAT, NO_DEADLINE_RULE, SLACK,
                                       compute_result, judge, latest_behaviours,
                                       metric_series, next_checkpoint, next_iteration,
                                       short_drivers, sparkline)
from ldconsult.followup.store import LOCK_TIMEOUT, append_reading, check_writable, file_lock

__all__ = [
    "BEHAVIOURS", "CHECKPOINT_DAYS", "FLAT", "LOCK_TIMEOUT", "NO_DEADLINE_RULE", "SLACK",
    "ReadingError", "ReadingInput", "append_reading", "check_reading_date", "check_writable",
    "compute_result",
    "file_lock", "first_number", "fmt", "has_metric", "judge", "latest_behaviours",
    "make_reading", "metric_series", "next_checkpoint", "next_iteration", "parse_behaviours",
    "parse_date", "parse_leading", "parse_metric", "reading_date", "require_metric",
    "short_drivers", "sparkline",
]
