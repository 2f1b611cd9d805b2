"""Expanding a review's PATH arguments into the intake files to read, in a stable order.

What is read: files named on the command line, always; from folders (searched
recursively) and glob patterns (``**`` included, expanded here because a shell may not),
only ``*.yaml``, ``*.yml`` and ``*.json``, skipping hidden files and folders and draft
files (``*.draft.yaml``).

This module is core: no typer, rich or questionary.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass

from ldconsult.review.rows import Failure

INTAKE_EXTS = (".yaml", ".yml", ".json")
DRAFT_SUFFIXES = tuple(".draft" + e for e in INTAKE_EXTS)


@dataclass
class Found:
    """What the PATH arguments expanded to."""

    files: list[str]
    failures: list[Failure]


def expand(args: Iterable[str]) -> Found:
    """Files to review, in a stable order, each once; arguments that match nothing fail."""
    files: list[str] = []
    failures: list[Failure] = []
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            files.append(path)

    for arg in args:
        if os.path.isdir(arg):
            for path in _walk(arg):
                add(path)
        elif os.path.lexists(arg):
            add(arg)
        elif glob.has_magic(arg):
            matches = _glob(arg)
            if not matches:
                failures.append(Failure(arg, "no files match this pattern"))
            for path in matches:
                add(path)
        else:
            failures.append(Failure(arg, "no such file or directory"))
    return Found(files, failures)


def _glob(pattern: str) -> list[str]:
    out: list[str] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        if os.path.isdir(match):
            out.extend(_walk(match))
        elif _wanted(os.path.basename(match)):
            out.append(match)
    return out


def _walk(top: str) -> list[str]:
    """Intake-like names under ``top``, sorted; hidden entries and symlinked folders
    skipped. A FIFO, device or dangling symlink with an intake's name is kept, as a glob
    keeps it: reading it then says what it is, instead of leaving it out without a word."""
    found: list[str] = []
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif _wanted(entry.name) and not entry.is_dir():
                    found.append(entry.path)
            except OSError:
                continue
    found.sort()
    return found


def _wanted(name: str) -> bool:
    low = name.lower()
    return not name.startswith(".") and low.endswith(INTAKE_EXTS) and \
        not low.endswith(DRAFT_SUFFIXES)
