"""SWF Local latency: per-call cost against a do-nothing floor and moto, and long-poll wake-up.

Run: ``v/bin/python benchmarks/local_latency.py [--calls 2000] [--wakeups 200]``

1. Per call: DescribeDomain through one boto3 client (same Config for every target) against
   - the floor: a do-nothing keep-alive HTTP server answering ``{}`` (client + HTTP cost only),
   - SWF Local (``LocalSWF`` in this process, temporary SQLite file),
   - SWF Local's dispatcher behind the standard library's ``http.server`` instead of its own
     HTTP layer (what replacing the hand-written parser would cost; it cannot apply the
     connection rules, see swf/local/connections.py),
   - moto's server (``ThreadedMotoServer``), if installed.
   Prints median / mean / p99 per call and each target's ratio to the floor.
2. Long-poll wake-up: a decider thread waits in PollForDecisionTask; another client calls
   StartWorkflowExecution; we time from that call's return to the poll's return.
"""

from __future__ import annotations

import argparse
import logging
import socket
import statistics
import threading
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config

from swf.local import LocalSWF
from swf.local.connections import _encode
from swf.local.protocol import Request

CANNED_DESCRIBE_DOMAIN = (
    b'{"domainInfo":{"name":"d","status":"REGISTERED",'
    b'"arn":"arn:aws:swf:us-east-1:000000000000:/domain/d"},'
    b'"configuration":{"workflowExecutionRetentionPeriodInDays":"1"}}'
)
CONFIG = Config(read_timeout=70, connect_timeout=5, retries={"max_attempts": 1})


def make_client(endpoint_url: str) -> Any:
    return boto3.client(
        "swf",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=CONFIG,
    )


class FloorServer:
    """Keep-alive HTTP/1.1 server that answers every request with ``{}`` in one send."""

    def __init__(self, body: bytes = b"{}") -> None:
        self.response = (
            b"HTTP/1.1 200 OK\r\nx-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\n"
            b"Content-Type: application/x-amz-json-1.0\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        rfile = sock.makefile("rb")
        try:
            while True:
                length = 0
                line = rfile.readline()
                if not line:
                    return
                while True:
                    header = rfile.readline()
                    if header in (b"\r\n", b"\n", b""):
                        break
                    if header.lower().startswith(b"content-length:"):
                        length = int(header.split(b":", 1)[1])
                rfile.read(length)
                sock.sendall(self.response)
        except OSError:
            return
        finally:
            sock.close()

    def close(self) -> None:
        self.listener.close()


class StdlibServer:
    """``http.server.ThreadingHTTPServer`` in front of a running LocalSWF's dispatcher: the
    standard library parses, SWF Local's dispatcher answers, headers and body in one write."""

    def __init__(self, local: LocalSWF) -> None:
        import http.server

        dispatcher = local._http.app  # type: ignore[union-attr]

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {name.lower(): value for name, value in self.headers.items()}
                response = dispatcher(Request(self.command, self.path, headers, body))
                self.wfile.write(_encode(response, close=False))

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def measure(call: Callable[[], Any], calls: int) -> list[float]:
    for _ in range(min(200, calls)):
        call()
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median": statistics.median(ordered) * 1000,
        "mean": statistics.fmean(ordered) * 1000,
        "p99": ordered[int(len(ordered) * 0.99) - 1] * 1000,
    }


def per_call(calls: int) -> None:
    print(f"Per-call latency, DescribeDomain, {calls} calls each (ms)")
    results: dict[str, dict[str, float]] = {}

    floor = FloorServer()
    client = make_client(f"http://127.0.0.1:{floor.port}")
    results["floor ({} server)"] = summary(measure(lambda: client.describe_domain(name="d"), calls))
    floor.close()

    # The same floor, answering the bytes SWF Local answers (so botocore parses the same output).
    floor = FloorServer(CANNED_DESCRIBE_DOMAIN)
    client = make_client(f"http://127.0.0.1:{floor.port}")
    results["floor (canned body)"] = summary(
        measure(lambda: client.describe_domain(name="d"), calls)
    )
    floor.close()

    with LocalSWF(poll_hold=1.0) as local:
        client = make_client(local.endpoint_url)
        client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        results["SWF Local"] = summary(measure(lambda: client.describe_domain(name="d"), calls))
        stdlib = StdlibServer(local)
        client = make_client(f"http://127.0.0.1:{stdlib.port}")
        results["http.server+SWF Local"] = summary(
            measure(lambda: client.describe_domain(name="d"), calls)
        )
        stdlib.close()

    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        print("  (moto not installed: skipped)")
    else:
        port = free_port()
        moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        moto.start()
        try:
            client = make_client(f"http://127.0.0.1:{port}")
            client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
            results["moto server"] = summary(
                measure(lambda: client.describe_domain(name="d"), calls)
            )
        finally:
            moto.stop()

    base = results["floor ({} server)"]["median"]
    print(f"  {'target':<22} {'median':>8} {'mean':>8} {'p99':>8} {'x floor':>8}")
    for name, row in results.items():
        ratio = row["median"] / base
        print(
            f"  {name:<22} {row['median']:8.3f} {row['mean']:8.3f} {row['p99']:8.3f} {ratio:8.2f}"
        )


def wakeup(rounds: int) -> None:
    print(f"Long-poll wake-up, {rounds} rounds (ms from StartWorkflowExecution's return)")
    with LocalSWF(poll_hold=30.0) as local:
        starter = make_client(local.endpoint_url)
        poller = make_client(local.endpoint_url)
        starter.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
        starter.register_workflow_type(
            domain="d",
            name="w",
            version="1",
            defaultTaskList={"name": "tl"},
            defaultExecutionStartToCloseTimeout="3600",
            defaultTaskStartToCloseTimeout="60",
            defaultChildPolicy="TERMINATE",
        )
        samples: list[float] = []
        for index in range(rounds):
            returned: list[float] = []

            def poll(returned: list[float] = returned) -> None:
                task = poller.poll_for_decision_task(
                    domain="d", taskList={"name": "tl"}, identity="bench"
                )
                returned.append(time.perf_counter())
                assert task.get("taskToken"), "poll came back empty"

            thread = threading.Thread(target=poll)
            thread.start()
            time.sleep(0.02)  # let the poll reach its wait
            starter.start_workflow_execution(
                domain="d", workflowId=f"wf-{index}", workflowType={"name": "w", "version": "1"}
            )
            started = time.perf_counter()
            thread.join()
            samples.append(max(returned[0] - started, 0.0))
    row = summary(samples)
    print(f"  median {row['median']:.3f}  mean {row['mean']:.3f}  p99 {row['p99']:.3f}")
    print("  (targets: median within 5 ms, p99 within 20 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--wakeups", type=int, default=200)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    per_call(args.calls)
    print()
    wakeup(args.wakeups)


if __name__ == "__main__":
    main()
