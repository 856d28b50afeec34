#!/usr/bin/env python3
"""Hub ingest throughput with SQLite (bench/README.md, "Hub ingest").

    bench/hub_ingest.py [--hub .build-bench/release/yinling-hub] [--connections 16] [--rows 200]
                        [--duration 15] [--sites 256] [--groups 64,1] [--repeat 3]

Builds `yinling-hub` in release mode into .build-bench (unless --hub names a binary), adds
--sites sites with `yinling-hub sites add` (their tokens from the last output line), and for each
--groups value (`serve --commit-group`: 64 is the default group commit, 1 writes every batch in a
transaction of its own), --repeat times: starts `yinling-hub serve --port 0` on 127.0.0.1 and loads
it with wrk (bench/hub_ingest.lua): --connections connections, each POSTing distinct usage batches
of --rows counts for --duration seconds; wrk's latency percentiles are per request. Before each run
it waits (at most 120 s) until other processes use less than 0.15 cores. After each run the
database is checked: one new batch row and body per answer that said stored (plus the few in
flight when wrk stopped), totals that add up to every count of every stored batch, nothing
answered other than 200.

Prints a Markdown table (medians of the repeats, and every run) and writes it to
bench/results/hub-ingest-latest.md.
"""
import argparse, os, platform, re, resource, shutil, sqlite3, statistics, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLK_TCK = os.sysconf("SC_CLK_TCK")
COUNTED_VIEWS = 9  # views per count row in hub_ingest.lua


def ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def busy_ticks():
    fields = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    return sum(fields) - fields[3] - fields[4]  # all but idle and iowait


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_for_quiet(limit=0.15, patience=120):
    """Seconds waited, and whether the machine became quiet (other processes < limit cores)."""
    start = time.monotonic()
    while True:
        before = busy_ticks()
        time.sleep(2)
        load = (busy_ticks() - before) / CLK_TCK / 2
        if load < limit:
            return time.monotonic() - start, True
        if time.monotonic() - start > patience:
            return time.monotonic() - start, False


def database_counts(data):
    database = sqlite3.connect(f"{data}/hub.sqlite")
    counts = [database.execute(sql).fetchone()[0] for sql in [
        "SELECT COUNT(*) FROM batch", "SELECT COUNT(*) FROM batchBody", "SELECT COALESCE(SUM(views), 0) FROM total"]]
    database.close()
    return counts


def run(hub, args, group, data, tokens, run_id):
    waited, quiet = wait_for_quiet()
    before_counts = database_counts(data)
    server = subprocess.Popen([hub, "serve", "--data", data, "--port", "0", "--log-level", "warning",
                               "--commit-group", str(group)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    try:
        first = server.stdout.readline().strip()
        port = int(re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)", first).group(1))
        wrk = ["wrk", f"-t{min(2, args.connections)}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
               "--timeout", "10s", "-s", f"{REPO}/bench/hub_ingest.lua", f"http://127.0.0.1:{port}", "--", tokens,
               str(args.rows), str(run_id)]
        before = (ticks(server.pid), busy_ticks(), children_cpu())
        load = subprocess.run(wrk, capture_output=True, text=True, check=True)
        after = (ticks(server.pid), busy_ticks(), children_cpu())
        hwm = next(int(l.split()[1]) for l in open(f"/proc/{server.pid}/status") if l.startswith("VmHWM:")) * 1024 / 1e6
        line = next(l for l in load.stdout.splitlines() if l.startswith("WRKRESULT"))
        result = {k: int(v) for k, v in (item.split("=") for item in line.split()[1:])}
        time.sleep(0.5)  # batches in flight when wrk stopped
    finally:
        server.terminate()
        server.wait(timeout=30)
    batches, bodies, views = (a - b for a, b in zip(database_counts(data), before_counts))
    seconds = result["duration_us"] / 1e6
    server_cpu = (after[0] - before[0]) / CLK_TCK
    wrk_cpu = after[2] - before[2]
    machine_cpu = (after[1] - before[1]) / CLK_TCK
    checks = []
    if result["other"] or result["duplicate"]:
        checks.append(f"{result['other']} answers not 200, {result['duplicate']} duplicates")
    if not result["stored"] <= batches <= result["stored"] + args.connections:
        checks.append(f"{batches} new batch rows for {result['stored']} stored answers")
    if bodies != batches or views != batches * args.rows * COUNTED_VIEWS:
        checks.append(f"{bodies} bodies and {views} views for {batches} batches")
    errors = sum(result[k] for k in result if k.startswith("err_"))
    if errors:
        checks.append(f"wrk errors: {errors}")
    if not quiet:
        checks.append(f"machine not quiet after {waited:.0f} s")
    return {
        "group": group, "rate": result["stored"] / seconds, "p50": result["p50_us"] / 1000,
        "p90": result["p90_us"] / 1000, "p99": result["p99_us"] / 1000, "max": result["max_us"] / 1000,
        "stored": result["stored"], "seconds": seconds, "server": server_cpu / seconds,
        "per_batch": server_cpu / max(1, result["stored"]) * 1000, "wrk": wrk_cpu / seconds,
        "other": (machine_cpu - server_cpu - wrk_cpu) / seconds, "rss": hwm, "checks": checks or ["ok"],
    }


def row(label, r):
    return (f"| {label} | {r['rate']:,.0f} | {r['p50']:.1f} | {r['p90']:.1f} | {r['p99']:.1f} | {r['max']:.0f} | "
            f"{r['per_batch']:.2f} | {r['server']:.2f} | {r['wrk']:.2f} | {r['other']:.2f} | {r['rss']:.1f} | "
            f"{'; '.join(r['checks'])} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hub")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--sites", type=int, default=256)
    parser.add_argument("--groups", default="64,1")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt install wrk)")
    hub = args.hub
    if not hub:
        subprocess.run(["swift", "build", "-c", "release", "--product", "yinling-hub", "--scratch-path",
                        f"{REPO}/.build-bench", "--static-swift-stdlib"], cwd=REPO, check=True)
        hub = f"{REPO}/.build-bench/release/yinling-hub"
    work = tempfile.mkdtemp(prefix="yinling-hubbench-")
    started = time.monotonic()
    try:
        data, tokens = f"{work}/data", f"{work}/tokens"
        with open(tokens, "w") as out:
            for index in range(args.sites):
                site = f"bench-{index:04d}"
                added = subprocess.run([hub, "sites", "add", site, "--region", f"区{index % 16}", "--data", data],
                                       check=True, capture_output=True, text=True)
                out.write(f"{site} {added.stdout.strip().splitlines()[-1]}\n")
        runs = []
        for group in (int(g) for g in args.groups.split(",")):
            for attempt in range(args.repeat):
                runs.append(run(hub, args, group, data, tokens, len(runs) + 1))
                print(row(f"{group}, run {attempt + 1}", runs[-1]), file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = ("| commit group | batches/s | p50 ms | p90 ms | p99 ms | max ms | server CPU ms per batch | server cores "
              "| wrk cores | other cores | peak RSS MB | checks |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    lines = [
        f"Hub ingest, SQLite (WAL, synchronous=FULL): {args.connections} connections, batches of {args.rows} counts, "
        f"{args.duration} s per run, {args.repeat} runs per setting, {args.sites} sites — "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {time.monotonic() - started:.0f} s in all",
        "",
        f"- machine: {os.cpu_count()} cores; {platform.platform()}",
        "- client: wrk (2 threads, bench/hub_ingest.lua) on the same cores; hub: release build, --static-swift-stdlib",
        "", "Medians of the runs (the run with the median batches/s):", "", header,
    ]
    for group in dict.fromkeys(r["group"] for r in runs):
        mine = sorted((r for r in runs if r["group"] == group), key=lambda r: r["rate"])
        label = f"{group}" + (" (default)" if group == 64 else " (a transaction per batch)" if group == 1 else "")
        lines.append(row(label, mine[len(mine) // 2]))
    lines += ["", "Every run:", "", header]
    counters = {}
    for r in runs:
        counters[r["group"]] = counters.get(r["group"], 0) + 1
        lines.append(row(f"{r['group']}, run {counters[r['group']]}", r))
    report = "\n".join(lines) + "\n"
    print(report)
    os.makedirs(f"{REPO}/bench/results", exist_ok=True)
    with open(f"{REPO}/bench/results/hub-ingest-latest.md", "w") as f:
        f.write(report)


if __name__ == "__main__":
    main()
