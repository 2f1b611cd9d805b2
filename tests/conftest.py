"""Shared test setup: paths, and a hypothesis profile sized for a 2-core CI machine."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parent.parent

# Locally every run explores new random inputs (that is how the fuzzers find bugs); on CI
# the same inputs are used each run, so main never turns red by chance.
settings.register_profile(
    "local", max_examples=100, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("ci", parent=settings.get_profile("local"), derandomize=True)
settings.register_profile("dev", max_examples=50, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") else "local"))


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The validated-bank cache goes to a temporary folder, never the user's ~/.cache
    (subprocesses inherit it through the environment)."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture
def mini_bank_path() -> Path:
    return REPO / "tests" / "fixtures" / "mini-bank.yaml"


@pytest.fixture
def keys():
    """Feed keystrokes to a QuestionaryPrompter, then close the pipe so running out of
    keys fails fast (EOFError) instead of hanging."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from ldconsult.interview.prompts import QuestionaryPrompter

    with create_pipe_input() as pipe:
        def send(*parts: str) -> QuestionaryPrompter:
            pipe.send_text("".join(parts))
            pipe.close()
            return QuestionaryPrompter(input=pipe, output=DummyOutput())
        yield send
