#!/usr/bin/env bash
# Submits a suite to Slurm as N shards and a merge:
#
#   deploy/slurm/submit.sh SUITE N
#
# 1. deploy/slurm/shard.sbatch as an array job --array=0-(N-1): task I runs `rocbert run SUITE
#    --shard env` into NAME.shard-I-of-N.sqlite beside the suite's database NAME.sqlite;
# 2. deploy/slurm/merge.sbatch with --dependency=afterok:<array job>: it starts once every task has
#    exited 0, merges the shards into the suite's database and writes the suite's report.
# Prints "shards JOBID" and "merge JOBID".
#
# Environment:
#   ROCBERT         the rocbert binary (default .build/release/rocbert); on a multi-node cluster it,
#                   the suite, its checkpoints and its database folder are on a shared file system
#   CPUS_PER_TASK   cores of each shard task (default 2); BLAS uses that many threads
#   ROCBERT_ARGS    further options of `rocbert run` for every shard (e.g. "--limit 40")
#   LOG_DIR         where the task logs go (default: logs/ beside the suite's database)
#   DATABASE, REPORT, SUITE_NAME
#                   the suite's database, report and name when its top-level database:, report:
#                   and name: lines cannot be read by sed (DATABASE must name the suite's own
#                   database: the shards write beside it); relative paths in the suite file are
#                   relative to its folder, as rocbert reads them
# sbatch's own variables (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...) apply to both jobs.
set -euo pipefail

if [ $# -ne 2 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
	echo "usage: $0 SUITE N   (N ≥ 1 shards)" >&2
	exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
suite=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shards=$2
[ -f "$suite" ] || { echo "submit: no suite file $suite" >&2; exit 1; }

# The jobs may start in another directory (or on another node): paths become absolute. A bare
# command name (rocbert on PATH) stays as it is.
rocbert=${ROCBERT:-.build/release/rocbert}
case $rocbert in */*) rocbert=$(cd "$(dirname "$rocbert")" && pwd)/$(basename "$rocbert") ;; esac

# A top-level `key: value` line of the suite, without quotes or a trailing comment.
suite_value() {
	sed -n -E "s/^$1:[[:space:]]*//p" "$suite" | head -n 1 |
		sed -E 's/[[:space:]]+#.*$//; s/[[:space:]]+$//; s/^"(.*)"$/\1/; s/^'\''(.*)'\''$/\1/'
}
# rocbert resolves a relative path against the suite file's folder.
beside_suite() {
	case $1 in
	/*) echo "$1" ;;
	*) echo "$(dirname "$suite")/$1" ;;
	esac
}

database=${DATABASE:-$(suite_value database)}
suite_name=${SUITE_NAME:-$(suite_value name)}
report=${REPORT:-$(suite_value report)}
[ -n "$database" ] || { echo "submit: $suite has no top-level database: line (set DATABASE)" >&2; exit 1; }
[ -n "$suite_name" ] || { echo "submit: $suite has no top-level name: line (set SUITE_NAME)" >&2; exit 1; }
database=$(beside_suite "$database")
# Without a report: line the report goes beside the database, named after the suite.
if [ -n "$report" ]; then report=$(beside_suite "$report"); else report=$(dirname "$database")/$suite_name.md; fi
log_dir=${LOG_DIR:-$(dirname "$database")/logs}
mkdir -p "$(dirname "$database")" "$log_dir"

# sbatch hands its environment to the job (--export=ALL, its default); values go that way rather
# than through --export=NAME=VALUE, which splits on commas.
array_out=$(SUITE=$suite SHARDS=$shards ROCBERT=$rocbert ROCBERT_ARGS=${ROCBERT_ARGS:-} sbatch --parsable \
	--array="0-$((shards - 1))" \
	--cpus-per-task="${CPUS_PER_TASK:-2}" \
	--output="$log_dir/shard-%a.log" \
	--export=ALL \
	"$here/shard.sbatch")
# --parsable prints JOBID or JOBID;CLUSTER.
array_job=${array_out%%;*}

# --kill-on-invalid-dep: a shard that fails makes afterok unsatisfiable; the merge is then cancelled
# instead of pending forever.
merge_out=$(ROCBERT=$rocbert SHARDS=$shards DATABASE=$database SUITE_NAME=$suite_name REPORT=$report \
	sbatch --parsable \
	--dependency="afterok:$array_job" \
	--kill-on-invalid-dep=yes \
	--output="$log_dir/merge.log" \
	--export=ALL \
	"$here/merge.sbatch")
merge_job=${merge_out%%;*}

echo "shards $array_job"
echo "merge $merge_job"
