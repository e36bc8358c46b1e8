#!/usr/bin/env bash
# `make demo`: what the release build can show today. The attack-suite demo on two trained
# checkpoints (attacks/demo.yaml → reports/demo.md) replaces this once issue 6 lands.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/rocbert
fixture=scripts/fixtures/model/sequence-classification-single
echo "== rocbert forward: a tiny RoCBert classifier, outputs equal to transformers' (scripts/fixtures/model)"
"$bin" forward --checkpoint "$fixture" --head sequence-classification --inputs "$fixture/inputs.json"
echo
echo "== rocbert bench: a roc-bert-base-zh-sized classifier with random weights (2 layers for speed)"
"$bin" bench --layers 2 --shapes 1x32,8x64 --repeats 2
