"""The wheel carries the banks, data and templates, and runs from any folder."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ldconsult import __version__

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # No isolation: the build backend (hatchling) is already installed and CI may be offline.
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation",
                           "--outdir", str(out), str(REPO)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    (path,) = out.glob("ldconsult-*.whl")
    return path


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.mark.slow
def test_wheel_contains_the_shipped_banks(wheel: Path) -> None:
    shipped = {f"ldconsult/question_banks/{p.name}" for p in (REPO / "question_banks").glob("*.yaml")}
    assert shipped and shipped <= _names(wheel)


@pytest.mark.slow
@pytest.mark.parametrize("folder, pattern", [("ldconsult/data", "*.yaml"),
                                             ("ldconsult/render/templates", "*")])
def test_wheel_contains_package_data(wheel: Path, folder: str, pattern: str) -> None:
    expected = {f"{folder}/{p.name}" for p in (REPO / folder).glob(pattern) if p.is_file()}
    if not expected:
        pytest.skip(f"no files in {folder} yet")
    assert expected <= _names(wheel)


@pytest.mark.slow
def test_wheel_has_the_console_script_and_version(wheel: Path) -> None:
    assert wheel.name.startswith(f"ldconsult-{__version__}-")
    with zipfile.ZipFile(wheel) as zf:
        entry = next(n for n in zf.namelist() if n.endswith("entry_points.txt"))
        assert "ldconsult = ldconsult.cli:main" in zf.read(entry).decode()


@pytest.mark.slow
def test_wheel_carries_no_clutter(wheel: Path) -> None:
    junk = [n for n in _names(wheel) if "__pycache__" in n or n.endswith((".pyc", ".tmp"))
            or "/tests/" in n]
    assert junk == []


def test_python_dash_m_ldconsult_works_from_another_folder(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "ldconsult", "--version"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"ldconsult {__version__}"


def test_banks_list_works_from_another_folder(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "ldconsult", "banks", "list"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "performance-consulting" in done.stdout
