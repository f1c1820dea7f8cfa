#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, started by hand (no systemd),
# for the sweep tests and CI.
#
#   scripts/slurm-node.sh start    install slurm-wlm and munge if missing, write
#                                  the config, start munged, slurmctld, slurmd
#   scripts/slurm-node.sh stop     stop the daemons by their PIDs
#   scripts/slurm-node.sh status   say what runs and show sinfo
#
# Must run as root. Facts this script relies on (see issue 7):
# - munged must run as the munge user;
# - SelectTypeParameters=CR_CPU (memory as a consumable serialises array tasks
#   unless --mem is given);
# - MinJobAge=5 and SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
#   keep `sbatch --wait` quick;
# - EnforcePartLimits=ALL makes an impossible request fail at once;
# - slurmd is started with -N localhost; RealMemory comes from `slurmd -C`.
#
# Environment: SLURM_NODE_STATE (default /var/lib/migrasim-slurm) holds the
# state, spool, logs and PID files; SLURM_NODE_CPUS overrides the CPU count.
set -euo pipefail

STATE=${SLURM_NODE_STATE:-/var/lib/migrasim-slurm}
CONF_DIR=/etc/slurm
CONF=$CONF_DIR/slurm.conf
MUNGE_PID=/run/munge/munged.pid
CTLD_PID=$STATE/slurmctld.pid
SLURMD_PID=$STATE/slurmd.pid

log() { echo "slurm-node: $*" >&2; }
die() { log "error: $*"; exit 1; }

need_root() {
    [ "$(id -u)" = 0 ] || die "must run as root"
}

install_packages() {
    local missing=()
    command -v slurmctld >/dev/null 2>&1 || missing+=(slurm-wlm)
    command -v munged >/dev/null 2>&1 || missing+=(munge)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq -o DPkg::Lock::Timeout=600 || true
        apt-get install -y -qq -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
    fi
}

alive() { # pidfile
    [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null
}

start_munge() {
    if alive "$MUNGE_PID"; then return; fi
    mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
    if [ ! -s /etc/munge/munge.key ]; then
        if command -v mungekey >/dev/null 2>&1; then
            mungekey --create --keyfile=/etc/munge/munge.key --force
        else
            dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null
        fi
    fi
    chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
    chmod 0700 /etc/munge /var/lib/munge /var/log/munge
    chmod 0755 /run/munge
    chmod 0400 /etc/munge/munge.key
    log "starting munged"
    if command -v runuser >/dev/null 2>&1; then
        runuser -u munge -- /usr/sbin/munged --pid-file="$MUNGE_PID"
    else
        su -s /bin/sh munge -c "/usr/sbin/munged --pid-file=$MUNGE_PID"
    fi
    for _ in $(seq 50); do
        alive "$MUNGE_PID" && return
        sleep 0.1
    done
    die "munged did not start (see /var/log/munge/munged.log)"
}

write_config() {
    mkdir -p "$CONF_DIR" "$STATE/ctld" "$STATE/d" "$STATE/log"
    chown -R slurm:slurm "$STATE/ctld" "$STATE/log" 2>/dev/null || true
    local cpus mem
    cpus=${SLURM_NODE_CPUS:-$(nproc)}
    mem=$(slurmd -C 2>/dev/null | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -n1)
    mem=${mem:-1000}
    cat >"$CONF" <<EOF
# Written by scripts/slurm-node.sh: a single-node cluster for tests.
ClusterName=migrasim
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MinJobAge=5
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
EnforcePartLimits=ALL
MaxArraySize=1001
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
InactiveLimit=0
KillWait=5
Waittime=0
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=localhost CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
    # Some tools look for the config here.
    [ -e /etc/slurm-llnl ] || ln -s "$CONF_DIR" /etc/slurm-llnl 2>/dev/null || true
}

start() {
    need_root
    install_packages
    start_munge
    write_config
    if ! alive "$CTLD_PID"; then
        log "starting slurmctld"
        # -i: ignore state files that do not match (a fresh config each start).
        slurmctld -i -f "$CONF"
    fi
    if ! alive "$SLURMD_PID"; then
        log "starting slurmd"
        slurmd -N localhost -f "$CONF"
    fi
    for _ in $(seq 100); do
        if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
            log "up: $(sinfo -h -o '%P %D %t %c CPUs')"
            return 0
        fi
        # A node left down by a previous run comes back with this.
        scontrol update NodeName=localhost State=RESUME >/dev/null 2>&1 || true
        sleep 0.2
    done
    sinfo >&2 || true
    die "the node did not become idle (logs in $STATE/log)"
}

stop_pid() { # name pidfile
    if alive "$2"; then
        local pid
        pid=$(cat "$2")
        log "stopping $1 ($pid)"
        kill "$pid"
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$2"
}

stop() {
    need_root
    stop_pid slurmd "$SLURMD_PID"
    stop_pid slurmctld "$CTLD_PID"
    stop_pid munged "$MUNGE_PID"
}

status() {
    local rc=0
    for p in "munged:$MUNGE_PID" "slurmctld:$CTLD_PID" "slurmd:$SLURMD_PID"; do
        if alive "${p#*:}"; then
            echo "${p%%:*}: running ($(cat "${p#*:}"))"
        else
            echo "${p%%:*}: stopped"
            rc=1
        fi
    done
    if [ $rc = 0 ]; then sinfo; fi
    return $rc
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
