#!/usr/bin/env python3
"""The connection tests of bench/run.sh (docs/benchmarks.md, issue 17): raw sockets against
`erpbridge serve`, for what wrk does not do.

  connections.py idle HOST PORT N        open N connections, print "ready N", hold them until
                                         stdin closes, then print how many the server closed
  connections.py slow HOST PORT MS       send a request header one byte every MS ms; print
                                         seconds until the server answered or closed, status
  connections.py burst HOST PORT N REQUEST_FILE
                                         send the request in REQUEST_FILE on N connections at
                                         once; print how many got each status and how many got
                                         no HTTP answer (reset or closed)
"""
import resource
import selectors
import socket
import sys
import time


def raise_nofile(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(n, hard), hard))


def idle(host, port, n):
    raise_nofile(n + 256)
    held = [socket.create_connection((host, port)) for _ in range(n)]
    print("ready", len(held), flush=True)
    sys.stdin.read()
    closed = 0
    for s in held:
        s.setblocking(False)
        try:
            closed += s.recv(1) == b""
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
    print("closed_by_server", closed, flush=True)


def slow(host, port, interval_ms):
    header = b"GET /healthz HTTP/1.1\r\nHost: bench\r\nX-Slow: " + b"a" * 2000 + b"\r\n\r\n"
    s = socket.create_connection((host, port))
    s.settimeout(interval_ms / 1000.0)
    start = time.monotonic()
    reply = b""
    for i in range(len(header)):
        try:
            s.sendall(header[i:i + 1])
            reply = s.recv(4096)
            break  # an answer or the close
        except socket.timeout:
            continue
        except OSError:
            break
    elapsed = time.monotonic() - start
    status = reply.split(b" ")[1].decode() if reply.startswith(b"HTTP/") else "none"
    print("closed_after_s %.2f status %s sent_bytes %d of %d" % (elapsed, status, i, len(header)))


def burst(host, port, n, request_file):
    raise_nofile(n + 256)
    request = open(request_file, "rb").read()
    sel = selectors.DefaultSelector()
    replies = {}
    for _ in range(n):
        s = socket.create_connection((host, port))
        s.setblocking(False)
        replies[s] = b""
    for s in replies:
        s.sendall(request)
        sel.register(s, selectors.EVENT_READ)
    counts, deadline = {}, time.monotonic() + 60
    while sel.get_map() and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except OSError:
                data = b""
            replies[s] += data
            if not data or b"\r\n\r\n" in replies[s]:
                sel.unregister(s)
                got = replies[s]
                status = got.split(b" ")[1].decode() if got.startswith(b"HTTP/") else "no_answer"
                counts[status] = counts.get(status, 0) + 1
    for _ in sel.get_map():
        counts["no_answer"] = counts.get("no_answer", 0) + 1
    print(" ".join("%s=%d" % kv for kv in sorted(counts.items())))


if __name__ == "__main__":
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "idle":
        idle(host, port, int(sys.argv[4]))
    elif mode == "slow":
        slow(host, port, int(sys.argv[4]))
    elif mode == "burst":
        burst(host, port, int(sys.argv[4]), sys.argv[5])
