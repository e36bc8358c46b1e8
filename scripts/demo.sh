#!/usr/bin/env bash
# `make demo`: what the release build shows today. The robustness demo on two trained checkpoints
# (attacks/demo.yaml → reports/demo.md) replaces the fixture suite below once issue 6 lands.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/rocbert
fixture=scripts/fixtures/model/sequence-classification-single
echo "== rocbert forward: a tiny RoCBert classifier whose outputs the tests hold to transformers'"
"$bin" forward --checkpoint "$fixture" --head sequence-classification --inputs "$fixture/inputs.json"
echo
echo "== rocbert run: the harness end to end on the fixture suite (two tiny random checkpoints, 30 examples)"
work=.build/demo
rm -rf "$work" && mkdir -p "$work" && cp -r scripts/fixtures/harness/. "$work/"
"$bin" run "$work/suite.yaml"
echo
sed -n '/^## Side-by-side comparison/,/^### /p' "$work/report.md" | head -n -1
echo "(full report: $work/report.md, results: $work/results.sqlite)"
echo
echo "== rocbert bench: a roc-bert-base-zh-sized classifier with random weights (2 of 12 layers, for speed)"
"$bin" bench --layers 2 --shapes 1x32,8x64 --repeats 2
