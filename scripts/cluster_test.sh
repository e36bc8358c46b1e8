#!/usr/bin/env bash
# End-to-end test of sharded suite runs on a real Slurm engine (make cluster-test).
#
#   scripts/cluster_test.sh                       # the fixture suite in 3 shards
#   SUITE=attacks/demo.yaml LIMIT=40 scripts/cluster_test.sh
#
# It starts a one-node cluster (scripts/cluster/slurm_local.sh), submits the suite with
# deploy/slurm/submit.sh (an array of N `rocbert run --shard env` tasks and a merge job that waits
# for them), requeues one shard task, waits for everything to end, merges once more, then runs the
# same suite in one process and requires the same report and the same recorded examples.
#
# Environment:
#   ROCBERT        the binary (default .build/release/rocbert)
#   SUITE          the suite file (default scripts/fixtures/harness/suite.yaml)
#   N              the number of shards (default 3)
#   LIMIT          adds --limit LIMIT to both runs
#   CPUS_PER_TASK  cores of each shard task (default 1: two shards at once on two cores); the
#                  one-process run uses as many BLAS threads
#   REQUEUE        auto (default): requeue a task that is running and has recorded an example,
#                  or, when every task ends before one is caught (a suite of a few seconds), a
#                  finished task, which reruns with nothing left to do; running: fail unless a
#                  running task is caught; finished: always the finished task 0
#   TIMEOUT        seconds the jobs may take in all (default 3600)
#   KEEP=1         keep the temporary folder (it is kept anyway when a check fails)
#   SLURM_LOCAL_PORT  slurmctld's port (default 6817; slurmd takes the next one)
#
# The suite's folder is copied whole into a temporary folder, so committed files are never
# written; paths that leave the folder (../models, ../data) are rewritten to the originals, which
# are only read, and the database and report lines are rewritten to files inside the copy. Both
# runs use a copy at the same path in turn: an attack's configuration (and so its run identity)
# holds absolute paths such as a guide model's.
set -euo pipefail

start_time=$(date +%s)
abspath() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rocbert=$(abspath "${ROCBERT:-.build/release/rocbert}")
suite_src=$(abspath "${SUITE:-scripts/fixtures/harness/suite.yaml}")
shards=${N:-3}
limit=${LIMIT:-}
requeue_mode=${REQUEUE:-auto}
cpus_per_task=${CPUS_PER_TASK:-1}
timeout=${TIMEOUT:-3600}
cd "$repo"

passed=0
failed=0
ok() {
	echo "ok   $*"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL $*"
	failed=$((failed + 1))
}
die() {
	echo "FAIL $*"
	failed=$((failed + 1))
	exit 1
}
elapsed() { echo "$(($(date +%s) - start_time)) s"; }

[ -x "$rocbert" ] || die "no rocbert binary at $rocbert (make release, or set ROCBERT)"
[ -f "$suite_src" ] || die "no suite file $suite_src"
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got $shards"
case $requeue_mode in auto | running | finished) ;; *) die "REQUEUE must be auto, running or finished" ;; esac
# The checks read the databases with the sqlite3 shell (Debian: sqlite3).
if ! command -v sqlite3 >/dev/null; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq sqlite3 >/dev/null ||
		{ $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq sqlite3 >/dev/null; }
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rocbert-cluster-test.XXXXXX")
# munged serves its socket only below folders that everyone can search.
chmod 755 "$tmp"
cluster=$tmp/slurm
work=$tmp/suite
suite_dir=$(dirname "$suite_src")
suite_file=$(basename "$suite_src")
array_job=
merge_job=

cleanup() {
	local status=$?
	# A command that failed under set -e, or an interrupt, ends the test without its own FAIL line.
	if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
		echo "FAIL stopped early (exit status $status)"
		failed=1
	fi
	if [ -d "$cluster" ]; then
		# Jobs still queued (a failed or interrupted test) end before their cluster does; a start
		# that failed half-way leaves daemons to stop too.
		if [ -n "${SLURM_CONF:-}" ]; then
			for job in $array_job $merge_job; do scancel "$job" 2>/dev/null || true; done
		fi
		"$repo/scripts/cluster/slurm_local.sh" stop "$cluster" >/dev/null || true
	fi
	if [ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "$tmp"
	else
		echo "files kept in $tmp (job logs in logs/ of its suite copies, daemon logs in slurm/log)"
	fi
	echo "cluster-test: $passed passed, $failed failed ($(elapsed))"
	[ "$failed" -eq 0 ] || exit 1
}
trap cleanup EXIT
# An interrupted test still cancels its jobs and stops its daemons (through the EXIT trap).
trap 'exit 130' INT TERM

# A top-level `key: value` of a suite file, without quotes or a trailing comment.
suite_value() {
	sed -n -E "s/^$1:[[:space:]]*//p" "$2" | head -n 1 |
		sed -E 's/[[:space:]]+#.*$//; s/[[:space:]]+$//; s/^"(.*)"$/\1/; s/^'\''(.*)'\''$/\1/'
}
suite_name=$(suite_value name "$suite_src")
database=$(basename "$(suite_value database "$suite_src")")
report=$(basename "$(suite_value report "$suite_src")")
if [ -z "$suite_name" ] || [ -z "$database" ]; then die "$suite_src has no top-level name: or database: line"; fi
[ -n "$report" ] || report=$suite_name.md
db_stem=${database%.*}

# Lays out a fresh copy of the suite's folder at $work.
copy_suite() {
	rm -rf "$work"
	mkdir -p "$work"
	cp -a "$suite_dir/." "$work/"
	rm -f "$work/$database" "$work/$db_stem".shard-*.sqlite "$work/$database"-wal "$work/$database"-shm
	local parent
	parent=$(dirname "$suite_dir")
	sed -i -E \
		-e "s#^database:.*#database: $database#" \
		-e "/^report:/d" \
		-e "s#([[:space:]:,{\"'[])\\.\\./#\\1$parent/#g" \
		"$work/$suite_file"
	echo "report: $report" >>"$work/$suite_file"
}

# --- The sharded run on the cluster -------------------------------------------------------------

copy_suite
"$repo/scripts/cluster/slurm_local.sh" start "$cluster" >/dev/null ||
	die "the local Slurm cluster did not start (logs in $cluster/log)"
export SLURM_CONF=$cluster/slurm.conf
ok "local Slurm cluster up: node $(hostname -s) idle ($(elapsed))"

rocbert_args=
[ -z "$limit" ] || rocbert_args="--limit $limit"
submitted=$(ROCBERT=$rocbert CPUS_PER_TASK=$cpus_per_task ROCBERT_ARGS=$rocbert_args \
	"$repo/deploy/slurm/submit.sh" "$work/$suite_file" "$shards")
array_job=$(awk '$1 == "shards" { print $2 }' <<<"$submitted")
merge_job=$(awk '$1 == "merge" { print $2 }' <<<"$submitted")
if [ -z "$array_job" ] || [ -z "$merge_job" ]; then die "submit.sh printed no job ids: $submitted"; fi
ok "submitted: shard array $array_job (--array=0-$((shards - 1))), merge $merge_job after it"

shard_db() { echo "$work/$db_stem.shard-$1-of-$shards.sqlite"; }
examples_in() {
	sqlite3 -readonly -cmd ".timeout 5000" "$1" "SELECT COUNT(*) FROM examples" 2>/dev/null || echo 0
}
deadline=$(($(date +%s) + timeout))

# Requeues one shard task: a running one that has recorded at least one example, if it can be
# caught; otherwise (REQUEUE=auto) task 0 once every task has ended.
requeued_task=
requeued_at=
requeued_how=
while [ -z "$requeued_task" ]; do
	[ "$(date +%s)" -lt "$deadline" ] || die "no shard task could be requeued in $timeout s"
	if [ "$requeue_mode" != finished ]; then
		for task in $(squeue -h -r -j "$array_job" -t RUNNING -o %K 2>/dev/null); do
			count=$(examples_in "$(shard_db "$task")")
			if [ "$count" -ge 1 ]; then
				scontrol requeue "${array_job}_$task"
				requeued_task=$task
				requeued_at=$count
				requeued_how=running
				break
			fi
		done
	fi
	if [ -z "$requeued_task" ] && [ -z "$(squeue -h -r -j "$array_job" 2>/dev/null)" ]; then
		[ "$requeue_mode" != running ] || die "every shard task ended before a running one recorded an example (REQUEUE=running)"
		scontrol requeue "${array_job}_0"
		requeued_task=0
		requeued_at=$(examples_in "$(shard_db 0)")
		requeued_how=finished
	fi
	[ -n "$requeued_task" ] || sleep 0.2
done
ok "scontrol requeue ${array_job}_$requeued_task: the task was $requeued_how, its shard held $requeued_at examples ($(elapsed))"

while [ -n "$(squeue -h 2>/dev/null)" ]; do
	[ "$(date +%s)" -lt "$deadline" ] || die "jobs still queued after $timeout s: $(squeue -h | tr '\n' ';')"
	sleep 1
done
ok "every job ended ($(elapsed))"

# Without slurmdbd there is no sacct; finished jobs stay in scontrol for MinJobAge (5 minutes).
tasks=$(scontrol -o show job "$array_job" 2>/dev/null || true)
completed=$(grep -c 'JobState=COMPLETED .*ExitCode=0:0' <<<"$tasks" || true)
if [ "$completed" -eq "$shards" ]; then
	ok "all $shards shard tasks COMPLETED with exit code 0"
else
	fail "shard tasks: $completed of $shards completed with exit code 0:" \
		"$(grep -o 'ArrayTaskId=[0-9]*\|JobState=[A-Z_]*\|ExitCode=[0-9:]*' <<<"$tasks" | tr '\n' ' ')"
fi
merge_state=$(scontrol -o show job "$merge_job" | grep -o 'JobState=[A-Z_]*' || true)
if [ "$merge_state" = JobState=COMPLETED ]; then
	ok "merge job COMPLETED after the array (afterok)"
else
	fail "merge job: ${merge_state:-unknown}; see $work/logs/merge.log"
fi

log=$work/logs/shard-$requeued_task.log
starts=$(grep -c '^rocbert-shard start:' "$log" || true)
if [ "$starts" -eq 2 ] && grep -q '^rocbert-shard start:.* restart 1 ' "$log"; then
	if grep -q 'DUE TO JOB REQUEUE' "$log"; then
		ok "shard $requeued_task ran twice: killed by the requeue mid-run, then rerun (restart 1)"
	else
		ok "shard $requeued_task ran twice: after it finished, then rerun (restart 1)"
	fi
else
	fail "shard $requeued_task log shows $starts starts (expected 2, the second with restart 1): $log"
fi

# The shards and the merged database hold every example once; merging again adds nothing.
merged_before=$(examples_in "$work/$database")
shard_total=0
for ((i = 0; i < shards; i++)); do shard_total=$((shard_total + $(examples_in "$(shard_db "$i")"))); done
shard_files=()
for ((i = 0; i < shards; i++)); do shard_files+=("$(shard_db "$i")"); done
"$rocbert" merge --complete "$work/$database" "${shard_files[@]}" >"$tmp/merge-again.txt"
merged_after=$(examples_in "$work/$database")
if [ "$merged_before" -eq "$shard_total" ] && [ "$merged_after" -eq "$merged_before" ]; then
	ok "merged $merged_before examples = the shards' $shard_total; merging again adds none"
else
	fail "merged $merged_before examples, shards hold $shard_total, after merging again $merged_after"
fi
# A finished task's retry may run after the merge job did: the report is then written again from
# the final merge, as the merge job writes it. A task requeued mid-run holds the merge job back
# (afterok), whose report stands.
if [ "$requeued_how" = finished ]; then
	"$rocbert" report --db "$work/$database" --suite "$suite_name" --out "$work/$report" >/dev/null
fi
"$repo/scripts/cluster/slurm_local.sh" stop "$cluster" >/dev/null
unset SLURM_CONF
mv "$work" "$tmp/cluster-run"

# --- The same suite in one process ---------------------------------------------------------------

copy_suite
single_args=(--quiet)
[ -z "$limit" ] || single_args+=(--limit "$limit")
# fp32 scores depend on OpenBLAS's thread count in their last bits (enough to change a few attack
# outcomes of the demo's checkpoints): the one-process run uses the shard tasks' count.
if OPENBLAS_NUM_THREADS=$cpus_per_task "$rocbert" run "$work/$suite_file" "${single_args[@]}" >"$tmp/single-run.txt" 2>&1; then
	ok "one-process run of the same suite, BLAS threads: $cpus_per_task ($(elapsed))"
else
	die "the one-process run failed: $(tail -n 5 "$tmp/single-run.txt")"
fi
mv "$work" "$tmp/single-run"
a=$tmp/cluster-run
b=$tmp/single-run

# --- Comparisons -----------------------------------------------------------------------------------

# The report and its charts (SVG files beside it, named after it).
report_stem=${report%.*}
report_files=$(cd "$b" && { ls "$report" "$report_stem"-*.svg 2>/dev/null || true; })
report_diff=
for f in $report_files; do
	if ! diff -u "$b/$f" "$a/$f" >"$tmp/report.diff" 2>&1; then
		report_diff="$report_diff $f"
		head -n 40 "$tmp/report.diff"
	fi
done
if [ -n "$report_files" ] && [ -z "$report_diff" ]; then
	ok "reports equal: $(echo "$report_files" | tr '\n' ' ')"
else
	fail "reports differ:${report_diff:- none written}"
fi

# The runs and their examples and perturbations, rows named by the run's identity rather than by
# ids, every other column but the times (id, run_id, example_row_id, created_at, finished_at,
# elapsed_seconds, recorded_at). The columns are read from the single run's schema, so columns a
# later schema adds are compared too.
columns() { # TABLE ALIAS EXCLUDED...
	local table=$1 alias=$2
	shift 2
	sqlite3 -readonly "$b/$database" "SELECT name FROM pragma_table_info('$table')" |
		grep -vxF "$(printf '%s\n' "$@")" | sed "s/^/$alias./" | paste -sd, -
}
run_key="r.suite, r.attack, r.attack_config_hash, r.checkpoint_name, r.checkpoint_hash, r.precision, r.dataset_hash, r.head, r.seed"
declare -A dump
dump[runs]="SELECT $run_key, $(columns runs r id created_at finished_at), r.finished_at IS NOT NULL
	FROM runs r ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9;"
dump[examples]="SELECT $run_key, $(columns examples e id run_id elapsed_seconds recorded_at)
	FROM examples e JOIN runs r ON r.id = e.run_id ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, e.example_index;"
dump[perturbations]="SELECT $run_key, e.example_index, $(columns perturbations p id example_row_id)
	FROM perturbations p JOIN examples e ON e.id = p.example_row_id JOIN runs r ON r.id = e.run_id
	ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, e.example_index, p.ordinal;"
for table in runs examples perturbations; do
	sqlite3 -readonly "$a/$database" "${dump[$table]}" >"$tmp/$table.cluster"
	sqlite3 -readonly "$b/$database" "${dump[$table]}" >"$tmp/$table.single"
	rows=$(wc -l <"$tmp/$table.single")
	if cmp -s "$tmp/$table.cluster" "$tmp/$table.single"; then
		ok "$table equal: $rows rows"
	else
		fail "$table differ ($(wc -l <"$tmp/$table.cluster") rows merged, $rows in one process)"
		diff "$tmp/$table.single" "$tmp/$table.cluster" | head -n 10 | cut -c 1-300
	fi
done
unfinished=$(sqlite3 -readonly "$a/$database" "SELECT COUNT(*) FROM runs WHERE finished_at IS NULL")
if [ "$unfinished" -eq 0 ]; then ok "every merged run is finished"; else fail "$unfinished merged runs unfinished"; fi
