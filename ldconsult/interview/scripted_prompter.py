"""The scripted prompter: replies from a list (tests). It implements
:class:`ldconsult.interview.protocol.InteractivePrompter` and draws nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ldconsult.bank.model import Question
from ldconsult.interview.protocol import (
    SAVE,
    Context,
    NotAsked,
    Reply,
    ReviewAction,
    ReviewEntry,
    answer,
)


class ScriptedPrompter:
    """Replies from a list, in order. Plain values are answers. Running out raises EOFError,
    the way a closed pipe does, so a test that misses a step fails instead of hanging."""

    def __init__(self, replies: Iterable[Any] = (), reviews: Iterable[Any] = ()) -> None:
        self.replies = list(replies)
        self.reviews = list(reviews)
        self.asked: list[tuple[str, Context]] = []
        self.reviewed: list[list[ReviewEntry]] = []
        self.not_asked: list[list[NotAsked]] = []  # what each review listed as not asked

    def ask(self, question: Question, ctx: Context) -> Reply:
        self.asked.append((question.id, ctx))
        if not self.replies:
            raise EOFError(f"script ran out of replies at '{question.id}'")
        item = self.replies.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item if isinstance(item, Reply) else answer(item)

    def review(self, entries: Sequence[ReviewEntry],
               not_asked: Sequence[NotAsked] = ()) -> ReviewAction:
        self.reviewed.append(list(entries))
        self.not_asked.append(list(not_asked))
        item = self.reviews.pop(0) if self.reviews else SAVE
        if isinstance(item, BaseException):
            raise item
        return item

    def confirm_save_draft(self) -> bool:
        return True

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        yield

    def say(self, *lines: str) -> None:
        pass
