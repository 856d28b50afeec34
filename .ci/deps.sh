#!/bin/bash
# Installs what the build and tests need, by package name, only when it is missing.
#   .ci/deps.sh build   SQLite headers (GRDB links the system libsqlite3), libgpiod-dev (GPIO buttons),
#                       dpkg-dev (dpkg-shlibdeps: the packages' Depends, packaging/build-deb.py)
#   .ci/deps.sh test    plus Chromium, its driver, the CJK fonts and selenium for the browser tests,
#                       openssl (test pools are signed with it), mpv for the player tests, FFmpeg (ffmpeg,
#                       ffprobe) for the publish test, nginx (the sync tests download a pool from it), and
#                       qemu, busybox, e2fsprogs, lz4 and strip for the power-cut test (Tests/PowerCut), and
#                       gcc, make and the generic kernel's headers to build gpio-sim.ko for the GPIO test,
#                       and debootstrap for the package test (Tests/Board)
set -euo pipefail
apt_packages=(libsqlite3-dev libgpiod-dev dpkg-dev)
if [ "${1:-build}" = test ]; then
    apt_packages+=(chromium chromium-driver fonts-noto-cjk python3 ffmpeg nginx openssl mpv)
    apt_packages+=(qemu-system-x86 busybox-static e2fsprogs lz4 binutils)
    # The package test (Tests/Board): a Debian 12 root made with debootstrap.
    apt_packages+=(debootstrap)
    # The version linux-image-amd64 depends on (Tests/GPIO/gpio-vm.py boots that kernel).
    kernel=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{sub("linux-image-","",$2); print $2; exit}')
    apt_packages+=(gcc make ${kernel:+"linux-headers-$kernel"})
    python3 -m pip --version >/dev/null 2>&1 || apt_packages+=(python3-pip)
fi
missing=()
for package in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "installing: ${missing[*]}"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ "${1:-build}" = test ] && ! python3 -c "import selenium" 2>/dev/null; then
    echo "installing: selenium (pip)"
    # Debian's own python refuses plain pip installs (PEP 668); the test needs only this one package.
    python3 -m pip install -q selenium 2>/dev/null || python3 -m pip install -q --break-system-packages selenium
fi
