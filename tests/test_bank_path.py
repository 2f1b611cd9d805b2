"""An intake's bank.path never makes a reader echo a file that is not a bank (F6).

Whoever writes an intake chooses its ``bank.path``, and every reader (recommend, export,
review, followup, interview --resume) opens it. A file that is not a bank used to be
described in the error: its shape, its first key, its text. As root, that could be a
file only root may read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_render_fixtures import intake_from_answers
from typer.testing import CliRunner

from ldconsult.cli import app
from ldconsult.intake import save

REPO = Path(__file__).resolve().parent.parent
SECRETS = ("hunter2", "password", "s3cr3t", "api_key", ":1:", ":2:")


@pytest.fixture
def secret_files(tmp_path: Path) -> dict[str, Path]:
    files = {"mapping": ("secret.yaml", "password: hunter2\napi_key: s3cr3t\n"),
             "text": ("notes.yaml", "hunter2 s3cr3t\n"),
             "list": ("list.yaml", "- password: hunter2\n"),
             "bad yaml": ("bad.yaml", "password: [hunter2\n"),
             "almost a bank": ("almost.yaml", "id: s3cr3t\ntitle: hunter2\nversion: 1\n"
                               "sections: [{id: x, title: password, questions: []}]\n")}
    out = {}
    for kind, (name, text) in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out[kind] = path
    return out


def intake_pointing_at(tmp_path: Path, target: str, *, draft: bool = False) -> Path:
    intake = intake_from_answers(REPO / "examples" / "answers" / "crm-go-live.yaml")
    intake = intake.model_copy(update={"bank": intake.bank.model_copy(update={"path": target}),
                                       "status": "draft" if draft else "complete"})
    path = tmp_path / (".i.draft.yaml" if draft else "intake.yaml")
    save(intake, path, force=True)
    return path


def assert_no_echo(text: str) -> None:
    assert not [s for s in SECRETS if s in text], text


@pytest.mark.parametrize("kind", ["mapping", "text", "list", "bad yaml", "almost a bank"])
@pytest.mark.parametrize("command", [["recommend"], ["export"], ["followup", "--show"]])
def test_a_file_that_is_not_a_bank_is_not_described(tmp_path: Path, secret_files: dict,
                                                     kind: str, command: list[str]) -> None:
    path = intake_pointing_at(tmp_path, str(secret_files[kind]))
    r = CliRunner().invoke(app, [command[0], str(path), *command[1:]])
    assert r.exit_code == 2, r.stderr
    assert len(r.stderr.splitlines()) == 1
    assert "is not a valid question bank" in r.stderr and "pass --bank" in r.stderr
    assert_no_echo(r.stdout + r.stderr)


def test_review_does_not_describe_it_either(tmp_path: Path, secret_files: dict) -> None:
    intake_pointing_at(tmp_path, str(secret_files["mapping"]))
    r = CliRunner().invoke(app, ["review", str(tmp_path / "intake.yaml")])
    assert r.exit_code == 2
    assert "is not a valid question bank" in r.stdout
    assert_no_echo(r.stdout + r.stderr)


def test_resuming_a_draft_does_not_describe_it(tmp_path: Path, secret_files: dict) -> None:
    draft = intake_pointing_at(tmp_path, str(secret_files["mapping"]), draft=True)
    r = CliRunner().invoke(app, ["interview", "--resume", str(draft)])
    assert r.exit_code == 2
    assert "is not a valid question bank" in r.stderr
    assert_no_echo(r.stderr)


def test_only_yaml_and_json_files_are_opened(tmp_path: Path) -> None:
    other = tmp_path / "passwd"
    other.write_text("root:x:0:0:root:/root:/bin/bash\n")
    path = intake_pointing_at(tmp_path, str(other))
    r = CliRunner().invoke(app, ["recommend", str(path)])
    assert r.exit_code == 2
    assert r.stderr == (f"ldconsult: error: the intake's bank.path '{other}' is not a .yaml, "
                        ".yml or .json file; pass --bank\n")


def test_a_real_bank_at_bank_path_still_works(tmp_path: Path, mini_bank_path: Path) -> None:
    intake = intake_from_answers(REPO / "examples" / "answers" / "crm-go-live.yaml")
    data = intake.to_data()
    data["bank"] = {"id": "mini", "version": "1", "path": str(mini_bank_path)}
    data["answers"] = {"problem": "Wrong refunds", "feedback_speed": "weeks"}
    path = tmp_path / "own.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    r = CliRunner().invoke(app, ["recommend", str(path), "-f", "json"])
    assert r.exit_code == 0, r.stderr


def test_banks_validate_still_tells_the_author_everything(secret_files: dict) -> None:
    # Naming a file on the command line is asking to see what is wrong with it.
    r = CliRunner().invoke(app, ["banks", "validate", str(secret_files["mapping"])])
    assert r.exit_code == 1 and "password" in r.stdout


# A bank.path longer than the system allows (G2) crashed every reader (exit 3, "File name
# too long") and was printed whole, a 6 KB line.
LONG_PATHS = {
    "one name of 6,000 characters": "/tmp/" + "a" * 6000 + ".yaml",
    "a name of 300 characters (over NAME_MAX)": "/tmp/" + "a" * 300 + ".yaml",
    "thirty folders of 200 characters": "/tmp/" + ("a" * 200 + "/") * 30 + "b.yaml",
}


@pytest.mark.parametrize("target", LONG_PATHS.values(), ids=list(LONG_PATHS))
@pytest.mark.parametrize("command", [["recommend"], ["export"], ["followup", "--show"]])
def test_a_bank_path_too_long_for_the_system_is_one_short_line_exit_2(
        tmp_path: Path, target: str, command: list[str]) -> None:
    path = intake_pointing_at(tmp_path, target)
    r = CliRunner().invoke(app, [command[0], str(path), *command[1:]])
    assert r.exit_code == 2, r.stderr
    assert len(r.stderr.splitlines()) == 1 and len(r.stderr) < 300, r.stderr
    assert "bank.path" in r.stderr and "too long" in r.stderr


@pytest.mark.parametrize("target", LONG_PATHS.values(), ids=list(LONG_PATHS))
def test_review_lists_an_intake_whose_bank_path_is_too_long(tmp_path: Path,
                                                            target: str) -> None:
    intake_pointing_at(tmp_path, target)
    r = CliRunner().invoke(app, ["review", str(tmp_path), "--format", "csv"])
    assert r.exit_code == 2, r.stderr  # nothing else to review
    assert "too long" in r.stderr and len(r.stderr) < 600, r.stderr


def test_resuming_a_draft_whose_bank_path_is_too_long_is_one_line(tmp_path: Path) -> None:
    path = intake_pointing_at(tmp_path, LONG_PATHS["one name of 6,000 characters"],
                              draft=True)
    r = CliRunner().invoke(app, ["interview", "--resume", str(path)])
    assert r.exit_code == 2, r.stderr
    assert len(r.stderr.splitlines()) == 1 and len(r.stderr) < 300, r.stderr


def test_an_internal_error_is_one_short_line_whatever_its_message() -> None:
    from ldconsult.cli import boundary

    def crash() -> int:
        raise OSError(36, "File name too long", "/tmp/" + "a" * 6000)

    import io
    import sys

    err, sys.stderr = sys.stderr, io.StringIO()
    try:
        assert boundary.call(crash) == 3
        said = sys.stderr.getvalue()
    finally:
        sys.stderr = err
    assert len(said.splitlines()) == 1 and len(said) < 400, said
    assert said.endswith("(rerun with --debug for the traceback, and please report it)\n")
