"""A stand-in for the sync side of the staff API, for test_staff.py.

The real `yinling serve` answers the staff API's login and sessions, but shows sync data only once
the service has content sync; this stub serves the real Kiosk/ files and the same API shape
(docs/api.md "Staff") with a busy, made-up sync, so the page's dashboard and curation form can
be checked in a real browser whatever the server build offers. It records every change it is
asked for, with the CSRF header it came with.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PASSWORD = "stub staff password"
COOKIE = "yinling_staff=" + "ab" * 32
CSRF = "cd" * 32
# The same policy PageMiddleware sends: a page that needs inline scripts or styles breaks here too.
CSP = ("default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; "
       "frame-ancestors 'none'")
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
GB = 1 << 30
KEYS = {"categories": "categories", "pinnedSeries": "pinned_series", "pinnedResources": "pinned_resources",
        "excludedSeries": "excluded_series", "excludedResources": "excluded_resources", "budget": "budget",
        "reserveBytes": "reserve"}
FILE_CURATION = {"categories": [], "pinnedSeries": ["太极拳入门"], "pinnedResources": [], "excludedSeries": [],
                 "excludedResources": [], "budget": "90.00000000000001%", "reserveBytes": GB}


def status(done):
    """A download in progress, `done` bytes into it."""
    return {
        "state": "downloading", "trigger": "staff", "startedAt": "2025-06-09T02:00:04Z",
        "plan": {"downloadResources": 12, "downloadBytes": 3 * GB, "keepResources": 40, "keepBytes": 9 * GB,
                 "evictResources": 3, "evictBytes": 384 << 20, "leftOutResources": 5, "leftOutBytes": 2 * GB,
                 "budgetBytes": 20 * GB},
        "current": [{"resourceID": "KJ-WX-03", "title": "微信视频通话", "field": "media",
                     "bytesDone": done >> 6, "bytes": 30 << 20}],
        "filesDone": 4, "filesTotal": 24, "bytesDone": done, "bytesTotal": 3 * GB,
        "bytesPerSecond": 2 << 20, "etaSeconds": 1152,
        "last": {"outcome": "finished", "finishedAt": "2025-06-08T02:41:10Z", "message": "更新完成，1 个节目没能下载。",
                 "added": ["KJ-WX-02"], "kept": 40, "evicted": [], "bytesDownloaded": 50 << 20,
                 "failed": [{"resourceID": "YS-TJQ-03", "title": "太极拳第三式",
                             "reason": "封面文件校验不符，下次更新时再试"}]},
        "nextScheduled": "2025-06-10T02:00:00Z",
        "disk": {"totalBytes": 58 * GB, "freeBytes": 28 * GB, "cacheBytes": 12 * GB, "budgetBytes": 20 * GB,
                 "reserveBytes": GB},
    }


class Stub:
    def __init__(self, web_directory):
        self.web = Path(web_directory)
        self.lock = threading.Lock()
        self.calls = []                      # (method, path, csrf header, body)
        self.overrides = {"categories": ["养生保健", "科技应用"]}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.stopping = threading.Event()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def changes(self, path):
        with self.lock:
            return [call for call in self.calls if call[1] == path]

    def curation(self):
        effective = {key: self.overrides.get(key, value) for key, value in FILE_CURATION.items()}
        sources = {config: ("staff" if key in self.overrides else "config") for key, config in KEYS.items()}
        return {"curation": effective, "sources": sources}

    def handler(stub):
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def send(self, code, body=None, headers=()):
                data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode()
                self.send_response(code)
                for name, value in headers:
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def error(self, code, message, headers=()):
                self.send(code, {"error": {"message": message}}, headers)

            def logged_in(self):
                return COOKIE in (self.headers.get("Cookie") or "")

            def do_GET(self):
                path = self.path.split("?")[0]
                if not path.startswith("/api/"):
                    return self.file(path)
                if not self.logged_in():
                    return self.error(401, "not logged in")
                if path == "/api/v1/staff/session":
                    return self.send(200, {"csrfToken": CSRF})
                if path == "/api/v1/staff/status":
                    return self.send(200, status(600 << 20))
                if path == "/api/v1/staff/curation":
                    return self.send(200, stub.curation())
                if path == "/api/v1/staff/events":
                    return self.events()
                self.error(404, "not found")

            def do_POST(self):
                self.change("POST")

            def do_PUT(self):
                self.change("PUT")

            def change(self, method):
                path = self.path.split("?")[0]
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                if path == "/api/v1/staff/login":
                    if body.get("password") != PASSWORD:
                        return self.error(401, "wrong password", [("Retry-After", "1")])
                    return self.send(200, {"csrfToken": CSRF},
                                     [("Set-Cookie", f"{COOKIE}; HttpOnly; SameSite=Strict; Path=/")])
                if not self.logged_in():
                    return self.error(401, "not logged in")
                csrf = self.headers.get("X-CSRF-Token")
                with stub.lock:
                    stub.calls.append((method, path, csrf, body))
                if csrf != CSRF:
                    return self.error(403, "the X-CSRF-Token header is missing or wrong")
                if path == "/api/v1/staff/curation":
                    stub.overrides = {key: value for key, value in body.items() if value is not None}
                    return self.send(200, stub.curation())
                if path == "/api/v1/staff/logout":
                    return self.send(204, None, [("Set-Cookie", "yinling_staff=; Max-Age=0; Path=/")])
                answer = status(600 << 20)
                if path == "/api/v1/staff/sync/pause":
                    answer["state"] = "paused"
                self.send(200, answer)

            def events(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream; charset=utf-8")
                self.send_header("Cache-Control", "no-store")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for done in (600 << 20, 1536 << 20):       # the page must show the second one
                        self.wfile.write(f"data: {json.dumps(status(done), ensure_ascii=False)}\n\n".encode())
                        self.wfile.flush()
                        time.sleep(0.5)
                    while not stub.stopping.wait(1):
                        self.wfile.write(b": heartbeat\n\n")
                        self.wfile.flush()
                except OSError:
                    pass
                self.close_connection = True

            def file(self, path):
                if path == "/staff":
                    self.send_response(308)
                    self.send_header("Location", "/staff/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                target = (stub.web / path.lstrip("/")).resolve()
                if path.endswith("/"):
                    target = target / "index.html"
                if stub.web.resolve() not in target.parents or not target.is_file():
                    return self.error(404, "not found")
                data = target.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", TYPES.get(target.suffix, "application/octet-stream"))
                self.send_header("Content-Security-Policy", CSP)
                self.send_header("Cache-Control", "no-store")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
