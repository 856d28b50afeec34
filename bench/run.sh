#!/usr/bin/env bash
# The Yinling Kiosk performance benchmark: yinling against nginx (same files, same wrk settings)
# and against a bare Hummingbird server. bench/README.md explains every figure.
#
#   bench/run.sh
#
# Environment:
#   SCRATCH       SwiftPM scratch path for the release build (default .build, relative to the repo)
#   YINLING_BIN   benchmark this yinling binary instead of the one built here (yinling is then not built)
#   MODE_LABEL    name of the yinling column (default: yinling), to compare server variants
#   SKIP_BUILD=1  do not run `swift build`; use the binaries already in $SCRATCH
#   SENDFILE      yinling's server.sendfile: true (default, media by sendfile(2)) or false (buffers)
#   SWIFT_BUILD_FLAGS  extra flags for both release builds (default --static-swift-stdlib, as shipped)
#   DURATION      seconds per wrk run (default 15)
#   IDLE_SECONDS  length of the idle-CPU window (default 30)
#   YINLING_PORT, NGINX_PORT, HELLO_PORT   (default 18080, 18081, 18082; all on 127.0.0.1)
#
# Writes the table to stdout and bench/results/latest.md; raw wrk outputs and server logs go to
# bench/results/latest-raw/.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"

SCRATCH=${SCRATCH:-.build}
MODE_LABEL=${MODE_LABEL:-yinling}
SENDFILE=${SENDFILE:-true}
SWIFT_BUILD_FLAGS=${SWIFT_BUILD_FLAGS---static-swift-stdlib}
DURATION=${DURATION:-15}
IDLE_SECONDS=${IDLE_SECONDS:-30}
YINLING_PORT=${YINLING_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
HELLO_PORT=${HELLO_PORT:-18082}
HOST=127.0.0.1
THREADS=2                       # wrk -t2
LAUNCH_TRIALS=3
LAUNCH_CAP_MS=10000
BIG_FILES=4
BIG_MIB=64
SLICE=1048576

RESULTS_DIR="$REPO/bench/results"
RAW="$RESULTS_DIR/latest-raw"
CLK_TCK=$(getconf CLK_TCK)

# ---------------------------------------------------------------------------------------------
# Output helpers and stage timing

RUN_START=$(date +%s%N)
STAGE_NAME=""
STAGE_START=0

now_ns() { date +%s%N; }
log() { printf '    %s\n' "$*"; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

stage() {
    stage_end
    STAGE_NAME=$1
    STAGE_START=$(now_ns)
    printf '==> %s\n' "$STAGE_NAME"
}

stage_end() {
    if [[ -n $STAGE_NAME ]]; then
        local ms=$((($(now_ns) - STAGE_START) / 1000000))
        printf '    [%s: %d.%03d s]\n' "$STAGE_NAME" $((ms / 1000)) $((ms % 1000))
        printf '| %s | %d.%01d |\n' "$STAGE_NAME" $((ms / 1000)) $((ms % 1000 / 100)) >>"$STAGES"
        STAGE_NAME=""
    fi
}

for tool in wrk nginx curl python3 getconf pgrep sha256sum dd; do
    command -v "$tool" >/dev/null || die "$tool is required"
done
NGINX=$(command -v nginx)

# ---------------------------------------------------------------------------------------------
# Temp dir, processes and cleanup

TMP=$(mktemp -d "${TMPDIR:-/tmp}/yinling-bench.XXXXXX")
# nginx's worker runs as `nobody` when the master is root: it must be able to read the cache.
chmod 755 "$TMP"
RESULTS="$TMP/results.kv"   # key=value lines for bench/report.py
STAGES="$TMP/stages.md"
ANOMALIES="$TMP/anomalies.txt"
: >"$RESULTS"
: >"$STAGES"
: >"$ANOMALIES"
rm -rf "$RAW"
mkdir -p "$RAW"

declare -A PID=()               # server name -> pid (yinling, nginx = master, hello)
HELPER_PIDS=()                  # RSS samplers

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${HELPER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    # nginx's worker too, in case its master has to be killed and cannot stop it.
    local workers=""
    [[ -n ${PID[nginx]:-} ]] && workers=$(pgrep -P "${PID[nginx]}" || true)
    for name in "${!PID[@]}"; do kill -TERM "${PID[$name]}" 2>/dev/null || true; done
    local deadline=$(($(date +%s) + 5))
    for name in "${!PID[@]}"; do
        while kill -0 "${PID[$name]}" 2>/dev/null && (($(date +%s) < deadline)); do sleep 0.05; done
        kill -KILL "${PID[$name]}" 2>/dev/null || true
        wait "${PID[$name]}" 2>/dev/null || true
    done
    for pid in $workers; do kill -KILL "$pid" 2>/dev/null || true; done
    # Keep the server logs with the raw results.
    cp "$TMP"/*.log "$RAW"/ 2>/dev/null || true
    rm -rf "$TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

record() { printf '%s=%s\n' "$1" "$2" >>"$RESULTS"; }
anomaly() { printf '%s\n' "$*" >>"$ANOMALIES"; printf '    ANOMALY: %s\n' "$*" >&2; }

port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }
for port in "$YINLING_PORT" "$NGINX_PORT" "$HELLO_PORT"; do
    port_busy "$port" && die "port $port on $HOST is already in use"
done

# ---------------------------------------------------------------------------------------------
# /proc readers

# utime + stime of a process (all its threads), in clock ticks.
ticks_of() {
    local stat
    stat=$(<"/proc/$1/stat") || { echo 0; return; }
    stat=${stat##*) }                     # drop "pid (comm) "; fields then start at 3 (state)
    local -a f
    read -r -a f <<<"$stat"
    echo $((f[11] + f[12]))               # fields 14 (utime) and 15 (stime)
}

# A field of /proc/<pid>/status in kB (VmRSS, VmHWM).
status_kb() {
    local key value rest
    while read -r key value rest; do
        if [[ $key == "$2:" ]]; then echo "$value"; return; fi
    done <"/proc/$1/status"
    echo 0
}

# The pids that make up a server: nginx is its master and its worker(s).
server_pids() {
    local name=$1 pid=${PID[$1]}
    if [[ $name == nginx ]]; then
        echo "$pid" $(pgrep -P "$pid" || true)
    else
        echo "$pid"
    fi
}

# Busy clock ticks of the whole machine (all CPUs) from /proc/stat.
system_busy_ticks() {
    local cpu user nice system idle iowait irq softirq steal rest
    read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
    echo $((user + nice + system + irq + softirq + steal))
}

# "1m2.345s" (the `times` format) -> 62345
times_to_ms() {
    local minutes=${1%%m*} rest=${1#*m}
    rest=${rest%s}
    local seconds=${rest%.*} fraction=${rest#*.}000
    echo $((10#$minutes * 60000 + 10#$seconds * 1000 + 10#${fraction:0:3}))
}

# CPU of this shell's terminated children (wrk), in ms, from the `times` builtin, into CHILD_MS.
# (Not in $(...): a subshell's `times` would not see this shell's children.)
children_cpu_ms() {
    times >"$TMP/times"
    local -a line
    mapfile -t line <"$TMP/times"
    local -a t
    read -r -a t <<<"${line[1]}"
    CHILD_MS=$(($(times_to_ms "${t[0]}") + $(times_to_ms "${t[1]}")))
}

sum_ticks() { local t=0 p; for p in $(server_pids "$1"); do t=$((t + $(ticks_of "$p"))); done; echo $t; }
sum_kb() { local t=0 p; for p in $(server_pids "$1"); do t=$((t + $(status_kb "$p" "$2"))); done; echo $t; }

# Samples the summed VmRSS of a server every 0.2 s; writes the maximum (kB) to $2.
start_rss_sampler() {
    local name=$1 out=$2 pids
    pids=$(server_pids "$name")
    (
        max=0
        while :; do
            total=0
            for p in $pids; do
                while read -r key value rest; do
                    if [[ $key == VmRSS: ]]; then total=$((total + value)); break; fi
                done <"/proc/$p/status" 2>/dev/null || true
            done
            if ((total > max)); then max=$total; echo "$max" >"$out"; fi
            sleep 0.2
        done
    ) &
    SAMPLER=$!
    HELPER_PIDS+=("$SAMPLER")
}

stop_rss_sampler() {
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
    local keep=() p
    for p in "${HELPER_PIDS[@]}"; do [[ $p != "$SAMPLER" ]] && keep+=("$p"); done
    HELPER_PIDS=("${keep[@]}")
}

# ---------------------------------------------------------------------------------------------
# Servers

start_server() {
    local name=$1
    case $name in
        yinling) "$YINLING_BIN" serve --config "$TMP/yinling.toml" >>"$TMP/yinling.log" 2>&1 & ;;
        nginx) "$NGINX" -p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx.log" >>"$TMP/nginx.log" 2>&1 & ;;
        hello) "$HELLO_BIN" "$HELLO_PORT" >>"$TMP/hello.log" 2>&1 & ;;
    esac
    PID[$name]=$!
}

stop_server() {
    local name=$1 pid=${PID[$1]}
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$(($(date +%s) + 10))
    while kill -0 "$pid" 2>/dev/null && (($(date +%s) < deadline)); do sleep 0.02; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PID[$name]"
}

probe_url() {
    case $1 in
        yinling) echo "http://$HOST:$YINLING_PORT/api/v1/home?source=tv" ;;
        nginx) echo "http://$HOST:$NGINX_PORT/home.json" ;;
        hello) echo "http://$HOST:$HELLO_PORT/" ;;
    esac
}

# Starts a server; sets LAUNCH_MS to the milliseconds from the start to its first 200 answer.
# (Not called in $(...): the server must be a child of this shell, with its pid in PID.)
launch_to_first_200() {
    local name=$1 url code t0 t1
    url=$(probe_url "$name")
    t0=$(now_ns)
    start_server "$name"
    while :; do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" || true)
        t1=$(now_ns)
        [[ $code == 200 ]] && break
        if ! kill -0 "${PID[$name]}" 2>/dev/null; then
            tail -n 20 "$TMP/$name.log" >&2 || true
            die "$name exited during start-up (see $RAW/$name.log)"
        fi
        (((t1 - t0) / 1000000 > LAUNCH_CAP_MS)) && die "$name gave no 200 on $url within $LAUNCH_CAP_MS ms"
        sleep 0.005
    done
    LAUNCH_MS=$(((t1 - t0) / 1000000))
}

# Restarts a server that died under load (and records it), so that later stages still run.
check_alive() {
    local name=$1 context=$2
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
        local status=0
        wait "${PID[$name]}" 2>/dev/null || status=$?
        anomaly "$name (pid ${PID[$name]}) died during/after: $context (exit status $status); last log lines: $(tail -n 5 "$TMP/$name.log" | tr '\n' ' ')"
        unset "PID[$name]"
        launch_to_first_200 "$name"
        sleep 1
    fi
}

# ---------------------------------------------------------------------------------------------
# wrk

# Waits (at most $1 s) for 2 s in which the machine is under 10 % of one core busy.
wait_quiet() {
    local deadline=$(($(date +%s) + $1)) b0 b1
    while (($(date +%s) < deadline)); do
        b0=$(system_busy_ticks)
        sleep 2
        b1=$(system_busy_ticks)
        (((b1 - b0) * 100 / CLK_TCK / 2 <= 10)) && return 0
    done
    return 1
}

# run_wrk <key> <server> <connections> <script> <url> [script args...]
# One wrk run; when other processes took more than 15 % of a core meanwhile, waits for the machine
# to be quiet (at most 60 s) and runs it once more. Both attempts are kept in the raw directory.
run_wrk() {
    NOISY=0
    run_wrk_once "$@"
    if ((NOISY)); then
        log "$1: other processes were busy during the run; waiting for a quiet machine and running it again"
        cp "$RAW/$1.txt" "$RAW/$1.noisy.txt"
        wait_quiet 60 || log "the machine did not become quiet within 60 s"
        NOISY=0
        run_wrk_once "$@"
        ((NOISY)) || anomaly "$1: the first attempt was disturbed by other processes and was run again (see $RAW/$1.noisy.txt)"
    fi
    if ((NOISY)); then
        anomaly "$1: other processes used $((NOISY_MS / DURATION / 10)) % of a core during the run, twice (machine not quiet: this run's figures are unreliable)"
    fi
}

# Records requests, bytes, duration, p99, errors and the server's CPU ticks during the run.
run_wrk_once() {
    local key=$1 server=$2 conns=$3 script=$4 url=$5
    shift 5
    local out="$RAW/$key.txt" t0 t1 line busy0 busy1 wrk0 wrk1
    children_cpu_ms
    wrk0=$CHILD_MS
    busy0=$(system_busy_ticks)
    t0=$(sum_ticks "$server")
    wrk -t"$THREADS" -c"$conns" -d"${DURATION}s" --latency -s "$script" "$url" -- "$@" >"$out" 2>&1 \
        || anomaly "$key: wrk exited with status $? (see $out)"
    t1=$(sum_ticks "$server")
    busy1=$(system_busy_ticks)
    children_cpu_ms
    wrk1=$CHILD_MS
    # What else ran meanwhile: the machine's busy time minus the server's and wrk's.
    local other_ms=$(((busy1 - busy0) * 1000 / CLK_TCK - (t1 - t0) * 1000 / CLK_TCK - (wrk1 - wrk0)))
    record "$key.wrk_cpu_ms" $((wrk1 - wrk0))
    record "$key.system_busy_ms" $(((busy1 - busy0) * 1000 / CLK_TCK))
    record "$key.other_cpu_ms" "$other_ms"
    if ((other_ms > DURATION * 150)); then NOISY=1 NOISY_MS=$other_ms; fi
    line=$(grep '^WRKRESULT ' "$out" || true)
    [[ -n $line ]] || { anomaly "$key: no WRKRESULT line from wrk (see $out)"; return 0; }
    # A server that died during the run has no CPU figure (its /proc entry is gone).
    local p alive=1
    for p in $(server_pids "$server"); do kill -0 "$p" 2>/dev/null || alive=0; done
    if ((alive)); then record "$key.cpu_ticks" $((t1 - t0)); else t1=$t0; fi
    local kv
    for kv in ${line#WRKRESULT }; do record "$key.${kv%%=*}" "${kv#*=}"; done
    # wrk's own p99 line from --latency, for the record
    record "$key.wrk_p99" "$(awk '$1 == "99%" {print $2}' "$out")"
    local errs
    errs=$(tr ' ' '\n' <<<"${line#WRKRESULT }" | awk -F= '$1 ~ /^err_/ && $2 > 0 {printf "%s ", $0}')
    [[ -z $errs ]] || anomaly "$key: wrk errors: $errs(see $out)"
    local requests bytes
    requests=$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$line")
    bytes=$(sed -n 's/.* bytes=\([0-9]*\).*/\1/p' <<<"$line")
    log "$key: $requests requests, $((bytes / 1048576)) MiB, server CPU $(((t1 - t0) * 1000 / CLK_TCK)) ms, p99 $(awk '$1 == "99%" {print $2}' "$out")"
}

# ---------------------------------------------------------------------------------------------
stage "quiet-machine check (2 s)"

busy0=$(system_busy_ticks)
sleep 2
busy1=$(system_busy_ticks)
quiet_pct=$(((busy1 - busy0) * 100 / CLK_TCK / 2))
record quiet.before_pct "$quiet_pct"
log "machine busy: $quiet_pct % of one core before the build"
((quiet_pct <= 10)) || anomaly "machine not quiet before the benchmark: $quiet_pct % of one core busy (other jobs skew every figure)"

# ---------------------------------------------------------------------------------------------
stage "build (swift build -c release --scratch-path $SCRATCH)"

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    # `--product` takes one value (the last one wins), so one build per product.
    if [[ -z ${YINLING_BIN:-} ]]; then
        swift build -c release --scratch-path "$SCRATCH" $SWIFT_BUILD_FLAGS --product yinling 2>&1 | tail -n 1
    fi
    swift build -c release --scratch-path "$SCRATCH" $SWIFT_BUILD_FLAGS --product hummingbird-hello 2>&1 | tail -n 1
fi
BIN_DIR=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
YINLING_BIN=${YINLING_BIN:-$BIN_DIR/yinling}
HELLO_BIN=$BIN_DIR/hummingbird-hello
[[ -x $YINLING_BIN ]] || die "no yinling binary at $YINLING_BIN"
[[ -x $HELLO_BIN ]] || die "no hummingbird-hello binary at $HELLO_BIN"
YINLING_BIN=$(cd "$(dirname "$YINLING_BIN")" && pwd)/$(basename "$YINLING_BIN")
log "yinling: $YINLING_BIN"
log "hello:   $HELLO_BIN"

# ---------------------------------------------------------------------------------------------
stage "generate pool ($BIG_FILES × $BIG_MIB MiB + 20 small resources)"

python3 "$REPO/bench/make_pool.py" "$TMP/pool" --covers "$REPO/Assets/demo-pool/covers" \
    --big "$BIG_FILES" --big-mib "$BIG_MIB" --small 20 >"$TMP/big.txt"
BIG_SHA=() BIG_REL=()
while read -r sha rel bytes; do
    BIG_SHA+=("$sha")
    BIG_REL+=("${rel#media/}")         # <aa>/<sha>.mp4
done <"$TMP/big.txt"
((${#BIG_SHA[@]} == BIG_FILES)) || die "make_pool.py wrote ${#BIG_SHA[@]} big files, expected $BIG_FILES"
log "$(du -sh "$TMP/pool" | cut -f1) in $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["resources"]))' "$TMP/pool/manifest.json") resources"

# ---------------------------------------------------------------------------------------------
stage "yinling install"

CACHE="$TMP/cache"
POOL_KEY=$(python3 "$REPO/Tests/Support/sign_manifest.py" "$TMP/pool")
cat >"$TMP/yinling.toml" <<EOF
[server]
address = "$HOST"
port = $YINLING_PORT
log_level = "warning"
web_dir = "$REPO/Kiosk"
sendfile = $SENDFILE
[storage]
data_dir = "$TMP/data"
cache_dir = "$CACHE"
[pool]
trusted_keys = ["$POOL_KEY"]
EOF
"$YINLING_BIN" install --config "$TMP/yinling.toml" "$TMP/pool" >"$TMP/install.log" 2>&1 \
    || { tail -n 20 "$TMP/install.log" >&2; die "yinling install failed"; }
tail -n 1 "$TMP/install.log" | sed 's/^/    /'
for rel in "${BIG_REL[@]}"; do
    [[ -f $CACHE/media/$rel ]] || die "installed cache has no media/$rel (cache layout changed?)"
done

mkdir -p "$TMP/nginx" "$TMP/www"
cat >"$TMP/nginx/nginx.conf" <<EOF
# One worker: the kiosk is one process (and the box has $(nproc) cores, one of them for wrk).
daemon off;
worker_processes 1;
error_log $TMP/nginx.log warn;
pid $TMP/nginx/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    # Like Hummingbird, never close a busy keep-alive connection (nginx's default is 1000 requests).
    keepalive_requests 1000000;
    types { video/mp4 mp4; image/jpeg jpg; application/json json; }
    default_type application/octet-stream;
    client_body_temp_path $TMP/nginx/client_body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    server {
        listen $HOST:$NGINX_PORT;
        root $TMP/www;
        # The very files yinling serves: <cache_dir>/media/<aa>/<sha256>.mp4 as /m/<aa>/<sha256>.mp4
        location /m/ { alias $CACHE/media/; }
        # The bytes of yinling's /api/v1/home?source=tv, as a static file.
        location = /home.json { add_header Cache-Control no-cache; }
    }
}
EOF
"$NGINX" -t -p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf" -e "$TMP/nginx.log" >>"$TMP/nginx.log" 2>&1 \
    || { cat "$TMP/nginx.log" >&2; die "nginx rejects its configuration"; }

# ---------------------------------------------------------------------------------------------
stage "launch to first 200 (median of $LAUNCH_TRIALS; the last start of each server stays up)"

median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }

launch_series() {
    local name=$1 trials=() i
    for ((i = 1; i <= LAUNCH_TRIALS; i++)); do
        launch_to_first_200 "$name"
        trials+=("$LAUNCH_MS")
        ((i < LAUNCH_TRIALS)) && stop_server "$name"
    done
    record "launch.$name.ms" "$(median "${trials[@]}")"
    record "launch.$name.trials" "$(IFS=/; echo "${trials[*]}")"
    log "$name: ${trials[*]} ms"
}

launch_series yinling
# nginx's probe needs home.json: the exact bytes of yinling's answer.
curl -sf -o "$TMP/www/home.json" "http://$HOST:$YINLING_PORT/api/v1/home?source=tv" \
    || die "GET /api/v1/home?source=tv failed"
record home.bytes "$(stat -c %s "$TMP/www/home.json")"
record home.categories "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["categories"]))' "$TMP/www/home.json")"
launch_series nginx
launch_series hello

# ---------------------------------------------------------------------------------------------
stage "idle: RSS after 5 s, CPU over $IDLE_SECONDS s (the three servers at once)"

sleep 5
for name in yinling nginx hello; do
    record "idle.$name.rss_kb" "$(sum_kb "$name" VmRSS)"
    log "$name: VmRSS $(sum_kb "$name" VmRSS) kB"
done
declare -A IDLE0=()
for name in yinling nginx hello; do IDLE0[$name]=$(sum_ticks "$name"); done
t0=$(now_ns)
sleep "$IDLE_SECONDS"
t1=$(now_ns)
for name in yinling nginx hello; do
    record "idle.$name.ticks" $(($(sum_ticks "$name") - IDLE0[$name]))
done
record idle.duration_ms $(((t1 - t0) / 1000000))
log "ticks: yinling $(sed -n 's/^idle.yinling.ticks=//p' "$RESULTS"), nginx $(sed -n 's/^idle.nginx.ticks=//p' "$RESULTS"), hello $(sed -n 's/^idle.hello.ticks=//p' "$RESULTS") (1 tick = $((1000 / CLK_TCK)) ms)"

# ---------------------------------------------------------------------------------------------
stage "correctness: the same bytes from both servers"

YINLING_PATHS=() NGINX_PATHS=()
for i in "${!BIG_SHA[@]}"; do
    YINLING_PATHS+=("/media/${BIG_SHA[$i]}.mp4")
    NGINX_PATHS+=("/m/${BIG_REL[$i]}")
done
SLICES=$((BIG_MIB * 1048576 / SLICE))

# Warm the page cache, so that neither server pays for the disk.
cat "$CACHE"/media/*/*.mp4 >/dev/null

check_failed=0
for i in "${!BIG_SHA[@]}"; do
    k=$((RANDOM % SLICES))
    a=$((k * SLICE)) b=$((k * SLICE + SLICE - 1))
    want=$(dd if="$CACHE/media/${BIG_REL[$i]}" bs=$SLICE skip=$k count=1 status=none | sha256sum | cut -c1-64)
    for server in yinling nginx; do
        if [[ $server == yinling ]]; then
            url="http://$HOST:$YINLING_PORT${YINLING_PATHS[$i]}"
        else
            url="http://$HOST:$NGINX_PORT${NGINX_PATHS[$i]}"
        fi
        meta=$(curl -s -o "$TMP/slice" -w '%{http_code} %{size_download}' -H "Range: bytes=$a-$b" "$url" || true)
        got=$(sha256sum <"$TMP/slice" | cut -c1-64)
        if [[ $meta != "206 $SLICE" || $got != "$want" ]]; then
            anomaly "range check: $server $url bytes=$a-$b answered '$meta' sha256 $got (file slice: $want)"
            check_failed=1
        fi
    done
done
((check_failed)) || log "4 random slices: 206, $SLICE bytes, sha256 equal to the file's slice, on both servers"
[[ $(curl -s "http://$HOST:$NGINX_PORT/home.json" | sha256sum) == $(curl -s "http://$HOST:$YINLING_PORT/api/v1/home?source=tv" | sha256sum) ]] \
    || { anomaly "home.json from nginx differs from yinling's /api/v1/home?source=tv"; check_failed=1; }
((check_failed)) || log "home JSON: $(sed -n 's/^home.bytes=//p' "$RESULTS") bytes, $(sed -n 's/^home.categories=//p' "$RESULTS") categories, identical on both servers"

# Every answer of a short wrk run through range.lua, checked in Lua (206, 1 MiB, aligned Content-Range).
for server in yinling nginx; do
    if [[ $server == yinling ]]; then
        base="http://$HOST:$YINLING_PORT" paths=("${YINLING_PATHS[@]}")
    else
        base="http://$HOST:$NGINX_PORT" paths=("${NGINX_PATHS[@]}")
    fi
    RANGE_CHECK=1 wrk -t"$THREADS" -c4 -d2s -s "$REPO/bench/range.lua" "$base" -- "$SLICES" "${paths[@]}" \
        >"$RAW/check.$server.txt" 2>&1 || true
    line=$(grep '^WRKRESULT ' "$RAW/check.$server.txt" || true)
    checked=$(sed -n 's/.* checked=\([0-9]*\).*/\1/p' <<<"$line")
    bad=$(sed -n 's/.* bad=\([0-9]*\).*/\1/p' <<<"$line")
    if [[ -z $checked || $checked == 0 || $bad != 0 ]]; then
        anomaly "range check run on $server: checked=${checked:-?} bad=${bad:-?} $(grep '^WRKFIRSTBAD' "$RAW/check.$server.txt" || true) (see $RAW/check.$server.txt)"
        check_failed=1
    fi
    log "$server: $checked answers through range.lua, $bad not 206 + 1 MiB"
done
record check.failed "$check_failed"

# ---------------------------------------------------------------------------------------------
stage "range 1 MiB, c=4 (${DURATION} s per server)"

run_wrk range4.yinling yinling 4 "$REPO/bench/range.lua" "http://$HOST:$YINLING_PORT" "$SLICES" "${YINLING_PATHS[@]}"
check_alive yinling "range c=4"
run_wrk range4.nginx nginx 4 "$REPO/bench/range.lua" "http://$HOST:$NGINX_PORT" "$SLICES" "${NGINX_PATHS[@]}"
check_alive nginx "range c=4"

# ---------------------------------------------------------------------------------------------
stage "range 1 MiB, c=50 (${DURATION} s per server, RSS sampled)"

for server in yinling nginx; do
    if [[ $server == yinling ]]; then
        base="http://$HOST:$YINLING_PORT" paths=("${YINLING_PATHS[@]}")
    else
        base="http://$HOST:$NGINX_PORT" paths=("${NGINX_PATHS[@]}")
    fi
    echo 0 >"$TMP/rss.$server"
    start_rss_sampler "$server" "$TMP/rss.$server"
    run_wrk "range50.$server" "$server" 50 "$REPO/bench/range.lua" "$base" "$SLICES" "${paths[@]}"
    stop_rss_sampler
    record "load.$server.rss_max_kb" "$(<"$TMP/rss.$server")"
    record "load.$server.hwm_kb" "$(sum_kb "$server" VmHWM)"
    log "$server: sampled max VmRSS $(<"$TMP/rss.$server") kB, VmHWM $(sum_kb "$server" VmHWM) kB"
    check_alive "$server" "range c=50"
done

# ---------------------------------------------------------------------------------------------
stage "menu JSON, c=50 (${DURATION} s per server)"

run_wrk json50.yinling yinling 50 "$REPO/bench/summary.lua" "http://$HOST:$YINLING_PORT/api/v1/home?source=tv"
check_alive yinling "menu JSON c=50"
run_wrk json50.nginx nginx 50 "$REPO/bench/summary.lua" "http://$HOST:$NGINX_PORT/home.json"
check_alive nginx "menu JSON c=50"

# ---------------------------------------------------------------------------------------------
stage "hummingbird-hello GET /, c=50 (${DURATION} s, RSS sampled)"

echo 0 >"$TMP/rss.hello"
start_rss_sampler hello "$TMP/rss.hello"
run_wrk hello50.hello hello 50 "$REPO/bench/summary.lua" "http://$HOST:$HELLO_PORT/"
stop_rss_sampler
record load.hello.rss_max_kb "$(<"$TMP/rss.hello")"
record load.hello.hwm_kb "$(sum_kb hello VmHWM)"
log "hello: sampled max VmRSS $(<"$TMP/rss.hello") kB, VmHWM $(sum_kb hello VmHWM) kB"
check_alive hello "hello c=50"

for server in yinling nginx hello; do
    errors=$(grep -ciE '\b(error|critical|fatal)\b' "$TMP/$server.log" || true)
    [[ $errors == 0 ]] || anomaly "$server log has $errors error lines (see $RAW/$server.log): $(grep -iE '\b(error|critical|fatal)\b' "$TMP/$server.log" | head -n 3 | tr '\n' ' ')"
done

stage_end

cat >>"$RESULTS" <<EOF
meta.label=$MODE_LABEL
meta.sendfile=$SENDFILE
meta.build_flags=$SWIFT_BUILD_FLAGS
meta.date=$(date -u '+%Y-%m-%d %H:%M UTC')
meta.nproc=$(nproc)
meta.kernel=$(uname -sr)
meta.cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
meta.mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
meta.os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")
meta.swift=$(swift --version 2>/dev/null | head -n 1)
meta.nginx=$("$NGINX" -v 2>&1 | sed 's/^nginx version: nginx\///')
meta.wrk=$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2)
meta.git=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet HEAD -- Sources Package.swift 2>/dev/null || echo ' (+ uncommitted changes)')
meta.yinling_bin=$YINLING_BIN
meta.duration=$DURATION
meta.idle_seconds=$IDLE_SECONDS
meta.clk_tck=$CLK_TCK
meta.slice=$SLICE
meta.threads=$THREADS
meta.total_s=$((($(now_ns) - RUN_START) / 1000000000))
EOF
cp "$RESULTS" "$RAW/results.kv"
mkdir -p "$RESULTS_DIR"
python3 "$REPO/bench/report.py" "$RESULTS" "$STAGES" "$ANOMALIES" >"$RESULTS_DIR/latest.md"
cat "$RESULTS_DIR/latest.md"
