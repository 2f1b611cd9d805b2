"""Follow-up after launch: record KPI readings in an intake, and judge them.

The method does not stop at the recommendation. The team launches, measures against the
baseline agreed before launch, listens to learners and managers, and iterates. This
package is the core of ``ldconsult followup``; it knows no terminal. ``reading``
validates what people type and ``store`` appends to the intake file. Judging the readings
is part of the recommendation (its ``result``), so it lives in the engine:
:mod:`ldconsult.engine.schedule` reads the plan's checkpoints and
:mod:`ldconsult.engine.progress` judges; both are re-exported here for the command.

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
    "1,200", "40k"); dates in it ("March 2026: 18%", "18% (2026-10-01)") are not taken
    for the number. A target below the baseline means lower is better. Progress is the
    share of the baseline→target gap closed by the latest reading, in whole percent
    (``recommendation.whole_percent``: the JSON, the panel, the summary and the memo
    round it the same way).

    The latest reading is judged by the stage of the plan it falls in, read from the
    plan's checkpoints (:mod:`~ldconsult.engine.schedule`): the engine times them from
    the go-live, the deadline and how often the measure is reported, so follow-up never
    counts days of its own. A plan that has no target check but an agreed deadline is
    judged at the deadline. The rules, in order:

    * no metric reading → ``no_data``; a baseline or target without a number (or both
      equal) → ``no_data``;
    * on the baseline day (the meeting, else the day the intake was made) →
      ``no_change_yet``: the plan can't have acted, whatever the number;
    * before the first check → ``no_change_yet``: still the baseline, or too early to
      judge (the change can't show yet, so a move is not credited to it);
    * from the first check → is it moving? At least :data:`~ldconsult.engine.progress.FLAT` of the gap
      the right way is ``on_track``, less (or the wrong way) ``off_track``; a reading on
      the first check's day that is still exactly the baseline is ``no_change_yet``;
    * from the mid check → on the path: ``on_track`` when progress is at least the share
      of the time gone from the first check to the target check, less :data:`SLACK`
      (results trail behaviour), else ``off_track``;
    * at or after the target check → the comparison with the target: reached is
      ``target_reached``, not reached ``off_track``. Before that check a reading already
      at the target is ``on_track``, never ``target_reached``;
    * with no target date (no deadline agreed) the first-check rule goes on, and the
      target counts as reached as soon as a reading reaches it.

    The status is judged at the latest reading's date, so ``today`` (never the clock: the
    caller passes it) only decides which checkpoint is due and how many days are left.

What next (:data:`ldconsult.engine.progress.NEXT_ITERATION`)
    A table of (situation, advice): nothing to judge yet → run the plan and read again at
    the next check; behaviours not seen → fix the drivers before more training;
    behaviours seen but the metric flat → revisit the environment or the metric; off
    track with no behaviour data → observe (Brinkerhoff's success cases); target reached
    → reinforce, tell the sponsor, consider scaling; the target check passed with no
    reading → record it. The next checkpoint is the plan's first checkpoint after the
    latest reading (a missed one stays due), or with no reading yet the first from today
    on; once a reading covers the target check there is none. A plan without a target
    date looks again :data:`~ldconsult.engine.progress.AFTER_PLAN_DAYS` days after the latest reading.
"""

from ldconsult.bank.values import first_number, fmt, parse_date
from ldconsult.engine.progress import (
                                        AFTER_PLAN_DAYS,
                                        FLAT,
                                        SLACK,
                                        baseline_day,
                                        compute_result,
                                        judge,
                                        latest_behaviours,
                                        metric_series,
                                        next_checkpoint,
                                        next_iteration,
                                        short_drivers,
                                        sparkline,
)
from ldconsult.engine.schedule import Point, Schedule, Stage, schedule_of
from ldconsult.followup.reading import (
                                        BEHAVIOURS,
                                        ReadingError,
                                        ReadingInput,
                                        check_reading_date,
                                        has_metric,
                                        make_reading,
                                        parse_behaviours,
                                        parse_leading,
                                        parse_metric,
                                        reading_date,
                                        require_metric,
)
from ldconsult.followup.store import (
                                        LOCK_TIMEOUT,
                                        append_reading,
                                        check_writable,
                                        file_lock,
)

__all__ = [
    "AFTER_PLAN_DAYS", "BEHAVIOURS", "FLAT", "LOCK_TIMEOUT", "SLACK", "Point",
    "ReadingError", "ReadingInput", "Schedule", "Stage", "append_reading", "baseline_day",
    "check_reading_date", "check_writable", "compute_result",
    "file_lock", "first_number", "fmt", "has_metric", "judge", "latest_behaviours",
    "make_reading", "metric_series", "next_checkpoint", "next_iteration", "parse_behaviours",
    "parse_date", "parse_leading", "parse_metric", "reading_date", "require_metric",
    "schedule_of", "short_drivers", "sparkline",
]
