from __future__ import annotations

import subprocess
import sys

import pytest

from localbedrock import __version__
from localbedrock.cli import main


def test_help_lists_the_commands(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "models" in out and "tokens" in out


def test_version(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_models_lists_the_catalogue_with_dated_prices(capsys):
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "anthropic.claude-3-haiku-20240307-v1:0" in out and "0.00025" in out
    assert "illustrative" in out and "December 2024" in out


def test_models_filters_by_provider(capsys):
    main(["models", "--provider", "meta"])
    lines = [line for line in capsys.readouterr().out.splitlines() if "." in line.split(" ")[0]]
    assert lines and all(line.startswith("meta.") for line in lines)


def test_tokens_counts_with_the_emulator_rule(capsys):
    main(["tokens", "Hello, world!"])
    assert capsys.readouterr().out.strip() == "4"


def test_models_into_a_closed_pipe_ends_quietly():
    # `localbedrock models | head -1`: the reader is gone before the listing is written
    process = subprocess.Popen(
        [sys.executable, "-m", "localbedrock", "models"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in errors and "BrokenPipe" not in errors


def test_serve_takes_every_start_option(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    for option in (
        "--host",
        "--port",
        "--tokens-per-minute",
        "--unavailable-rate",
        "--seed",
        "--deny-model",
        "--lifecycle-seconds",
        "--sleep",
        "--rule",
        "--encoder",
    ):
        assert option in out
