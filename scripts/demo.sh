#!/usr/bin/env bash
# `make demo`: runs the demo on the embedded checkpoints with the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/rocbert
"$bin" --help
