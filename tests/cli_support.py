"""Running the CLI in the tests as a user would (typer's runner, the database in
KONTOR_DATABASE_URL) and checking its exit code."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kontor.entrypoints.cli.main import app

runner = CliRunner()


def kontor(url: str, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env={"KONTOR_DATABASE_URL": url, **(env or {})})


def ok(result, code: int = 0):
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr,
                                      result.exception)
    assert "Traceback" not in result.output
    return result


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
