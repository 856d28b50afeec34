#!/usr/bin/env python3
"""Hub ingest throughput with SQLite (bench/README.md, "Hub ingest").

    bench/hub_ingest.py [--hub .build-bench/release/yinling-hub] [--connections 16] [--rows 200]
                        [--duration 15] [--sites 256] [--groups 64,1]

Builds `yinling-hub` in release mode into .build-bench (unless --hub names a binary), adds
--sites sites with `yinling-hub sites add` (their tokens from the last output line), starts
`yinling-hub serve --port 0` on 127.0.0.1 with a fresh data directory, and loads it with wrk
(bench/hub_ingest.lua): --connections connections, each POSTing distinct usage batches of --rows
counts, for --duration seconds. One run per --groups value (`serve --commit-group`: 64 is the
default group commit, 1 writes every batch in a transaction of its own), each on a fresh database.
After each run the database is checked: one batch row and body per answer that said stored (plus
the few in flight when wrk stopped), totals that add up to every count of every stored batch,
nothing answered other than 200.

Prints a Markdown table and writes it to bench/results/hub-ingest-latest.md.
"""
import argparse, os, platform, re, shutil, sqlite3, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf("SC_CLK_TCK")


def ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def busy_ticks():
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # all but idle and iowait


def status_kb(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def run(hub, args, group, work):
    data = f"{work}/data-{group}"
    tokens = f"{work}/tokens-{group}"
    with open(tokens, "w") as out:
        for index in range(args.sites):
            site = f"bench-{index:04d}"
            added = subprocess.run([hub, "sites", "add", site, "--region", f"区{index % 16}", "--data", data],
                                   check=True, capture_output=True, text=True)
            out.write(f"{site} {added.stdout.strip().splitlines()[-1]}\n")
    server = subprocess.Popen([hub, "serve", "--data", data, "--port", "0", "--log-level", "warning",
                               "--commit-group", str(group)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        first = server.stdout.readline().strip()
        port = int(re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)", first).group(1))
        threads = min(2, args.connections)
        wrk = ["wrk", f"-t{threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "--timeout", "10s",
               "-s", f"{REPO}/bench/hub_ingest.lua", f"http://127.0.0.1:{port}", "--", tokens, str(args.rows),
               str(int(time.time()) % (1 << 31) + group)]
        before = (ticks(server.pid), busy_ticks(), time.monotonic())
        load = subprocess.run(wrk, capture_output=True, text=True, check=True)
        after = (ticks(server.pid), busy_ticks(), time.monotonic())
        hwm = status_kb(server.pid, "VmHWM") * 1024 / 1e6
        line = next(l for l in load.stdout.splitlines() if l.startswith("WRKRESULT"))
        result = {k: int(v) for k, v in (item.split("=") for item in line.split()[1:])}
        time.sleep(0.5)  # batches in flight when wrk stopped
    finally:
        server.terminate()
        server.wait(timeout=30)
    database = sqlite3.connect(f"{data}/hub.sqlite")
    batches = database.execute("SELECT COUNT(*) FROM batch").fetchone()[0]
    bodies = database.execute("SELECT COUNT(*) FROM batchBody").fetchone()[0]
    views = database.execute("SELECT COALESCE(SUM(views), 0) FROM total").fetchone()[0]
    database.close()
    seconds = result["duration_us"] / 1e6
    server_cpu = (after[0] - before[0]) / CLK_TCK
    machine_cpu = (after[1] - before[1]) / CLK_TCK
    checks = []
    if result["other"] or result["duplicate"]:
        checks.append(f"{result['other']} answers not 200, {result['duplicate']} duplicates")
    if not result["stored"] <= batches <= result["stored"] + args.connections:
        checks.append(f"{batches} batch rows for {result['stored']} stored answers")
    if bodies != batches or views != batches * args.rows * 9:
        checks.append(f"{bodies} bodies and {views} views for {batches} batches of {args.rows} counts of 9 views")
    errors = sum(result[k] for k in result if k.startswith("err_"))
    if errors:
        checks.append(f"wrk errors: {errors}")
    return {
        "group": group, "batches_per_s": result["stored"] / seconds, "p50": result["p50_us"] / 1000,
        "p90": result["p90_us"] / 1000, "p99": result["p99_us"] / 1000, "max": result["max_us"] / 1000,
        "stored": result["stored"], "seconds": seconds, "server_cpu": server_cpu,
        "cpu_per_1000": server_cpu / max(1, result["stored"]) * 1000, "machine_cpu": machine_cpu,
        "rss": hwm, "body": result["bytes"], "checks": checks or ["ok"],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hub")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--sites", type=int, default=256)
    parser.add_argument("--groups", default="64,1")
    args = parser.parse_args()
    for tool in ["wrk"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (Debian: apt install {tool})")
    hub = args.hub
    if not hub:
        subprocess.run(["swift", "build", "-c", "release", "--product", "yinling-hub", "--scratch-path",
                        f"{REPO}/.build-bench", "--static-swift-stdlib"], cwd=REPO, check=True)
        hub = f"{REPO}/.build-bench/release/yinling-hub"
    work = tempfile.mkdtemp(prefix="yinling-hubbench-")
    try:
        results = [run(hub, args, int(group), work) for group in args.groups.split(",")]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    body = 0
    lines = [
        f"Hub ingest, SQLite (WAL, synchronous=FULL), {args.connections} connections, batches of {args.rows} counts, "
        f"{args.duration} s per run, {args.sites} sites — {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        f"- machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}; {platform.platform()}",
        f"- client: wrk ({'2 threads' if args.connections > 1 else '1 thread'}, bench/hub_ingest.lua) on the same "
        "machine; hub: release build, --static-swift-stdlib",
        "",
        "| commit group | batches/s | p50 ms | p90 ms | p99 ms | max ms | server CPU, core-s per 1000 batches "
        "| machine busy, cores | peak RSS MB | checks |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        label = f"{r['group']}" + (" (default)" if r["group"] == 64 else " (one transaction per batch)" if r["group"] == 1 else "")
        lines.append(
            f"| {label} | {r['batches_per_s']:,.0f} | {r['p50']:.2f} | {r['p90']:.2f} | {r['p99']:.2f} | "
            f"{r['max']:.1f} | {r['cpu_per_1000']:.2f} | {r['machine_cpu'] / r['seconds']:.2f} | {r['rss']:.1f} | "
            f"{'; '.join(r['checks'])} |")
    report = "\n".join(lines) + "\n"
    print(report)
    os.makedirs(f"{REPO}/bench/results", exist_ok=True)
    with open(f"{REPO}/bench/results/hub-ingest-latest.md", "w") as f:
        f.write(report)


if __name__ == "__main__":
    main()
