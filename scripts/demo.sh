#!/usr/bin/env bash
# `make demo`: the robustness demo. Two small sentiment checkpoints trained on the same reviews
# (models/demo-bert, a plain BERT; models/demo-rocbert, shape and pronunciation ids plus
# contrastive training on attacked copies) under homophone, visual, synonym and mixed attacks
# on 200 held-out reviews (attacks/demo.yaml). Writes reports/demo.md, its chart and the
# database the report is read from.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/rocbert
review="这部电影真好看，演员也很棒"
echo "== what the attacks do to one review (rocbert perturb --apply; the suite searches for the edits that flip the label)"
printf '%-12s %s\n' original "$review"
for t in homophone visual synonym pinyin split traditional; do
  printf '%-12s ' "$t"
  "$bin" perturb --text "$review" --transformation "$t" --apply --limit 1 --ratio 0.3 --seed 1 --checkpoint models/demo-rocbert \
    | sed -E 's/^\{"id":"[^"]*","text":"([^"]*)".*/\1/'
done
echo
echo "== rocbert run attacks/demo.yaml (a fresh database: every figure of the report comes from this run)"
rm -f reports/demo.sqlite reports/demo.sqlite-wal reports/demo.sqlite-shm
started=$(date +%s)
"$bin" run attacks/demo.yaml --jobs 2
echo "suite finished in $(( $(date +%s) - started )) s"
echo
sed -n '/^## Side-by-side comparison/,/^### /p' reports/demo.md | head -n -1
echo "(full report: reports/demo.md, chart: reports/demo-accuracy.svg, results: reports/demo.sqlite)"
