#!/bin/sh
# Alternates `rocbert bench` and scripts/bench_reference.py ROUNDS times at one precision and
# prints the best seq/s of each side per shape, and their ratio. Other VMs share this host and
# single runs swing by ±30 % or more; alternating short runs gives both sides the same quiet
# minutes, and the best of each is the figure to compare. Each round's two runs are also paired
# (Swift's seq/s over PyTorch's, minutes apart at most): the median of those ratios is printed too,
# steadier than the ratio of the bests when one side happens to catch a quiet minute. The FP32 FMA
# ceiling each rocbert bench measures is printed as a range: no fp32 forward can pass it.
# bf16x3 (fp32 products as three bf16 products) is compared with PyTorch's fp32 eager, the
# precision it stands in for.
# usage: scripts/bench_side_by_side.sh [bf16|fp32|bf16x3] [rounds] [shapes]   (release build of rocbert first)
#   shapes: comma-separated batch×seq, default 1x32,8x64,32x64,16x128; one shape gives more rounds per minute
set -eu
cd "$(dirname "$0")/.."
precision=${1:-bf16}
rounds=${2:-4}
shapes=${3:-1x32,8x64,32x64,16x128}
case $precision in
    bf16) mode=bf16 ;;
    fp32|bf16x3) mode=fp32 ;;
    *) echo "bench_side_by_side.sh: precision must be bf16, fp32 or bf16x3, not $precision" >&2; exit 2 ;;
esac
rocbert=.build/release/rocbert
[ -x "$rocbert" ] || { echo "bench_side_by_side.sh: $rocbert missing: run swift build -c release --product rocbert" >&2; exit 1; }
python=${ROCBERT_VENV:-scripts/.venv}/bin/python
[ -x "$python" ] || python=python3  # bench_reference.py creates its venv on first use
log=$(mktemp)
trap 'rm -f "$log"' EXIT
i=0
while [ "$i" -lt "$rounds" ]; do
    i=$((i + 1))
    "$rocbert" bench --precision "$precision" --shapes "$shapes" --repeats 5 |
        awk -v i="$i" '$1 ~ /^[0-9]+x[0-9]+$/ { print "swift", $1, $2, i } /^FP32 FMA peak/ { print "peak", "-", $(NF - 1), i }' >> "$log"
    "$python" scripts/bench_reference.py --modes "$mode" --shapes "$shapes" --repeats 3 --min-seconds 1.5 |
        awk -F'|' -v i="$i" 'NF > 3 && $1 ~ /[0-9] x [0-9]/ { gsub(/ /, "", $1); gsub(/ /, "", $3); print "torch", $1, $3, i }' >> "$log"
done
awk -v rounds="$rounds" -v p="$precision" -v order_list="$shapes" '
    $1 == "peak" { if (peaks++ == 0 || $3 < low) low = $3; if ($3 > high) high = $3; next }
    { if (!(($1, $2) in best) || $3 > best[$1, $2]) best[$1, $2] = $3; shapes[$2] = 1; seen[$1, $2, $4] = $3 }
    END {
        printf "best of %d alternated runs, %s (PyTorch %s), 2 threads, seq/s\n", rounds, p, p == "bf16" ? "bf16 autocast" : "fp32 eager"
        printf "%-8s %8s %8s %7s %14s\n", "shape", "swift", "pytorch", "ratio", "median paired"
        n = split(order_list, order, ",")
        for (k = 1; k <= n; k++) {
            s = order[k]
            if (!(s in shapes)) continue
            m = 0
            for (i = 1; i <= rounds; i++)
                if ((("swift", s, i) in seen) && (("torch", s, i) in seen)) r[++m] = seen["swift", s, i] / seen["torch", s, i]
            for (a = 2; a <= m; a++) for (b = a; b > 1 && r[b - 1] > r[b]; b--) { t = r[b]; r[b] = r[b - 1]; r[b - 1] = t }
            median = m == 0 ? 0 : (m % 2 ? r[(m + 1) / 2] : (r[m / 2] + r[m / 2 + 1]) / 2)
            printf "%-8s %8.1f %8.1f %6.2fx %13.2fx\n", s, best["swift", s], best["torch", s], best["swift", s] / best["torch", s], median
        }
        if (peaks) printf "FP32 FMA peak of these threads, measured by each rocbert bench: %d-%d GFLOP/s\n", low, high
    }' "$log"
