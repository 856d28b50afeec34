#!/bin/bash
# Runs inside the booted root (yinling-vmcheck.service, test only): reports to the serial console
# what the host checks, then powers the machine off.
out=/dev/ttyS0
say() { echo "VMCHECK $*" > "$out"; }
show() { systemctl show -p "$1" --value yinling.service; }

for _ in $(seq 1 180); do
    [ "$(systemctl is-active yinling.service)" = active ] && break
    sleep 1
done
say "active=$(systemctl is-active yinling.service) status=$(show StatusText | tr ' ' '_') pid=$(show MainPID) restarts=$(show NRestarts)"

# /tv over HTTP inside the VM (the packaged config listens on 0.0.0.0:8080; curl is a Depends).
code=$(curl -s -m 20 -o /tmp/tv.html -w '%{http_code}' http://127.0.0.1:8080/tv/)
say "tv=$code title=$(grep -c '<h1 id="title"' /tmp/tv.html)"

# mpv's socket: a stand-in makes it as the TV session would (user yinling-tv, the TV unit's UMask,
# in /run/yinling as tmpfiles made it); the sandboxed back end (kind = "mpv") must connect and talk.
tv_umask=$(systemctl show -p UMask --value yinling-tv.service)
tv_groups=$(systemctl show -p SupplementaryGroups --value yinling-tv.service)
say "tv-unit umask=$tv_umask run=$(stat -c '%a_%U_%G' /run/yinling)"
timeout 100 systemd-run --quiet --wait --pipe -p User=yinling-tv -p Group=yinling-tv \
    -p SupplementaryGroups="$tv_groups" -p UMask="$tv_umask" \
    /usr/bin/python3 /usr/local/sbin/mpv-stand-in.py /run/yinling/mpv.sock 2>&1 | sed 's/^/VMCHECK /' > "$out"
say "mpv-journal connected=$(journalctl -u yinling.service -b --no-pager | grep -c 'connected to mpv')"

say "doctor-begin"
timeout 120 runuser -u yinling -- yinling doctor --offline > /tmp/doctor.txt 2>&1
doctor=$?
sed 's/^/VMCHECK doctor| /' /tmp/doctor.txt > "$out"
say "doctor-end status=$doctor"

# A stalled back end: SIGSTOP the main process; the watchdog (WatchdogSec=10s in the test's drop-in)
# must kill it and Restart=on-failure start a new one that becomes ready again.
before=$(show MainPID)
kill -STOP "$before"
say "stalled pid=$before"
for _ in $(seq 1 120); do
    now=$(show MainPID)
    if [ "$now" != "$before" ] && [ "$now" != 0 ] && [ "$(systemctl is-active yinling.service)" = active ]; then break; fi
    sleep 1
done
say "after-stall active=$(systemctl is-active yinling.service) pid=$(show MainPID) restarts=$(show NRestarts) watchdog_log=$(journalctl -u yinling.service -b --no-pager | grep -c -i 'watchdog timeout')"
say "done"
systemctl poweroff --no-block
