"""The entry point of the ``ldconsult`` command (and of ``python -m ldconsult``).

The Typer app lives in :mod:`ldconsult.cli.typer_app`; this module loads it only when it is
needed, so ``ldconsult --version`` answers without importing typer at all (about a third
of a second on a slow laptop), and ``ldconsult interview`` with ordinary options starts
without it too (:mod:`ldconsult.cli.fast`: the first question comes sooner).
``from ldconsult.cli import app`` keeps working: any name not defined here is looked up
in :mod:`ldconsult.cli.typer_app`.
"""

from __future__ import annotations

import sys

from ldconsult import __version__


def main() -> None:
    from ldconsult.base import stdio

    stdio.install()  # a full disk or a closed stdout: one line and exit 2, at any point
    try:
        if sys.argv[1:] == ["--version"]:
            sys.stdout.write(f"ldconsult {__version__}\n")
            sys.stdout.flush()
            return
        if sys.argv[1:2] == ["interview"]:
            from ldconsult.cli.fast import run_interview

            code = run_interview(sys.argv[2:])
            if code is not None:
                raise SystemExit(code)
        from ldconsult.cli.typer_app import main as run_app

        run_app()
    except KeyboardInterrupt:  # Ctrl-C while still importing: no traceback either
        sys.stderr.write("ldconsult: interrupted\n")
        raise SystemExit(130) from None
    except BrokenPipeError:  # e.g. `ldconsult --version | true`
        stdio.silence(sys.stdout)
    except OSError as exc:  # OutputError outside a command: --version or --help
        sys.stderr.write(f"ldconsult: error: {exc}\n")
        raise SystemExit(2) from None


_SUBMODULES = frozenset({"boundary", "commands", "fast", "typer_app"})


def __getattr__(name: str) -> object:
    if name.startswith("__"):  # the import system probes __path__ and friends
        raise AttributeError(name)
    import importlib  # not `from ldconsult.cli import …`: that would ask this hook again

    if name in _SUBMODULES:  # `from ldconsult.cli import boundary` asks here before importing
        return importlib.import_module(f"{__name__}.{name}")
    cli_app = importlib.import_module("ldconsult.cli.typer_app")
    try:
        return getattr(cli_app, name)
    except AttributeError:
        raise AttributeError(f"module 'ldconsult.cli' has no attribute '{name}'") from None


if __name__ == "__main__":  # pragma: no cover
    main()
