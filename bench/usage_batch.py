#!/usr/bin/env python3
"""Usage batching benchmark (bench/README.md, "Usage batches"): `yinling upload` turning 1,000,000
logged plays into numbered batches, against a minimal hub on 127.0.0.1.

    bench/usage_batch.py --yinling .build-bench/release/yinling [--plays 1000000] [--resources 300] [--days 90]

The play table is seeded directly with sqlite3 (settled plays of an earlier boot whose clock was
trusted: every play has its day), after `yinling status` created and migrated the database. Then
`yinling upload` runs once: it makes the batches (one pass over the plays not counted yet, totals
per day × resource × source, streamed into batches of at most 1 MiB, in one transaction with
marking the plays) and sends them to the hub, which checks the totals. The batching time is the one yinling logs; wall time and peak
RSS (getrusage of the child) are the whole command's. A second run with nothing new gives the
fixed cost. Writes the table to stdout and bench/results/usage-latest.md.
"""
import argparse, json, os, random, resource, sqlite3, subprocess, sys, tempfile, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIDNIGHT_NOV_20_SHANGHAI_MS = 1_795_104_000_000
DAY_MS = 86_400_000


class Hub(BaseHTTPRequestHandler):
    """Answers every batch as the protocol's hub does the first time, and sums what it got."""
    totals = {"batches": 0, "bytes": 0, "counts": 0, "plays": 0, "views": 0, "numbers": []}

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        batch = json.loads(body)
        totals = Hub.totals
        totals["batches"] += 1
        totals["bytes"] = max(totals["bytes"], len(body))
        totals["counts"] += len(batch["counts"])
        totals["plays"] += sum(c["plays"] for c in batch["counts"])
        totals["views"] += sum(c["views"] for c in batch["counts"])
        totals["numbers"].append(batch["batch"])
        answer = b'{"accepted":true,"duplicate":false}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def do_HEAD(self):
        self.send_response(405)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def run_child(argv):
    """Runs argv; returns (wall seconds, peak RSS in MB of the largest child so far, stderr)."""
    start = time.monotonic()
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.monotonic() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(argv)} failed ({result.returncode}):\n{result.stdout.decode()}{result.stderr.decode()[-3000:]}")
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, result.stderr.decode()


def seed(database, plays, resources, days, rng):
    """Settled TV and phone plays of 600 s videos, spread over `days` days before 2026-11-21."""
    boot = "0b5e7c1a-bench-4c3e-9a51-0e8b6f2d4c17"
    first_day_ms = MIDNIGHT_NOV_20_SHANGHAI_MS - (days - 1) * DAY_MS
    # The boot's monotonic clock started at the first day's midnight (true time = monotonic + offset).
    offset = first_day_ms
    connection = sqlite3.connect(database)
    connection.execute(
        "INSERT INTO clockTrust (bootID, offsetMilliseconds, source, learnedAtWall) VALUES (?, ?, 'kernel', ?)",
        (boot, offset, int(time.time() * 1000)))

    def rows():
        for index in range(plays):
            start_ns = rng.randrange(0, days * DAY_MS - 3_600_000) * 1_000_000
            played = rng.choice((5.0, 20.0, 45.5, 300.0, 590.0))
            yield (f"{index:032x}", f"R{rng.randrange(resources):06d}", "tv" if rng.random() < 0.7 else "phone", 600,
                   (start_ns // 1_000_000) + offset, boot, start_ns, 0.0, played, played,
                   (start_ns // 1_000_000) + offset + int(played * 1000), boot, start_ns + int(played * 1e9), 1, played)

    connection.executemany(
        """INSERT INTO play (token, resourceID, source, durationSeconds, startedWall, startedBoot, startedMonotonic,
           startPosition, position, playedSeconds, updatedWall, updatedBoot, updatedMonotonic, ended, furthestPosition)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows())
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--yinling", required=True)
    parser.add_argument("--plays", type=int, default=1_000_000)
    parser.add_argument("--resources", type=int, default=300)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seed-only", metavar="DIR", help="only create and seed the database in DIR, for experiments")
    args = parser.parse_args()
    yinling = os.path.abspath(args.yinling)

    if args.seed_only:
        os.makedirs(f"{args.seed_only}/data", exist_ok=True)
        with open(f"{args.seed_only}/yinling.toml", "w") as f:
            f.write(f'[storage]\ndata_dir = "{args.seed_only}/data"\ncache_dir = "{args.seed_only}/cache"\n')
        subprocess.run([yinling, "status", "--config", f"{args.seed_only}/yinling.toml"], check=True,
                       stdout=subprocess.DEVNULL, env=dict(os.environ, YINLING_ALLOW_ROOT="1"))
        seed(f"{args.seed_only}/data/kiosk.sqlite", args.plays, args.resources, args.days, random.Random(args.seed))
        return
    hub = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=hub.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory(prefix="yinling-usage-bench-") as directory:
        config = f"{directory}/yinling.toml"
        with open(config, "w") as f:
            f.write(f"""[site]\nid = "sh-bench-0001"\n[server]\nlog_level = "info"\n[storage]
data_dir = "{directory}/data"\ncache_dir = "{directory}/cache"\n[upload]
hub_url = "http://127.0.0.1:{hub.server_address[1]}/"\ntoken = "bench"\n""")
        env = dict(os.environ, YINLING_ALLOW_ROOT="1")
        subprocess.run([yinling, "status", "--config", config], check=True, stdout=subprocess.DEVNULL, env=env)
        started = time.monotonic()
        seed(f"{directory}/data/kiosk.sqlite", args.plays, args.resources, args.days, random.Random(args.seed))
        seeded = time.monotonic() - started
        database_mb = os.path.getsize(f"{directory}/data/kiosk.sqlite") / 1e6
        os.environ["YINLING_ALLOW_ROOT"] = "1"
        wall, rss, log = run_child([yinling, "upload", "--config", config])
        made = [line for line in log.splitlines() if "usage: made batch" in line]
        batching = float(made[-1].rsplit(" in ", 1)[1].split()[0]) if made else float("nan")
        idle_wall, _, _ = run_child([yinling, "upload", "--config", config])
    hub.shutdown()
    totals = Hub.totals
    if totals["plays"] != args.plays or totals["numbers"] != list(range(1, totals["batches"] + 1)):
        sys.exit(f"bench: the hub got {totals}, not {args.plays} plays in batches 1…n")

    day = time.strftime("%Y-%m-%d")
    lines = [
        f"Usage batches from {args.plays:,} logged plays ({args.resources} resources × {args.days} days × 2 sources; "
        f"seeded in {seeded:.1f} s, database {database_mb:.0f} MB) — {day}",
        "",
        "| figure | yinling upload | target |",
        "|---|---|---|",
        f"| batch creation (read, count, encode, store, mark {args.plays:,} plays; one transaction) | {batching:.3f} s | ≤ 2 s |",
        f"| whole command (start, batching, {totals['batches']} uploads to 127.0.0.1) | {wall:.3f} s | — |",
        f"| peak RSS of the command | {rss:.1f} MB | ≤ 60 MB |",
        f"| batches / counts / largest body | {totals['batches']} / {totals['counts']:,} / {totals['bytes']:,} bytes | ≤ 1,048,576 bytes |",
        f"| the same command with nothing new | {idle_wall:.3f} s | — |",
    ]
    report = "\n".join(lines)
    print(report)
    os.makedirs(f"{REPO}/bench/results", exist_ok=True)
    with open(f"{REPO}/bench/results/usage-latest.md", "w") as f:
        f.write(report + "\n")


if __name__ == "__main__":
    main()
