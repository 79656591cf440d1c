"""The ``localbedrock`` command."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from localbedrock import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="localbedrock",
        description=(
            "An offline Amazon Bedrock. In Python, call localbedrock.start() before creating boto3 clients; "
            "the same code then runs with no AWS account, no cost and no network."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
    return 0
