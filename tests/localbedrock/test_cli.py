from __future__ import annotations

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
