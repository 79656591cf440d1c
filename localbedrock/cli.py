"""The ``localbedrock`` command."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

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
    _serve_options(commands.add_parser("serve", help="serve the emulator over HTTP (for --endpoint-url)"))
    coverage = commands.add_parser(
        "coverage", help="the operations of the four Bedrock APIs the emulator serves, as a Markdown table"
    )
    coverage.add_argument("--write", metavar="FILE", help="replace the table in FILE (docs/localbedrock.md)")
    tokens = commands.add_parser("tokens", help="count tokens with the emulator's tokenizer approximation")
    tokens.add_argument("text", help="the text to count")
    return parser


def _serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    serve.add_argument("--port", type=int, default=4566, help="port to listen on (0 picks a free one)")
    faults = serve.add_argument_group("fault injection (off by default)")
    faults.add_argument("--tokens-per-minute", type=int, metavar="N", help="throttle above N tokens a minute")
    faults.add_argument(
        "--unavailable-rate",
        type=float,
        default=0.0,
        metavar="P",
        help="share of calls answered ServiceUnavailableException (0 to 1)",
    )
    faults.add_argument("--seed", type=int, default=0, help="seed of the unavailable draws")
    serve.add_argument(
        "--deny-model",
        action="append",
        default=[],
        metavar="MODEL_ID",
        help="answer AccessDeniedException for this model (repeatable)",
    )
    serve.add_argument(
        "--lifecycle-seconds",
        type=float,
        default=3.0,
        metavar="S",
        help="how long knowledge bases, ingestion, customization and throughput take to be ready",
    )
    serve.add_argument(
        "--sleep",
        type=float,
        default=0.0,
        metavar="F",
        help="1.0 really waits for the simulated latency; 0 (default) never waits",
    )
    serve.add_argument(
        "--rule",
        nargs=2,
        action="append",
        default=[],
        metavar=("REGEX", "REPLY"),
        help="scripted reply: a last user turn matching REGEX gets REPLY (repeatable)",
    )
    serve.add_argument(
        "--encoder",
        metavar="MODULE:NAME",
        help="embedding backend: an object with encode(texts, dimensions), or a class to call",
    )


def _encoder(spec: str) -> Any:
    module, _, name = spec.partition(":")
    if not name:
        raise SystemExit(f"--encoder: expected MODULE:NAME, got {spec!r}")
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as error:
        raise SystemExit(f"--encoder: cannot load {spec!r} ({error})") from None
    return found() if isinstance(found, type) else found


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
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows]
    prices = f"Prices are illustrative on-demand list prices as of {PRICES_AS_OF:%B %Y}; check the AWS pricing page."
    lines += ["", prices]
    _print_lines(lines)


def _print_lines(lines: Sequence[str]) -> None:
    """Print, stopping quietly when the reader goes away (``localbedrock models | head``)."""
    try:
        for line in lines:
            print(line)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would complain again while flushing at exit: point stdout at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _start_server(args: argparse.Namespace) -> Any:
    from localbedrock.faults import Faults
    from localbedrock.server import serve

    return serve(
        args.port,
        args.host,
        faults=Faults(tokens_per_minute=args.tokens_per_minute, unavailable_rate=args.unavailable_rate, seed=args.seed),
        denied_models=args.deny_model,
        lifecycle_seconds=args.lifecycle_seconds,
        sleep=args.sleep,
        rules=[tuple(rule) for rule in args.rule],
        encoder=_encoder(args.encoder) if args.encoder else None,
    )


def _serve(args: argparse.Namespace) -> None:
    from localbedrock.server import client_environment

    try:
        server, emulator = _start_server(args)
    except OSError as error:
        raise SystemExit(
            f"localbedrock serve: cannot listen on {args.host}:{args.port} ({error.strerror}); "
            "choose another with --port (0 picks a free one)"
        ) from None
    host = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
    url = f"http://{host}:{server.server_address[1]}"
    banner = [
        f"localbedrock serving on {url} (Ctrl-C stops). Point a client at it with:",
        *(f"  export {name}={value}" for name, value in client_environment(url).items()),
        "(any credentials are accepted; clients need some to sign with.) For example:",
        "  aws bedrock-runtime converse --model-id amazon.nova-micro-v1:0 "
        '--messages \'[{"role":"user","content":[{"text":"Hi"}]}]\'',
    ]
    print("\n".join(banner), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        emulator.stop()


def _coverage(write: str | None) -> None:
    from localbedrock.coverage import coverage_table, replace_table

    if write:
        replace_table(write)
        print(f"updated the coverage table in {write}")
    else:
        _print_lines(coverage_table().splitlines())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
    elif args.command == "models":
        _models(args.provider)
    elif args.command == "serve":
        _serve(args)
    elif args.command == "coverage":
        _coverage(args.write)
    elif args.command == "tokens":
        from localbedrock.tokens import count_tokens

        print(count_tokens(args.text))
    return 0
