# Jumeau — two commands on a fresh Debian 12 / Ubuntu machine with the Swift 6 toolchain:
#   make run    installs what is missing, builds in release mode, starts Jumeau on the default sample
#   make test   installs what is missing (with the test tools) and runs every test
SWIFT ?= swift
# C libraries the build links against.
BUILD_PACKAGES := pkg-config libncursesw5-dev libsqlite3-dev libgeos-dev libproj-dev proj-data
# Tools the tests drive: GDAL's GeoPackage validator and ogrinfo, tmux, script(1), a
# headless browser for the HTML report, and PostgreSQL with PostGIS (the tests start and stop
# a throwaway server of their own; the distribution's own cluster is not used).
TEST_PACKAGES := python3-gdal gdal-bin tmux screen bsdutils chromium postgresql postgresql-15-postgis-3 openssl
# Benchmark tools.
BENCH_PACKAGES := hyperfine time
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build release deps test-deps samples bench clean fuzz fuzz-smoke fuzz-build

run: deps release
	.build/release/jumeau

test: deps test-deps
	$(SWIFT) build
	JUMEAU_BIN=$(CURDIR)/.build/debug/jumeau $(SWIFT) test --disable-swift-testing
	@$(MAKE) --no-print-directory fuzz-smoke

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Builds every sample twin from its text sources into .build/samples/ (the binary also
# builds them on first use under $$XDG_DATA_HOME/jumeau).
samples: release
	.build/release/jumeau samples --build-into .build/samples

# Benchmarks (import vs ogr2ogr, render vs gdal_rasterize, terminal bytes, simulation and
# frame times); each prints its figures for docs/performance.md. The last one runs on the
# real national file (issue 14) and says it is skipped when ../shared/data is absent.
bench: deps test-deps release
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(BENCH_PACKAGES)"
	bash Tests/Benchmarks/import.sh
	bash Tests/Benchmarks/explorer.sh
	.build/release/jumeau-bench
	bash Tests/Benchmarks/national.sh
	bash Tests/Benchmarks/publish.sh

# Fuzzing (libFuzzer + AddressSanitizer) in its own build folder, so it never invalidates .build.
# --sanitize fuzzer makes SwiftPM leave main() to libFuzzer; the combined -sanitize=fuzzer,address
# is what instruments the code (swiftc keeps only the last -sanitize=). docs/reliability.md.
FUZZ_SECONDS ?= 300
FUZZ_BIN := .build-fuzz/release/jumeau-fuzz
fuzz-build: deps
	$(SWIFT) build --scratch-path .build-fuzz -c release --sanitize fuzzer \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --product jumeau-fuzz

# Every target for FUZZ_SECONDS (default 5 minutes each).
fuzz: fuzz-build
	Fuzz/run.sh $(FUZZ_BIN) $(FUZZ_SECONDS)

# About 20 s a target with a fixed seed: what `make test` runs, so that CI catches a regression.
fuzz-smoke: fuzz-build
	FUZZ_FLAGS=-seed=1 Fuzz/run.sh $(FUZZ_BIN) 20

deps:
	@command -v $(SWIFT) >/dev/null || { echo "make: the Swift 6 toolchain is missing: install it from swift.org (swift must be on PATH)" >&2; exit 1; }
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(BUILD_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_PACKAGES)"

# Installs only the packages that are missing, so a ready machine needs no network or sudo.
apt-install:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

clean:
	rm -rf .build .build-fuzz .fuzz
