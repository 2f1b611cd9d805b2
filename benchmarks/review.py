"""How fast is `ldconsult review` compared with only parsing the same files?

The target: reviewing N realistic intakes (~6 KB each) takes at most 1.0x the time of
reading and parsing the same files with PyYAML's C loader in ONE process, measured in
the same run. Also shows that peak memory stays flat as the number of files grows, and
that CSV and JSON stream: the time to the first byte and to the first row, against the
same review with --sort (which must wait for every row).

    python benchmarks/review.py                  # 10,000 intakes
    python benchmarks/review.py --count 2000 --repeat 3

The intakes are made from the default bank with varied answers (multi-line long texts,
notes, "don't know" answers, a few follow-up readings) and written with intake.dumps, so
they look like real files. They are kept in a cache folder for reruns (--fresh remakes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ldconsult import intake as intake_mod
from ldconsult.bank import banks, conditions
from ldconsult.bank.values import coerce
from ldconsult.intake import BankRef, Intake, Meta, Reading  # noqa: E402

WORDS = ("returns customers catalogue orders agents shift process handover checklist "
         "quality errors weekly managers coaching system screen field team region "
         "supervisor escalations backlog policy standard feedback dashboard report "
         "training onboarding warehouse pickers accuracy delay complaint refund").split()
PEOPLE = ("Dana Ortiz (Ops)", "Sam Lee (Sales)", "Priya Nair (Support)", "Jo Müller (HR)",
          "Kwame Mensah (Finance)", "Ana Souza [Logistics]", "Li Wei | Quality")


def sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, lines: int) -> str:
    return "\n".join(sentence(rng, rng.randint(8, 16)) for _ in range(lines))


def answer_for(q: Any, rng: random.Random) -> Any:
    if q.type in ("select", "multi_select"):
        values = q.choice_values
        if q.type == "select":
            return rng.choice(values)
        return rng.sample(values, k=rng.randint(1, min(3, len(values))))
    if q.type == "confirm":
        return rng.random() < 0.5
    if q.type == "scale":
        return rng.randint(1, 5)
    if q.type in ("number", "integer", "money"):
        lo, hi = q.min if q.min is not None else 0, q.max if q.max is not None else 5000
        value = rng.uniform(lo, min(hi, lo + 5000))
        return int(value) if q.type == "integer" else round(value, 1)
    if q.type == "date":
        return (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 500))).isoformat()
    if q.type == "long_text":
        return paragraph(rng, rng.randint(3, 6))
    return sentence(rng, rng.randint(4, 10))


def make_intake(bank: Any, rng: random.Random, i: int) -> Intake:
    answers: dict[str, Any] = {}
    unknown: list[str] = []
    notes: dict[str, str] = {}
    for q in bank.questions():
        section = bank.section_of(q.id)
        for when in (section.when if section else None, q.when):
            if when is not None and not conditions.parse(when).evaluate(answers, unknown):
                break
        else:
            if q.allow_unknown and rng.random() < 0.1:
                unknown.append(q.id)
                continue
            try:
                value = coerce(q, answer_for(q, rng))
            except ValueError:
                continue
            if value is not None:
                answers[q.id] = value
            if rng.random() < 0.15:
                notes[q.id] = paragraph(rng, rng.randint(1, 3))
    history = [Reading(date=f"2027-0{m}-15", metric=round(rng.uniform(0, 20), 1),
                       note=sentence(rng, 6)) for m in range(1, rng.choice((1, 1, 1, 2, 4)))]
    created = dt.datetime(2026, 1, 1, 9, tzinfo=dt.timezone.utc) + dt.timedelta(hours=7 * i)
    return Intake(bank=BankRef(id=bank.id, version=bank.version), status="complete",
                  created=created, updated=created + dt.timedelta(minutes=rng.randint(5, 90)),
                  meta=Meta(title=f"{sentence(rng, 4)[:-1]} #{i}", requester=rng.choice(PEOPLE),
                            interviewer="L&D partner",
                            meeting_date=(dt.date(2026, 1, 1)
                                          + dt.timedelta(days=i % 365)).isoformat()),
                  answers=answers, unknown=unknown, notes=notes, history=history)


def generate(folder: Path, count: int, seed: int = 7) -> None:
    """Intakes in two halves, a/ and b/, so half the set can be reviewed on its own."""
    bank = banks.resolve(None).bank
    rng = random.Random(seed)
    for half in ("a", "b"):
        (folder / half).mkdir(parents=True, exist_ok=True)
    for i in range(count):
        text = intake_mod.dumps(make_intake(bank, rng, i))
        (folder / ("a" if i < count // 2 else "b") / f"intake-{i:05}.yaml").write_text(
            text, encoding="utf-8")


def dataset(count: int, fresh: bool) -> Path:
    folder = Path(tempfile.gettempdir()) / f"ldconsult-review-bench-{count}"
    marker = folder / ".complete"
    if fresh and folder.exists():
        shutil.rmtree(folder)
    if not marker.exists():
        t = time.perf_counter()
        generate(folder, count)
        marker.write_text("ok")
        print(f"generated {count} intakes in {folder} ({time.perf_counter() - t:.1f} s)")
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.yaml"))


def _cpu() -> float:
    me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def parse_only(files: list[str]) -> tuple[float, float]:
    """The baseline: read + yaml.load(CSafeLoader) of every file, one process.
    Returns (wall seconds, CPU seconds)."""
    t, c = time.perf_counter(), _cpu()
    for path in files:
        with open(path, "rb") as fh:
            yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - t, _cpu() - c


def _parse_share(files: list[str]) -> int:
    for path in files:
        with open(path, "rb") as fh:
            yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    return len(files)


def parallel_speedup(files: list[str]) -> float:
    """How much faster two processes parse than one, on this machine, right now.

    About 2.0 on an idle 2-core machine; near 1.0 when other work holds a core. The
    review's ratio can only be read together with this number."""
    import multiprocessing

    sample = files[:2000]
    t = time.perf_counter()
    _parse_share(sample)
    one = time.perf_counter() - t
    t = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_parse_share, [sample[0::2], sample[1::2]])
    return one / (time.perf_counter() - t)


def review_in_process(folder: Path, jobs: int) -> tuple[float, float]:
    """The command's code path called in this process (workers are its children).
    Returns (wall seconds, CPU seconds of this process and its workers)."""
    from ldconsult.cli.commands.review import run

    with open(os.devnull, "w") as sink:
        t, c = time.perf_counter(), _cpu()
        run([str(folder)], format="json", stdout=sink, stderr=sys.stderr, jobs=jobs)
        return time.perf_counter() - t, _cpu() - c


def review_subprocess(folder: Path, jobs: int) -> tuple[float, dict[str, int]]:
    """The installed command, as a user runs it; returns (seconds, {peak_rss_kib})."""
    probe = ("import resource, subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
             "print(time.perf_counter() - t, rc,\n"
             "      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    cmd = [sys.executable, "-c", probe, sys.executable, "-m", "ldconsult", "review",
           str(folder), "--format", "json", "--jobs", str(jobs)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=True)
    seconds, rc, rss = out.stdout.split()
    if rc not in ("0", "1"):
        raise SystemExit(f"review failed with exit code {rc}: {out.stderr[-500:]}")
    return float(seconds), {"peak_rss_kib": int(rss)}


def streamed(folder: Path, jobs: int, fmt: str, sort: str | None) -> dict[str, float]:
    """`ldconsult review DIR --format FMT` as a user runs it, its output read from a pipe:
    seconds to the first byte, to the first intake row (after the CSV header or the JSON
    head), and to the end; and the peak RSS in MiB of the reviewing process (VmHWM) and
    of its largest worker (ru_maxrss of the waited-for workers, in a fresh process)."""
    probe = ("import subprocess, sys, time\n"
             "t = time.perf_counter()\n"
             "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, bufsize=0)\n"
             "head = p.stdout.read(1)\n"
             "first_byte = time.perf_counter() - t\n"
             "marker = b'\\n' if sys.argv[-1] == 'csv' else b'{'\n"
             "buf = head\n"
             "while buf.count(marker) < 2:  # the header or head, then one row\n"
             "    more = p.stdout.read(65536)\n"
             "    if not more: break\n"
             "    buf += more\n"
             "first_row = time.perf_counter() - t\n"
             "while p.stdout.read(1 << 20): pass\n"
             "rc = p.wait()\n"
             "print(first_byte, first_row, time.perf_counter() - t, rc)\n")
    cmd = [sys.executable, "-c", probe, sys.executable, "-m", "ldconsult", "review",
           str(folder), "--jobs", str(jobs), *(["--sort", sort] if sort else []),
           "--format", fmt]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=3600, check=True, cwd=ROOT)
    first_byte, first_row, total, rc = out.stdout.split()
    if rc not in ("0", "1"):
        raise SystemExit(f"review failed with exit code {rc}: {out.stderr[-500:]}")
    return {"first_byte_s": float(first_byte), "first_row_s": float(first_row),
            "total_s": float(total)}


def peak_rss(folder: Path, jobs: int) -> tuple[int, int]:
    """Peak RSS in KiB of (the reviewing process, its largest worker), in a fresh process.

    The main figure is VmHWM from /proc (ru_maxrss would also count the memory of the
    benchmark process that was forked to start it: Linux keeps it across exec)."""
    code = ("import os, resource\n"
            "from ldconsult.cli.commands.review import run\n"
            "with open(os.devnull, 'w') as sink:\n"
            f"    run([{str(folder)!r}], format='json', stdout=sink, jobs={jobs})\n"
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
            "print(hwm[0].split()[1] if hwm else resource.getrusage("
            "resource.RUSAGE_SELF).ru_maxrss,\n"
            "      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=3600, check=True, cwd=ROOT)
    main_kib, worker_kib = out.stdout.split()[-2:]
    return int(main_kib), int(worker_kib)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=2, help="best of N for each timing")
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--fresh", action="store_true", help="regenerate the intakes")
    ap.add_argument("--no-rss", action="store_true", help="skip the memory runs")
    args = ap.parse_args()

    folder = dataset(args.count, args.fresh)
    files = files_in(folder)
    size = sum(os.path.getsize(f) for f in files) / len(files)
    print(f"{len(files)} intakes, {size / 1024:.1f} KiB on average; cores: {os.cpu_count()}; "
          f"libyaml: {yaml.__with_libyaml__}")
    base, inproc, sub = [], [], []
    for _ in range(args.repeat):
        base.append(parse_only(files))
        inproc.append(review_in_process(folder, args.jobs))
        sub.append(review_subprocess(folder, args.jobs)[0])
        speedup = parallel_speedup(files)
        print(f"  run: parse {base[-1][0]:.2f} s, review {inproc[-1][0]:.2f} s, "
              f"subprocess {sub[-1]:.2f} s; two-process parse speedup now {speedup:.2f}; "
              f"load average {os.getloadavg()[0]:.1f}")
    (b, bc), (i, ic), s = min(base), min(inproc), min(sub)
    n = len(files)
    print(f"parse only (CSafeLoader, 1 process): {b:7.2f} s  ({b / n * 1000:.2f} ms/file), "
          f"CPU {bc:.2f} s")
    print(f"review, in-process call (json):      {i:7.2f} s  ratio {i / b:.2f}, "
          f"CPU {ic:.2f} s (CPU ratio {ic / bc:.2f})")
    print(f"review, subprocess `ldconsult review DIR --format json`: {s:5.2f} s  "
          f"ratio {s / b:.2f}")
    result: dict[str, Any] = {
        "count": n, "baseline_s": round(b, 3), "baseline_cpu_s": round(bc, 3),
        "review_inprocess_s": round(i, 3), "review_inprocess_cpu_s": round(ic, 3),
        "review_subprocess_s": round(s, 3), "ratio_inprocess": round(i / b, 3),
        "ratio_subprocess": round(s / b, 3), "cpu_ratio": round(ic / bc, 3),
        "load_average": round(os.getloadavg()[0], 1),
        "two_process_speedup_last": round(speedup, 2)}
    for fmt, sort in (("csv", None), ("json", None), ("csv", "file")):
        t = streamed(folder, args.jobs, fmt, sort)
        label = f"--format {fmt}" + (f" --sort {sort}" if sort else "")
        print(f"`ldconsult review DIR {label}` through a pipe: first byte {t['first_byte_s']:.2f} s,"
              f" first row {t['first_row_s']:.2f} s, total {t['total_s']:.2f} s (first row at "
              f"{t['first_row_s'] / t['total_s']:.0%} of the run)")
        for key, value in t.items():
            result[f"{fmt}{'_sorted' if sort else ''}_{key}"] = round(value, 3)
    if not args.no_rss:
        for label, where in (("N/2", folder / "a"), ("N", folder)):
            own, worker = peak_rss(where, args.jobs)
            print(f"peak RSS for {label:>3} ({len(files_in(where))} files): main process "
                  f"{own / 1024:6.1f} MiB, largest worker {worker / 1024:6.1f} MiB")
            result[f"rss_main_mib_{label}"] = round(own / 1024, 1)
            result[f"rss_worker_mib_{label}"] = round(worker / 1024, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
