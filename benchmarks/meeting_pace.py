"""How long a default interview takes at meeting pace, and whether the intro's promise holds.

Usage: python benchmarks/meeting_pace.py [--live] [--speed 10]

For every example answers file of the default bank (examples/answers/*.yaml) it walks the
interview engine and adds up the meeting time of each question asked (ldconsult/pace.py:
the question read aloud at 150 words a minute with its choices, then the answer heard and
typed, by question type), plus the four meeting details and the review: for every
question (--all-questions) and for the adaptive interview (the questions it asks). It
prints that next to the intro's promise (the most the path can take, Interview.promise).

--live also drives the installed ``ldconsult interview --all-questions`` on a
pseudo-terminal (80×24) through the first example, pausing before each answer for its
meeting time divided by --speed, and reports the modelled pauses at full length plus what
the program itself took (drawing, saving the draft after every answer, the card), which
is not scaled.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ldconsult.bank import banks
from ldconsult.bank.model import Question
from ldconsult.interview import answers, pace
from ldconsult.interview.cursor import Interview
from ldconsult.interview.meeting_details import META_SECTION

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from keystrokes import DONT_KNOW, ENTER, SKIP, keys_for  # noqa: E402  (the tests' keys)

SCRIPT = shutil.which("ldconsult", path=str(Path(sys.executable).parent)) or "ldconsult"


def walk(loaded: banks.LoadedBank,
         aset: answers.AnswerSet) -> tuple[list[tuple[str, float]], float]:
    """([(question id, seconds)] in the order asked, the intro's promise in seconds)."""
    eng = Interview(loaded)
    promise = eng.promise()[1]
    asked = []
    for i, q in enumerate(eng.questions):
        if not eng.visibility()[i]:
            continue
        asked.append((q.id, pace.seconds(q)))
        if q.id in aset.answers:
            eng.set_answer(q.id, aset.answers[q.id])
        elif q.id in aset.unknown:
            eng.set_unknown(q.id)
    return asked, promise


def adaptive_seconds(loaded: banks.LoadedBank, aset: answers.AnswerSet) -> tuple[int, float]:
    """(questions, seconds) of the adaptive interview replaying this file."""
    from ldconsult.interview.adaptive import AdaptiveInterview

    eng = AdaptiveInterview(loaded, oracle=aset)
    eng.meta = eng.meta.model_copy(update={"meeting_date": aset.meta.get("meeting_date")})
    eng.replay()
    return len(eng.asked), sum(pace.seconds(loaded.bank.question(q)) for q in eng.asked)


def meta_seconds() -> float:
    return sum(pace.seconds(q) for q in META_SECTION.questions)


def estimate() -> list[Path]:
    loaded = banks.resolve("performance-consulting")
    files = sorted((ROOT / "examples" / "answers").glob("*.yaml"))
    print(f"{'example (default bank)':34} {'asked':>5} {'minutes':>8} {'adaptive':>9} "
          f"{'minutes':>8} {'promised':>9}")
    for path in files:
        aset = answers.load(path, loaded.bank)
        asked, promise = walk(loaded, aset)
        fixed = meta_seconds() + pace.REVIEW_SECONDS
        total = sum(s for _, s in asked) + fixed
        count, seconds = adaptive_seconds(loaded, aset)
        print(f"{path.stem:34} {len(asked):5} {total / 60:8.1f} {count:9} "
              f"{(seconds + fixed) / 60:8.1f} {promise / 60:9.1f}")
    print("minutes: the questions asked, the meeting details and the review; promised: "
          "what the intro says (the most the path can take)")
    return files


def live(path: Path, speed: float) -> None:
    import pexpect

    loaded = banks.resolve("performance-consulting")
    aset = answers.load(path, loaded.bank)
    asked, _ = walk(loaded, aset)
    cwd = tempfile.mkdtemp(prefix="ldconsult-pace-")
    env = dict(os.environ, PROMPT_TOOLKIT_NO_CPR="1", TERM="xterm", NO_COLOR="1")
    start, paused = time.perf_counter(), 0.0
    child = pexpect.spawn(SCRIPT, ["interview", "-o", "pace.yaml", "--all-questions"],
                          cwd=cwd, env=env,
                          encoding="utf-8", timeout=30, dimensions=(24, 80))
    for q in META_SECTION.questions:  # title, requester, interviewer, date (kept)
        child.expect(re.escape(q.prompt[:20]))
        paused += _pause(pace.seconds(q) / speed)
        child.send(("Pace run" if q.id == "title" else "") + "\r")
    for qid, seconds in asked:
        q = loaded.bank.question(qid)
        child.expect(re.escape(" ".join(q.prompt.split())[:25]))
        paused += _pause(seconds / speed)
        child.send(_keys(q, aset.answers.get(qid), qid in aset.unknown))
    child.expect("Save, or choose")
    paused += _pause(pace.REVIEW_SECONDS / speed)
    child.send("\r")
    child.expect("Saved: ")
    child.expect(pexpect.EOF)
    wall = time.perf_counter() - start
    shutil.rmtree(cwd, ignore_errors=True)
    own = wall - paused
    print(f"live run of {path.stem}, pauses at 1/{speed:g}: {wall:.1f} s wall, of which the "
          f"program {own:.1f} s; at meeting pace {(paused * speed + own) / 60:.1f} minutes")


def _pause(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _keys(q: Question, value: object, unknown: bool) -> str:
    """The keystrokes a person types for ``value``: the pseudo-terminal tests' own."""
    if value is None and q.type == "multi_select":
        return ENTER  # nothing ticked
    return keys_for(q, DONT_KNOW if unknown else SKIP if value is None else value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live", action="store_true")
    parser.add_argument("--speed", type=float, default=10.0)
    args = parser.parse_args()
    files = estimate()
    if args.live:
        live(files[0], args.speed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
