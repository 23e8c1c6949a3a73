"""The command line: every command documents itself; errors are one line with a non-zero exit."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from streams.cli import main

COMMANDS = sorted(main.commands)


def test_cli_lists_the_required_commands():
    assert {"up", "broker", "worker", "ingest", "tail", "extract", "demo"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert len(main.commands[command].help or "") > 20


def test_cli_ingest_missing_file_is_one_clear_line():
    result = CliRunner().invoke(main, ["ingest", "/nonexistent/file.jsonl"])
    assert result.exit_code == 1
    assert result.output.strip() == "strikewire: no such file: /nonexistent/file.jsonl"


def test_cli_extract_rejects_naive_time(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Some text.")
    result = CliRunner().invoke(main, ["extract", str(path), "--published-at", "2026-01-15T12:00:00"])
    assert result.exit_code != 0
    assert "timezone" in result.output


def test_cli_broker_with_a_broker_url_is_one_clear_line(monkeypatch):
    # it used to crash with an AttributeError on the missing embedded broker
    monkeypatch.setenv("STRIKEWIRE_BROKER_URL", "kafka://kafka:9092")
    result = CliRunner().invoke(main, ["broker"])
    assert result.exit_code == 1
    assert result.output.startswith("strikewire: STRIKEWIRE_BROKER_URL is set (kafka://kafka:9092)")
    assert "Traceback" not in result.output
