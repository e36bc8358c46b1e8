#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for testing the deploy/slurm scripts on the real engine.
#
#   scripts/cluster/slurm_local.sh start DIR   # munged, slurmctld and slurmd; returns once the node is idle
#   scripts/cluster/slurm_local.sh stop DIR    # stops the three daemons started from DIR
#   scripts/cluster/slurm_local.sh env DIR     # prints the export line that points Slurm's clients at DIR
#
# Everything lives in DIR: the munge key and socket, slurm.conf, state, spool, logs and pid files, so
# the cluster touches no system configuration and several can coexist on different ports
# (SLURM_LOCAL_PORT, default 6817; slurmd takes the next port). The clients (sbatch, squeue,
# scontrol, sinfo) find the cluster through SLURM_CONF=DIR/slurm.conf.
#
# No systemd is needed: the daemons are started directly. Processes are tracked by
# proctrack/linuxproc (the /proc parent tree) and task/none binds nothing, which works in any
# container. SLURM_LOCAL_CGROUP=1 uses proctrack/cgroup and task/cgroup instead (cores and memory
# confined per job); that needs writable cgroup v1 hierarchies or a delegated cgroup v2 tree.
# Accounting needs slurmdbd and a database, so there is none: sacct is unavailable and callers poll
# squeue.
set -euo pipefail

usage() {
	echo "usage: $0 start|stop|env DIR" >&2
	exit 2
}

[ $# -eq 2 ] || usage
action=$1
mkdir -p "$2"
dir=$(cd "$2" && pwd)
port=${SLURM_LOCAL_PORT:-6817}
conf=$dir/slurm.conf

# Debian's packages: slurm-wlm brings slurmctld, slurmd and the clients; munge is their authentication.
# Their postinst scripts do not start the daemons here (no init system), which does not matter: this
# script starts its own.
ensure_packages() {
	if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; then
		return
	fi
	# As scripts/install_deps.sh: root installs directly, anyone else through sudo.
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq slurm-wlm munge >/dev/null
}

pid_alive() {
	[ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

start_munge() {
	# munged requires every folder above its socket to be searchable by all (a mktemp -d folder is
	# not) and the key to be private.
	local up=$dir
	while [ "$up" != / ]; do
		if [ -z "$(find "$up" -maxdepth 0 -perm -o=x)" ]; then
			echo "slurm_local: munged needs $up searchable by all (chmod a+x $up)" >&2
			exit 1
		fi
		up=$(dirname "$up")
	done
	mkdir -p "$dir/munge"
	chmod 755 "$dir/munge"
	if [ ! -s "$dir/munge/munge.key" ]; then
		mungekey --create --keyfile="$dir/munge/munge.key"
	fi
	chmod 600 "$dir/munge/munge.key"
	if pid_alive "$dir/munge/munged.pid"; then
		return
	fi
	munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
		--pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
		--seed-file="$dir/munge/munged.seed"
	munge -S "$dir/munge/munge.socket" -n | unmunge -S "$dir/munge/munge.socket" >/dev/null
}

write_conf() {
	local host node
	host=$(hostname -s)
	# slurmd -C prints this machine's NodeName line (CPUs, sockets, cores, threads, RealMemory); a
	# configured size larger than the real one would drain the node.
	node=$(slurmd -C | head -n 1)
	mkdir -p "$dir/state" "$dir/spool" "$dir/log"
	local proctrack=proctrack/linuxproc task=task/none
	if [ "${SLURM_LOCAL_CGROUP:-0}" = 1 ]; then
		proctrack=proctrack/cgroup
		task=task/cgroup,task/affinity
		cat >"$dir/cgroup.conf" <<CGROUP
CgroupPlugin=autodetect
ConstrainCores=yes
ConstrainRAMSpace=yes
CGROUP
	else
		rm -f "$dir/cgroup.conf"
	fi
	cat >"$conf" <<CONF
# Written by scripts/cluster/slurm_local.sh: one node on this machine, everything under $dir.
ClusterName=rocbert-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire also delays a requeued job's restart (begin time = requeue + cred_expire + 1 s, 121 s
# by default); 10 s keeps a retry test short.
AuthInfo=socket=$dir/munge/munge.socket,cred_expire=10
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=$proctrack
TaskPlugin=$task
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
# No mail transport here; the default /bin/mail is absent and slurmctld logs an error without this.
MailProg=/bin/true
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobRequeue=1
ReturnToService=2
# The main scheduler runs every 2 s (default 60 s), so a job starts soon after it becomes eligible:
# a test waits for state changes.
SchedulerParameters=bf_interval=1,sched_interval=2,sched_min_interval=100000
# A finished job stays known to squeue and scontrol for 5 minutes: it can still be requeued.
MinJobAge=300
InactiveLimit=0
KillWait=5
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

# Whether something accepts connections on a local TCP port.
port_in_use() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The daemon logs' last lines, for a start that failed.
show_logs() {
	tail -n 20 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 2>/dev/null || true
}

start() {
	ensure_packages
	start_munge
	write_conf
	export SLURM_CONF=$conf
	# A daemon that cannot bind its port dies after it has detached, and the clients would then
	# talk to whatever holds the port: an occupied port is refused here.
	if ! pid_alive "$dir/slurmctld.pid"; then
		if port_in_use "$port"; then
			echo "slurm_local: port $port is in use (another cluster?); set SLURM_LOCAL_PORT" >&2
			exit 1
		fi
		# -c: a fresh state; -i: ignore state files that do not match the configuration.
		slurmctld -f "$conf" -c -i
	fi
	if ! pid_alive "$dir/slurmd.pid"; then
		if port_in_use "$((port + 1))"; then
			echo "slurm_local: port $((port + 1)) (slurmd) is in use; set SLURM_LOCAL_PORT" >&2
			exit 1
		fi
		slurmd -f "$conf"
	fi
	local host state deadline=$((SECONDS + 60)) daemon
	host=$(hostname -s)
	while [ "$SECONDS" -lt "$deadline" ]; do
		for daemon in slurmctld slurmd; do
			if [ -s "$dir/$daemon.pid" ] && ! pid_alive "$dir/$daemon.pid"; then
				echo "slurm_local: $daemon exited; logs in $dir/log" >&2
				show_logs
				exit 1
			fi
		done
		# An unreachable controller makes a client retry for many seconds.
		state=$(timeout 5 sinfo -h -n "$host" -o '%t' 2>/dev/null || true)
		if [ "$state" = idle ]; then
			echo "slurm_local: node $host idle (SLURM_CONF=$conf)"
			return
		fi
		# A node left down by an earlier run returns to service here.
		case $state in down* | drain*) scontrol update nodename="$host" state=resume 2>/dev/null || true ;; esac
		sleep 1
	done
	echo "slurm_local: node $host not idle after 60 s (state: ${state:-none}); logs in $dir/log" >&2
	show_logs
	exit 1
}

stop_pid() {
	local file=$1 name=$2
	if ! pid_alive "$file"; then
		rm -f "$file"
		return
	fi
	local pid
	pid=$(cat "$file")
	kill "$pid"
	for _ in $(seq 1 30); do
		kill -0 "$pid" 2>/dev/null || { rm -f "$file"; return; }
		sleep 0.5
	done
	echo "slurm_local: $name ($pid) did not stop in 15 s; killing it" >&2
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$file"
}

stop() {
	# slurmd first: it ends the steps of jobs still running; slurmctld then; munged last, since both use it.
	stop_pid "$dir/slurmd.pid" slurmd
	stop_pid "$dir/slurmctld.pid" slurmctld
	stop_pid "$dir/munge/munged.pid" munged
	# The cgroup plugins leave their empty slurm_HOST folders in each cgroup v1 hierarchy.
	if [ -f "$dir/cgroup.conf" ]; then
		find /sys/fs/cgroup/*/"slurm_$(hostname -s)" -depth -type d -exec rmdir {} \; 2>/dev/null || true
	fi
	echo "slurm_local: stopped ($dir)"
}

case $action in
start) start ;;
stop) stop ;;
env) echo "export SLURM_CONF=$conf" ;;
*) usage ;;
esac
