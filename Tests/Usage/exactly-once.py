#!/usr/bin/env python3
"""Usage counts exactly once, end to end: the real `yinling serve` and the real `yinling-hub serve` on
127.0.0.1 with a fault-injecting proxy between them (Tests/Usage/faultproxy.py: dropped requests,
responses dropped after the hub committed, delays, 503 with Retry-After), backoff bounds in
milliseconds, the hub restarted mid-run, and the kiosk killed with SIGKILL at random moments while
it batches and uploads.

Plays are seeded into the kiosk's database between runs (the service is down then: docs/usage.md,
"For tests"), each finished, of a past boot whose clock offset is known (`clockTrust`) or, for some,
unknown (sent with "day": null). The test counts every play itself with the protocol's rules: plays,
views (played ≥ min(30 s, half)), completions (a view reaching 90 %), watch seconds. At the end, once
the kiosk says every batch is acknowledged, the counts in the batches the hub stored (each
(site, installation, batch) once, numbered 1…n without a gap) must equal the test's own, per
resource × day × source, exactly; and the hub's ranking of the year, per resource, likewise.

    python3 Tests/Usage/exactly-once.py [--yinling .build/debug/yinling] [--hub .build/debug/yinling-hub]
                                        [--waves 8] [--plays 400] [--seed N]
"""

import argparse
import datetime
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
from faultproxy import FaultProxy  # noqa: E402

REPOSITORY = Path(__file__).resolve().parents[2]
SITE = "e2e-exactly-once"
SHANGHAI = ZoneInfo("Asia/Shanghai")
RESOURCES = [(f"E2E-{n:03d}", duration) for n, duration in enumerate([20, 45, 60, 90, 300, 1200, 2400], 1)]
DEADLINE = 420  # s for the whole test; every wait below is bounded by it
SETTLE_LIMIT = 120  # s for the last run to acknowledge every batch


class Failure(Exception):
    pass


def say(text):
    print(text, flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Hub:
    def __init__(self, executable, data, port):
        self.executable, self.data, self.port, self.process = executable, data, port, None

    def add_site(self):
        result = subprocess.run([self.executable, "sites", "add", SITE, "--region", "测试区", "--data", self.data],
                                capture_output=True, text=True, check=True)
        return result.stdout.strip().splitlines()[-1]

    def start(self):
        self.process = subprocess.Popen([self.executable, "serve", "--data", self.data, "--port", str(self.port),
                                         "--log-level", "warning"],
                                        stdout=subprocess.PIPE, stderr=open(f"{self.data}/serve.log", "a"), text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on"):
            raise Failure(f"yinling-hub serve did not start: {line!r}")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        if self.process.wait(timeout=30) != 0:
            raise Failure(f"yinling-hub serve exited {self.process.returncode} on SIGTERM")

    def get(self, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as answer:
            return json.load(answer)


class Kiosk:
    def __init__(self, executable, work, proxy_port, token):
        self.executable = executable
        self.data = f"{work}/kiosk/data"
        self.config = f"{work}/kiosk.toml"
        Path(self.config).write_text(f"""
[storage]
data_dir = "{self.data}"
cache_dir = "{work}/kiosk/cache"
[server]
address = "127.0.0.1"
port = {free_port()}
[site]
id = "{SITE}"
[upload]
hub_url = "http://127.0.0.1:{proxy_port}"
token = "{token}"
backoff_min_seconds = 0.005
backoff_max_seconds = 0.25
batch_interval_seconds = 0.05
timeout_seconds = 5
""")
        self.env = dict(os.environ, YINLING_ALLOW_ROOT="1")
        self.process = None
        self.log = open(f"{work}/kiosk.log", "a")

    def command(self, *arguments):
        return subprocess.run([self.executable, *arguments, "--config", self.config], capture_output=True, text=True,
                              env=self.env, timeout=60)

    def start(self):
        self.process = subprocess.Popen([self.executable, "serve", "--config", self.config], stdout=self.log,
                                        stderr=self.log, env=self.env)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        if self.process.wait(timeout=30) != 0:
            raise Failure(f"yinling serve exited {self.process.returncode} on SIGTERM")

    def usage(self):
        result = self.command("status", "--json")
        try:
            return json.loads(result.stdout).get("usage") or {}
        except json.JSONDecodeError:
            return {}


class Plays:
    """The seeded plays and the test's own count of them."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.expected = defaultdict(Counter)  # (resource, day, source) → counts
        self.serial = 0
        self.total = 0

    def seed(self, database, count, wave):
        """`count` finished plays of a past boot; most boots with a known clock offset, one in four without."""
        boot = f"e2e-boot-{wave:02d}"
        trusted = wave % 4 != 3
        # True time = monotonic + offset; the boot began on a day of 2026 picked at random (around midnight
        # in Shanghai for some, so a boot's plays fall on two days).
        start = datetime.datetime(2026, 1, 1, tzinfo=SHANGHAI) + datetime.timedelta(
            days=self.random.randrange(0, 330), hours=self.random.choice([2, 12, 23]))
        offset_ms = int(start.timestamp() * 1000) - 1_000_000
        rows = []
        for _ in range(count):
            self.serial += 1
            resource, duration = self.random.choice(RESOURCES)
            source = self.random.choice(["tv", "tv", "phone"])
            played = self.random.choice([0, 3, 10, 29, 30, 31, duration // 2, duration])
            played = min(played, duration)
            furthest = self.random.choice([played, duration * 0.89, duration * 0.9, duration])
            monotonic_ms = 1_000_000 + self.random.randrange(0, 4 * 3600 * 1000)
            wall = offset_ms + monotonic_ms + 7 * 86_400_000  # a wrong wall clock: days come from the offset
            rows.append((f"e2e-{self.serial:08d}", resource, source, duration, wall, boot, monotonic_ms * 1_000_000,
                         0.0, furthest, float(played), wall + played * 1000, boot,
                         (monotonic_ms + played * 1000) * 1_000_000, 1, furthest))
            day = None
            if trusted:
                day = datetime.datetime.fromtimestamp((offset_ms + monotonic_ms) / 1000, SHANGHAI).date().isoformat()
            view = played >= min(30, duration / 2)
            counts = self.expected[(resource, day, source)]
            counts["plays"] += 1
            counts["views"] += int(view)
            counts["completions"] += int(view and furthest >= duration * 0.9)
            counts["watchSeconds"] += int(played)
        with sqlite3.connect(database) as db:
            db.executemany("""INSERT INTO play (token, resourceID, source, durationSeconds, startedWall, startedBoot,
                              startedMonotonic, startPosition, position, playedSeconds, updatedWall, updatedBoot,
                              updatedMonotonic, ended, furthestPosition) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                           rows)
            if trusted:
                db.execute("INSERT INTO clockTrust (bootID, offsetMilliseconds, source, learnedAtWall) "
                           "VALUES (?, ?, 'hub', ?)", (boot, offset_ms, int(time.time() * 1000)))
        self.total += count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--yinling", default=str(REPOSITORY / ".build/debug/yinling"))
    parser.add_argument("--hub", default=str(REPOSITORY / ".build/debug/yinling-hub"))
    parser.add_argument("--waves", type=int, default=24)
    parser.add_argument("--plays", type=int, default=150, help="plays seeded per wave")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    options = parser.parse_args()
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="yinling-exactly-once-")
    say(f"exactly-once: seed {options.seed}, {options.waves} waves of {options.plays} plays, work {work}")
    chance = random.Random(options.seed)
    hub = Hub(options.hub, f"{work}/hub", free_port())
    os.makedirs(hub.data)
    proxy = kiosk = None
    try:
        token = hub.add_site()
        hub.start()
        # Every kind of fault at least once, whatever the draws: the first requests get one each.
        proxy = FaultProxy(hub.port, options.seed, first=["drop_response", "drop_request", "overloaded", "delay",
                                                          "drop_response"])
        kiosk = Kiosk(options.yinling, work, proxy.port, token)
        created = kiosk.command("upload")  # creates the database (nothing to send yet)
        if not Path(kiosk.data, "kiosk.sqlite").exists():
            raise Failure(f"yinling upload did not create the database: {created.stderr.strip()}")
        plays = Plays(options.seed)
        kills = 0
        for wave in range(options.waves):
            plays.seed(f"{kiosk.data}/kiosk.sqlite", options.plays, wave)
            kiosk.start()
            if wave == options.waves // 2:
                time.sleep(chance.uniform(0.1, 0.6))
                hub.stop()  # mid-run: the proxy answers 502 meanwhile
                time.sleep(chance.uniform(0.2, 1.0))
                hub.start()
            time.sleep(chance.uniform(0.02, 0.8))  # a batching round and its upload take about 0.1–0.5 s
            kiosk.kill()
            kills += 1
            if time.monotonic() - started > DEADLINE - SETTLE_LIMIT:
                raise Failure("the waves took too long")
        kiosk.start()
        usage = wait_for_acknowledgement(kiosk, started)
        kiosk.stop()
        kiosk = None
        check(hub, plays, usage)
        faults = {k: v for k, v in sorted(proxy.counts.items())}
        missing = [f for f in ("drop_request", "drop_response", "delay", "overloaded") if not proxy.counts[f]]
        if missing:
            raise Failure(f"the run never injected {missing}: {faults}")
        say(f"PASS exactly-once: {plays.total} plays in {usage.get('lastAcknowledgedBatch')} batches, {kills} SIGKILLs, "
            f"hub restarted once; proxy: {faults}; hub totals equal the test's per resource × day × source "
            f"({time.monotonic() - started:.1f} s)")
        return 0
    except (Failure, subprocess.SubprocessError, OSError) as failure:
        say(f"FAIL exactly-once (seed {options.seed}; logs in {work}): {failure}")
        return 1
    finally:
        if kiosk is not None and kiosk.process is not None and kiosk.process.poll() is None:
            kiosk.process.kill()
        if hub.process is not None and hub.process.poll() is None:
            hub.process.kill()
        if proxy is not None:
            proxy.close()


def wait_for_acknowledgement(kiosk, started):
    """Polls `yinling status --json` (bounded) until no play waits and every batch is acknowledged."""
    limit = time.monotonic() + SETTLE_LIMIT
    usage = {}
    while time.monotonic() < limit and time.monotonic() - started < DEADLINE:
        usage = kiosk.usage()
        if usage.get("pendingBatches") == 0 and usage.get("unbatchedPlays") == 0 and usage.get("lastBatch"):
            return usage
        time.sleep(0.5)
    raise Failure(f"the kiosk did not get every batch acknowledged within {SETTLE_LIMIT} s: {usage}")


def check(hub, plays, usage):
    database = sqlite3.connect(f"file:{hub.data}/hub.sqlite?mode=ro", uri=True)
    batches = database.execute("SELECT installation, number FROM batch WHERE site = ? ORDER BY installation, number",
                               (SITE,)).fetchall()
    database.close()
    installations = {installation for installation, _ in batches}
    numbers = [number for _, number in batches]
    if len(installations) != 1 or numbers != list(range(1, len(numbers) + 1)):
        raise Failure(f"the hub stored batches {numbers} of {len(installations)} installations; expected 1…n of one")
    if numbers[-1] != usage.get("lastAcknowledgedBatch"):
        raise Failure(f"the hub has {numbers[-1]} batches, the kiosk's last acknowledged is {usage}")
    # The hub's sums of what it stored, per resource × day × source.
    result = subprocess.run([hub.executable, "counts", "--data", hub.data, "--site", SITE], capture_output=True,
                            text=True, check=True, timeout=60)
    stored = defaultdict(Counter)
    for line in result.stdout.splitlines():
        row = json.loads(line)
        stored[(row["resource"], row["day"], row["source"])] = Counter(
            {m: row[m] for m in ("plays", "views", "completions", "watchSeconds")})
    expected = {key: Counter(value) for key, value in plays.expected.items()}
    if stored != expected:
        wrong = sorted(set(stored) ^ set(expected)) + sorted(k for k in set(stored) & set(expected)
                                                             if stored[k] != expected[k])
        raise Failure(f"the hub's counts differ from the test's for {len(wrong)} keys, e.g. "
                      + "; ".join(f"{k}: hub {dict(stored.get(k, {}))}, test {dict(expected.get(k, {}))}"
                                  for k in wrong[:3]))
    # The ranking of 2026 (null days arrive in 2026 too), per resource, through the hub's API.
    ranking = hub.get("/api/v1/ranking?year=2026&limit=10000")["ranking"]
    by_resource = defaultdict(Counter)
    for (resource, _, _), counts in expected.items():
        by_resource[resource].update(counts)
    got = {row["resource"]: Counter({m: row[m] for m in ("plays", "views", "completions", "watchSeconds")})
           for row in ranking}
    if got != by_resource:
        raise Failure(f"the 2026 ranking {dict(got)} is not the test's {dict(by_resource)}")
    if sum(c["plays"] for c in stored.values()) != plays.total:
        raise Failure("the stored plays are not every seeded play")


if __name__ == "__main__":
    sys.exit(main())
