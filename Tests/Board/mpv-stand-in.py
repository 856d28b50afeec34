#!/usr/bin/env python3
"""In the VM (test only): stands in for the TV session's mpv. Run as yinling-tv with the TV unit's
UMask (vmcheck.sh starts it with systemd-run), it makes mpv's IPC socket as mpv does (bind, listen)
and reports the socket's mode and owner, then the first line the back end (yinling.service, user
yinling, sandboxed) sends once it has connected, or that none came."""

import grp
import os
import pwd
import socket
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "/run/yinling/mpv.sock"
try:
    os.unlink(path)
except FileNotFoundError:
    pass
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
server.listen(1)
info = os.stat(path)
owner, group = pwd.getpwuid(info.st_uid).pw_name, grp.getgrgid(info.st_gid).gr_name
print(f"mpv-socket mode={info.st_mode & 0o7777:o} owner={owner} group={group}", flush=True)
server.settimeout(60)
try:
    connection, _ = server.accept()
    connection.settimeout(20)
    line = connection.recv(4096).decode("utf-8", "replace").split("\n")[0]
    print(f"mpv-client sent={'observe_property' in line} first={line.replace(' ', '')[:120]}", flush=True)
except OSError as error:
    print(f"mpv-client sent=False error={type(error).__name__}", flush=True)
os.unlink(path)
