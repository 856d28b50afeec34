# Yinling Kiosk: the two commands of the README, and their parts.
#   make demo   build and serve the bundled demo pool (PORT=8080, ADDRESS=127.0.0.1)
#   make test   install what is missing, build, lint, run every test (CI runs this)
SHELL := /bin/bash
PORT ?= 8080
ADDRESS ?= 127.0.0.1

.PHONY: demo test deps build lint unit browser exactly-once powercut-vm gpio-vm board-vm deb bench bench-sync bench-hub bench-usage bench-idle demo-pool clean

demo:
	@.ci/deps.sh build
	swift build --product yinling
	.build/debug/yinling demo --port $(PORT) --address $(ADDRESS)

test:
	@rm -f .build/timings
	@.ci/timed deps .ci/deps.sh test
	@.ci/timed build swift build --build-tests
	@.ci/timed lint swift format lint --strict -r Sources Tests Probes bench/hello Package.swift
	@.ci/timed unit swift test --skip-build
	@.ci/timed browser python3 Tests/Browser/test_pages.py --yinling .build/debug/yinling --out .build/browser
	@.ci/timed staffpage python3 Tests/Browser/test_staff.py --yinling .build/debug/yinling --out .build/browser
	@.ci/timed tv-session python3 Tests/Browser/test_tv_session.py --yinling .build/debug/yinling
	@.ci/timed exactly-once python3 Tests/Usage/exactly-once.py --yinling .build/debug/yinling --hub .build/debug/yinling-hub
	@.ci/timed powercut-vm python3 Tests/PowerCut/vm-powercut.py --yinling .build/debug/yinling
	@.ci/timed gpio-vm python3 Tests/GPIO/gpio-vm.py --yinling .build/debug/yinling --probe .build/debug/gpio-probe
	@.ci/timed board-vm python3 Tests/Board/board-vm.py --build-dir .build/debug
	@echo "==> timings"; cat .build/timings

deps:
	.ci/deps.sh test

build:
	swift build --build-tests

lint:
	swift format lint --strict -r Sources Tests Probes bench/hello Package.swift

unit: build
	swift test --skip-build

browser: build
	python3 Tests/Browser/test_pages.py --yinling .build/debug/yinling --out .build/browser
	python3 Tests/Browser/test_staff.py --yinling .build/debug/yinling --out .build/browser

# Usage counts exactly once: kiosk and hub through a fault-injecting proxy (Tests/Usage/exactly-once.py); SEED=n replays.
exactly-once:
	swift build --product yinling && swift build --product yinling-hub
	python3 Tests/Usage/exactly-once.py $(if $(SEED),--seed $(SEED))

# Power cuts of a qemu VM during the content sync (Tests/PowerCut/README.md); SEED=n replays one run.
powercut-vm:
	swift build --product yinling
	python3 Tests/PowerCut/vm-powercut.py --yinling .build/debug/yinling $(if $(SEED),--seed $(SEED))

# GPIO buttons on gpio-sim in a qemu VM, with libgpiod 1.6 and 2.x (Tests/GPIO/README.md).
gpio-vm:
	swift build --product gpio-probe && swift build --product yinling
	python3 Tests/GPIO/gpio-vm.py --yinling .build/debug/yinling --probe .build/debug/gpio-probe

# The Debian packages (packaging/README.md): a release build with the Swift runtime linked in (the
# scratch path is shared with the benchmarks), then dist/yinling_<version>_<arch>.deb and yinling-hub_….
deb:
	@.ci/deps.sh build
	swift build -c release --static-swift-stdlib --scratch-path .build-bench --product yinling
	swift build -c release --static-swift-stdlib --scratch-path .build-bench --product yinling-hub
	python3 packaging/build-deb.py --build-dir .build-bench/release --out dist

# The packages in a debootstrapped Debian 12 root and that root booted under qemu (Tests/Board/README.md).
board-vm:
	swift build --product yinling && swift build --product yinling-hub
	python3 Tests/Board/board-vm.py --build-dir .build/debug

# Release build and the benchmark against nginx (bench/README.md); not part of `make test`.
bench:
	bench/run.sh

# Sync against curl from the same nginx (bench/README.md, "Sync"); not part of `make test`.
bench-sync:
	swift build -c release --product yinling --scratch-path .build-bench --static-swift-stdlib
	python3 bench/sync.py --yinling .build-bench/release/yinling --files 3 --mib 256 --rounds 4
	python3 bench/sync.py --yinling .build-bench/release/yinling --files 3 --mib 1024 --rounds 3

# The hub's usage ingest into SQLite with wrk (bench/README.md, "Hub ingest"); not part of `make test`.
bench-hub:
	python3 bench/hub_ingest.py

# Usage batches from 1,000,000 logged plays (bench/README.md, "Usage batches"); not part of `make test`.
bench-usage:
	swift build -c release --product yinling --scratch-path .build-bench --static-swift-stdlib
	python3 bench/usage_batch.py --yinling .build-bench/release/yinling

# Bytes the idle `yinling serve` writes in 10 minutes, from /proc/<pid>/io (bench/README.md, "Idle writes").
bench-idle:
	swift build --product yinling
	python3 bench/idle_writes.py --yinling .build/debug/yinling

# Regenerates Assets/demo-pool from Assets/demo-source: renders the clips, then yinling-hub publish
# (needs ffmpeg and fonts-noto-cjk).
demo-pool:
	swift build --product yinling-hub
	Assets/demo-source/make-demo-pool.py --hub .build/debug/yinling-hub

clean:
	rm -rf .build
