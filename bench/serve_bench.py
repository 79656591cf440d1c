"""Concurrent Converse clients over HTTP against `localbedrock serve`: latency percentiles and throughput.

Run: .venv/bin/python bench/serve_bench.py [--clients 32] [--calls 20] [--endpoint URL]
Starts a server on a free port (or uses a running one at URL); each of the clients is a thread with its own boto3
client (own connection pool, retries off), making its calls one after another. Prints the median, p99 and maximum
latency of a call, the calls of a second or more (stalls), errors and throughput; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import boto3
from botocore.config import Config

MODEL = "amazon.nova-micro-v1:0"


@contextmanager
def server() -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "localbedrock", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        if not found:
            raise SystemExit(f"no address in {line!r}")
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=10)


def client(endpoint: str) -> object:
    return boto3.client(
        "bedrock-runtime",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}, connect_timeout=10, read_timeout=60),
    )


def run(endpoint: str, clients: int, calls: int) -> tuple[list[float], int, float]:
    """Latencies (s) of every successful call, the number of errors and the wall time of the whole run."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1)

    def worker(index: int) -> None:
        runtime = client(endpoint)
        messages = [{"role": "user", "content": [{"text": f"What is the capital of France? ({index})"}]}]
        ready.wait()
        for _ in range(calls):
            start = time.perf_counter()
            try:
                runtime.converse(modelId=MODEL, messages=messages)  # type: ignore[attr-defined]
            except Exception:
                with lock:
                    errors[0] += 1
                continue
            with lock:
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.perf_counter() - start


def report(latencies: list[float], errors: int, wall: float, clients: int) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("nan")
    print(f"{clients} concurrent clients, {len(latencies)} calls answered, {errors} errors, in {wall:.2f} s")
    print(f"  median latency:  {statistics.median(ordered) * 1000:8.1f} ms")
    print(f"  p99 latency:     {p99 * 1000:8.1f} ms")
    print(f"  max latency:     {ordered[-1] * 1000:8.1f} ms")
    print(f"  calls >= 1 s:    {sum(1 for x in ordered if x >= 1.0):8d}")
    print(f"  throughput:      {len(latencies) / wall:8.1f} calls/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--calls", type=int, default=20, help="calls per client")
    parser.add_argument("--endpoint", help="a running server's URL (default: start one)")
    args = parser.parse_args()
    if args.endpoint:
        report(*run(args.endpoint, args.clients, args.calls), args.clients)
        return
    with server() as endpoint:
        client(endpoint).converse(modelId=MODEL, messages=[{"role": "user", "content": [{"text": "Hi"}]}])
        report(*run(endpoint, args.clients, args.calls), args.clients)


if __name__ == "__main__":
    main()
