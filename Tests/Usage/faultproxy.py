"""A fault-injecting HTTP proxy between the kiosk and the hub, for the exactly-once test.

Every request the kiosk sends is read whole, then, by a seeded random draw:

- `drop_request`: the connection is closed before anything reaches the hub;
- `drop_response`: the request is forwarded, the hub's whole answer is read (the hub has committed),
  and the connection is closed without a byte to the kiosk;
- `delay`: the request is held 20–300 ms, then forwarded;
- `overloaded`: the proxy answers `503` with `Retry-After: 1` itself;
- otherwise it is forwarded as it is.

While the hub is down the proxy answers `502`. It counts what it did, and which answers from the hub
reached the kiosk (`forwarded[status]`). Threads only; bounded by the test's own deadline.
"""

import random
import socket
import socketserver
import threading
import time
from collections import Counter

FAULTS = {"drop_request": 0.12, "drop_response": 0.12, "delay": 0.12, "overloaded": 0.08}


class FaultProxy:
    def __init__(self, upstream_port, seed, faults=None, first=()):
        self.upstream_port = upstream_port
        self.random = random.Random(seed)
        self.first = list(first)  # faults for the first requests, in order, before the random draws
        self.faults = dict(FAULTS if faults is None else faults)
        self.lock = threading.Lock()
        self.counts = Counter()
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                proxy.handle(self.connection, self.rfile)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def draw(self):
        with self.lock:
            value = self.random.random()
            delay = self.random.uniform(0.02, 0.3)
            if self.first:
                return self.first.pop(0), delay
        for fault, probability in self.faults.items():
            if value < probability:
                return fault, delay
            value -= probability
        return "forward", delay

    def count(self, what):
        with self.lock:
            self.counts[what] += 1

    def handle(self, connection, rfile):
        request = read_message(rfile)
        if request is not None:
            fault, delay = self.draw()
            self.count(fault)
            if fault == "drop_request":
                return
            if fault == "overloaded":
                body = b'{"error":"overloaded (fault proxy)"}'
                connection.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: "
                                   b"application/json\r\nContent-Length: " + str(len(body)).encode() +
                                   b"\r\nConnection: close\r\n\r\n" + body)
                return
            if fault == "delay":
                time.sleep(delay)
            answer = self.forward(request)
            if answer is None:
                body = b'{"error":"the hub is down (fault proxy)"}'
                connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: " + str(len(body)).encode() +
                                   b"\r\nConnection: close\r\n\r\n" + body)
                self.count("hub_down")
                return
            if fault == "drop_response":
                return
            self.count(f"forwarded {answer.split(b' ', 2)[1].decode()}")
            connection.sendall(answer)
            return  # one request per connection: the answer says Connection: close

    def forward(self, request):
        """The request to the hub on a fresh connection (Connection: close); its whole answer, or None."""
        head, _, body = request.partition(b"\r\n\r\n")
        lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
        data = b"\r\n".join(lines + [b"Connection: close"]) + b"\r\n\r\n" + body
        try:
            with socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10) as upstream:
                upstream.sendall(data)
                answer = upstream.makefile("rb").read()  # until the hub closes: any framing
        except OSError:
            return None
        if not answer.startswith(b"HTTP/"):
            return None
        return answer


def read_message(stream):
    """One HTTP/1.1 request with a Content-Length body (or none), as bytes; None at end of stream."""
    try:
        first = stream.readline()
        if not first:
            return None
        head = [first]
        length = 0
        while True:
            line = stream.readline()
            if not line:
                return None
            head.append(line)
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        body = stream.read(length) if length else b""
        return b"".join(head) + body
    except (OSError, ValueError):
        return None
