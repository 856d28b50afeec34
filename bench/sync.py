#!/usr/bin/env python3
"""Sync benchmark: `yinling sync` from nginx against curl downloading the same files from the same
nginx, in the same run (bench/README.md, "Sync").

    bench/sync.py --yinling .build-bench/release/yinling [--files 3] [--mib 256] [--rounds 3]

Each round downloads the whole pool with curl (two transfers at once, like sync; written to disk,
not fsynced), with curl followed by fsync of its files (coreutils `sync FILE…`: durable, as sync
is), and with `yinling sync` into an empty cache (SHA-256 inline, fsync, rename, catalog commit);
then `yinling sync` once more with nothing to do, for its fixed cost.
Reports wall time, throughput, CPU seconds per GiB and peak RSS (getrusage of the child), medians
over the rounds, and the ratios. Writes the table to stdout and bench/results/sync-latest.md.
"""
import argparse, hashlib, json, os, resource, shutil, socket, statistics, subprocess, sys, tempfile, time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "Tests", "Support"))
import sign_manifest  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_child(argv, **kw):
    """Runs argv; returns (wall seconds, cpu seconds, peak RSS in MB) of that child alone."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"bench: {argv[0]} failed ({result.returncode}):\n{result.stdout.decode()[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: run the memory-hungry one last if it matters.
    return wall, cpu, after.ru_maxrss / 1024


def make_pool(directory, files, mib):
    """Random files published as A01 resources, the manifest signed with a fresh Ed25519 key (openssl)."""
    resources = []
    cover = b"\xff\xd8\xff\xe0" + os.urandom(2000)
    cover_sha = hashlib.sha256(cover).hexdigest()
    os.makedirs(f"{directory}/covers/{cover_sha[:2]}", exist_ok=True)
    with open(f"{directory}/covers/{cover_sha[:2]}/{cover_sha}.jpg", "wb") as f:
        f.write(cover)
    for index in range(files):
        digest = hashlib.sha256()
        path = f"{directory}/tmp.bin"
        with open(path, "wb") as f:
            for _ in range(mib):
                chunk = os.urandom(1 << 20)
                digest.update(chunk)
                f.write(chunk)
        sha = digest.hexdigest()
        os.makedirs(f"{directory}/media/{sha[:2]}", exist_ok=True)
        os.rename(path, f"{directory}/media/{sha[:2]}/{sha}.mp4")
        resources.append({
            "id": f"BENCH-{index:02d}", "title": f"基准文件 {index}", "type": "A01", "summary": "benchmark",
            "duration": "00:10:00", "copyrightHolder": "bench", "lecturers": ["bench"], "category": ["科技应用"],
            "cover": {"path": f"covers/{cover_sha[:2]}/{cover_sha}.jpg", "sha256": cover_sha, "bytes": len(cover),
                      "mime": "image/jpeg"},
            "media": {"path": f"media/{sha[:2]}/{sha}.mp4", "sha256": sha, "bytes": mib << 20, "mime": "video/mp4"},
        })
    manifest = json.dumps({"format": "yinling-pool/1", "pool": "bench", "publishedAt": "2026-11-20T08:00:00Z",
                           "resources": resources}, ensure_ascii=False).encode()
    with open(f"{directory}/manifest.json", "wb") as f:
        f.write(manifest)
    return [r["media"]["path"] for r in resources], sign_manifest.sign(directory)


def start_nginx(work, root, port):
    os.makedirs(f"{work}/nginx", exist_ok=True)
    with open(f"{work}/nginx/nginx.conf", "w") as f:
        f.write(f"""daemon off; worker_processes 1; error_log {work}/nginx/error.log warn; pid {work}/nginx/nginx.pid;
events {{ worker_connections 64; }}
http {{ access_log off; sendfile on; tcp_nopush on; default_type application/octet-stream;
  client_body_temp_path {work}/nginx/b; proxy_temp_path {work}/nginx/p; fastcgi_temp_path {work}/nginx/f;
  uwsgi_temp_path {work}/nginx/u; scgi_temp_path {work}/nginx/s;
  server {{ listen 127.0.0.1:{port}; root {root}; }} }}
""")
    process = subprocess.Popen(["nginx", "-p", f"{work}/nginx/", "-c", f"{work}/nginx/nginx.conf"],
                               stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return process
        except OSError:
            time.sleep(0.05)
    sys.exit("bench: nginx did not start")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--yinling", required=True)
    parser.add_argument("--files", type=int, default=3)
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="yinling-syncbench-", dir=os.environ.get("BENCH_TMP", "/var/tmp"))
    os.chmod(work, 0o755)  # nginx's worker may run as nobody
    pool = f"{work}/pool"
    os.makedirs(pool)
    print(f"    making a pool of {args.files} × {args.mib} MiB in {pool}")
    paths, public_key = make_pool(pool, args.files, args.mib)
    port = free_port()
    nginx = start_nginx(work, pool, port)
    total = args.files * (args.mib << 20)
    curl_rows, durable_rows, sync_rows, idle_rows = [], [], [], []
    site = f"{work}/site"
    config = f"{site}/yinling.toml"
    environment = {**os.environ, "YINLING_ALLOW_ROOT": "1"}

    def curl(durable):
        out = f"{work}/curl"
        shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        argv = ["curl", "-sf", "--parallel", "--parallel-max", "2"]
        for index, path in enumerate(paths):
            argv += ["-o", f"{out}/{index}.mp4", f"http://127.0.0.1:{port}/{path}"]
        wall, cpu, rss = run_child(argv)
        if durable:  # what sync guarantees: the bytes on disk (coreutils sync fsyncs the named files)
            sync_wall, sync_cpu, _ = run_child(["sync"] + [f"{out}/{index}.mp4" for index in range(len(paths))])
            wall, cpu = wall + sync_wall, cpu + sync_cpu
        shutil.rmtree(out)
        return wall, cpu, rss

    def sync():
        shutil.rmtree(site, ignore_errors=True)
        os.makedirs(site)
        with open(config, "w") as f:
            f.write(f"""[storage]\ndata_dir = "{site}/data"\ncache_dir = "{site}/cache"\n[pool]
url = "http://127.0.0.1:{port}/manifest.json"\ntrusted_keys = ["{public_key}"]\n[curation]\nreserve = 0\n""")
        row = run_child([args.yinling, "sync", "--config", config], env=environment)
        # Again, with everything cached: the fixed cost (start, SQLite, manifest, signature, plan, commit).
        idle_rows.append(run_child([args.yinling, "sync", "--config", config], env=environment))
        return row

    try:
        for round in range(args.rounds):
            # Alternate the order, so neither always finds the disk busy with the other's writeback.
            if round % 2 == 0:
                curl_rows.append(curl(False))
                durable_rows.append(curl(True))
                sync_rows.append(sync())
            else:
                sync_rows.append(sync())
                durable_rows.append(curl(True))
                curl_rows.append(curl(False))
            print(f"    round {round + 1}: curl {curl_rows[-1][0]:.2f} s, curl + fsync {durable_rows[-1][0]:.2f} s, "
                  f"yinling sync {sync_rows[-1][0]:.2f} s (nothing to do: {idle_rows[-1][0]:.2f} s)")
    finally:
        nginx.terminate()
        nginx.wait()
        shutil.rmtree(work, ignore_errors=True)
    gib = total / (1 << 30)
    med = lambda rows, i: statistics.median(r[i] for r in rows)
    curl_wall, durable_wall, sync_wall = med(curl_rows, 0), med(durable_rows, 0), med(sync_rows, 0)
    curl_cpu, durable_cpu, sync_cpu = med(curl_rows, 1) / gib, med(durable_rows, 1) / gib, med(sync_rows, 1) / gib
    sync_rss = max(r[2] for r in sync_rows + idle_rows)
    table = [
        f"Sync of {args.files} × {args.mib} MiB from nginx on 127.0.0.1 (median of {args.rounds} rounds; "
        f"two transfers at once for all; a sync with nothing to do took {med(idle_rows, 0):.2f} s)",
        "",
        "| figure | curl | curl + fsync | yinling sync | sync / curl | sync / (curl + fsync) | target |",
        "|---|---|---|---|---|---|---|",
        f"| throughput | {total / curl_wall / 1e6:.0f} MB/s | {total / durable_wall / 1e6:.0f} MB/s | "
        f"{total / sync_wall / 1e6:.0f} MB/s | {curl_wall / sync_wall:.2f}× | {durable_wall / sync_wall:.2f}× | ≥ 0.9× |",
        f"| CPU per GiB | {curl_cpu:.2f} s | {durable_cpu:.2f} s | {sync_cpu:.2f} s | {sync_cpu / curl_cpu:.2f}× | "
        f"{sync_cpu / durable_cpu:.2f}× | — |",
        f"| peak RSS | — | — | {sync_rss:.1f} MB | — | — | ≤ 45 MB |",
    ]
    text = "\n".join(table)
    print(text)
    os.makedirs(f"{REPO}/bench/results", exist_ok=True)
    with open(f"{REPO}/bench/results/sync-latest.md", "w") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    main()
