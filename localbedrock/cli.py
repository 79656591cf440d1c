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
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    models = commands.add_parser("models", help="list the simulated foundation models and their profiles")
    models.add_argument("--provider", help="only this provider's models (for example Anthropic)")
    serve = commands.add_parser("serve", help="serve the emulator over HTTP on 127.0.0.1 (for --endpoint-url)")
    serve.add_argument("--port", type=int, default=4566, help="port to listen on (0 picks a free one)")
    tokens = commands.add_parser("tokens", help="count tokens with the emulator's tokenizer approximation")
    tokens.add_argument("text", help="the text to count")
    return parser


def _models(provider: str | None) -> None:
    from localbedrock.catalog import CATALOG, PRICES_AS_OF

    rows = [("MODEL ID", "TIER", "CONTEXT", "MAX OUT", "CUTOFF", "$/1K IN", "$/1K OUT")]
    for p in CATALOG.values():
        if provider and p.provider.lower() != provider.lower():
            continue
        cutoff = p.knowledge_cutoff.strftime("%Y-%m") if p.knowledge_cutoff else "-"
        tier = "-" if p.is_embedding else str(p.tier)
        out = "-" if p.is_embedding else str(p.max_output_tokens)
        rows.append(
            (
                p.model_id,
                tier,
                str(p.context_window),
                out,
                cutoff,
                f"{p.input_price_per_1k:g}",
                f"{p.output_price_per_1k:g}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    print(f"\nPrices are illustrative on-demand list prices as of {PRICES_AS_OF:%B %Y}; check the AWS pricing page.")


def _serve(port: int) -> None:
    from localbedrock.server import serve

    server, emulator = serve(port)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"localbedrock serving on {url} (use --endpoint-url {url}; any credentials); Ctrl-C stops", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        emulator.stop()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
    elif args.command == "models":
        _models(args.provider)
    elif args.command == "serve":
        _serve(args.port)
    elif args.command == "tokens":
        from localbedrock.tokens import count_tokens

        print(count_tokens(args.text))
    return 0
