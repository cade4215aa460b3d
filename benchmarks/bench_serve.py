"""HTTP latency of `dateline serve` under concurrent clients, over a large synthetic store.

    .venv/bin/python benchmarks/bench_serve.py --events 1000000 --clients 16 --requests 4000

Builds (or reuses) bench_queries.py's seeded store of N synthetic merged events, starts a real
`dateline serve` process on a free loopback port, and has C clients, each on its own
keep-alive connection, ask `/api/v1/events?dyad=SRC,TGT` (first page of 50, a rotation over
the busiest dyads) as fast as answers come back. A small asyncio HTTP/1.1 client is the load
tool (it costs far less CPU per request than a full HTTP library, and server and clients share
this machine's cores). Reports p50/p95/p99 latency and throughput after a warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_queries import COUNTRIES, build


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(path: Path, port: int) -> subprocess.Popen:
    command = "from dateline.cli import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", command, "serve", "--db", str(path), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(300):
        try:
            urlopen(f"http://127.0.0.1:{port}/api/v1/events?limit=1", timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the server did not start: {process.stderr.read()}") from None
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("the server did not answer within 30 s")


async def get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One GET on a keep-alive connection; returns the status code."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(
        int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:")
    )
    await reader.readexactly(length)
    return status


async def client(port: int, paths: itertools.cycle, budget: list[int], out: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while budget[0] > 0:
            budget[0] -= 1
            path = next(paths)
            started = time.perf_counter()
            status = await get(reader, writer, path)
            out.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
    finally:
        writer.close()


async def load(port: int, paths: list[str], *, clients: int, requests: int) -> list[float]:
    latencies: list[float] = []
    budget = [requests]
    rotation = itertools.cycle(paths)
    await asyncio.gather(*(client(port, rotation, budget, latencies) for _ in range(clients)))
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--warmup", type=int, default=400)
    parser.add_argument("--db", type=Path, default=None, help="an existing database instead")
    args = parser.parse_args()
    path = (
        args.db or Path(tempfile.gettempdir()) / f"dateline-bench-v2-{args.events}-{args.seed}.db"
    )
    if not path.exists():
        started = time.perf_counter()
        build(path, args.events, args.seed)
        print(f"built {args.events:,} events in {time.perf_counter() - started:.1f} s: {path}")
    busiest = COUNTRIES[:8]
    paths = [
        f"/api/v1/events?dyad={a},{b}" for a, b in itertools.permutations(busiest, 2)
    ]  # 56 dyads, each with tens of thousands of events
    port = free_port()
    server = start_server(path, port)
    try:
        asyncio.run(load(port, paths, clients=args.clients, requests=args.warmup))
        started = time.perf_counter()
        latencies = asyncio.run(load(port, paths, clients=args.clients, requests=args.requests))
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"{path.name}: {len(latencies):,} requests of /api/v1/events?dyad=… (first page of 50), "
        f"{args.clients} concurrent clients, {len(latencies) / seconds:.0f} requests/s"
    )
    print(
        f"  latency ms: p50 {percentile(latencies, 0.50):.1f}  p95 "
        f"{percentile(latencies, 0.95):.1f}  p99 {percentile(latencies, 0.99):.1f}  "
        f"max {max(latencies):.1f}  mean {statistics.fmean(latencies):.1f}"
    )


if __name__ == "__main__":
    main()
