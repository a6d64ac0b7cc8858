# Shared settings for the testbed scripts. Sourced, not executed.
# shellcheck shell=bash

TESTBED_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

K8S_VERSION=v1.36.5          # k8s.io/kubernetes; staging modules at v0.36.5
K8S_BUILD_DATE=2026-09-23T18:59:36Z
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0

export TESTBED_CACHE="${TESTBED_CACHE:-$HOME/.cache/kubectl-indexed-testbed}"
TESTBED_RUN_DIR="$(realpath -m "${TESTBED_RUN_DIR:-$TESTBED_DIR/.run}")"

# Ports (127.0.0.1 only). Override with env vars before `up`; up records them
# in $TESTBED_RUN_DIR/env for the other scripts.
TESTBED_ETCD_PORT="${TESTBED_ETCD_PORT:-32379}"
TESTBED_ETCD_PEER_PORT="${TESTBED_ETCD_PEER_PORT:-32380}"
TESTBED_APISERVER_PORT="${TESTBED_APISERVER_PORT:-36443}"
TESTBED_KWOK_PORT="${TESTBED_KWOK_PORT:-32250}"

# Real node (testbed/up --real-node): kubelet + containerd on this host. Ports and
# addresses are overridable like the others; up records them in $TESTBED_RUN_DIR/env.
TESTBED_KUBELET_PORT="${TESTBED_KUBELET_PORT:-32251}"
TESTBED_REGISTRY_PORT="${TESTBED_REGISTRY_PORT:-32500}"
TESTBED_NODE_IP="${TESTBED_NODE_IP:-10.98.0.1}"            # added to lo while up
TESTBED_POD_CIDR="${TESTBED_POD_CIDR:-10.99.0.0/24}"       # CNI host-local range
TESTBED_BRIDGE="${TESTBED_BRIDGE:-tbcni0}"                 # CNI bridge device
TESTBED_REAL_NODE_NAME="${TESTBED_REAL_NODE_NAME:-real-node-0}"

TESTBED_NODES_SET="${TESTBED_NODES:+1}"        # up --real-node runs no fake nodes unless TESTBED_NODES is set
TESTBED_NODES="${TESTBED_NODES:-5}"
TESTBED_NODE_PODS="${TESTBED_NODE_PODS:-110}"
TESTBED_POD_DELAY_MS="${TESTBED_POD_DELAY_MS:-1000}"
TESTBED_POD_START_DELAY_MS="${TESTBED_POD_START_DELAY_MS:-0}"
TESTBED_READY_TIMEOUT="${TESTBED_READY_TIMEOUT:-180}"

tb_log() { printf '[testbed %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
tb_die() { tb_log "ERROR: $*"; exit 1; }

# hash of files, for cache keys
tb_hash() { cat "$@" | sha256sum | cut -c1-12; }

tb_keys() {
  K8S_KEY="k8s-$K8S_VERSION-$(tb_hash "$TESTBED_DIR/k8s/go.mod" "$TESTBED_DIR/k8s/go.sum")"
  ETCD_KEY="etcd-$ETCD_VERSION-$(tb_hash "$TESTBED_DIR/etcd/go.mod" "$TESTBED_DIR/etcd/go.sum")"
  TOOLS_KEY="tools-kwok-$KWOK_VERSION-$(cd "$TESTBED_DIR/tools" && tb_hash go.mod go.sum $(find . -name '*.go' | sort))"
  K8S_BIN="$TESTBED_CACHE/$K8S_KEY/bin"
  ETCD_BIN="$TESTBED_CACHE/$ETCD_KEY/bin"
  TOOLS_BIN="$TESTBED_CACHE/$TOOLS_KEY/bin"
  # the kubelet is a part of its own (its module needs more go.sum entries), same k8s.io/kubernetes version
  KUBELET_KEY="kubelet-$K8S_VERSION-$(tb_hash "$TESTBED_DIR/kubelet/go.mod" "$TESTBED_DIR/kubelet/go.sum")"
  KUBELET_BIN="$TESTBED_CACHE/$KUBELET_KEY/bin"
  KUBECTL="$K8S_BIN/kubectl"
}

# Load the settings recorded by `up` (ports, binaries).
tb_load_env() {
  if [[ -f "$TESTBED_RUN_DIR/env" ]]; then
    # shellcheck disable=SC1091
    source "$TESTBED_RUN_DIR/env"
  else
    tb_keys
  fi
}

tb_kubectl() { "$KUBECTL" --kubeconfig "$TESTBED_RUN_DIR/kubeconfig" "$@"; }

# Wait until CRDs are Established: tb_crds_established KUBECONFIG SECONDS crd/a crd/b ...
# A CRD read in the instant after its create can carry `status.conditions: null`, and `kubectl wait` then stops at
# once with ".status.conditions accessor error: <nil> is of the type <nil>" instead of waiting (seen in CI);
# so each wait is short and is tried again until the deadline.
tb_crds_established() {
  local kubeconfig="$1" seconds="$2" deadline out
  shift 2
  deadline=$((SECONDS + seconds))
  while :; do
    if out="$("$KUBECTL" --kubeconfig "$kubeconfig" wait --for=condition=Established --timeout=5s "$@" 2>&1)"; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      printf '%s\n' "$out" >&2
      return 1
    fi
    sleep 0.5
  done
}

# pid of a component if its process is alive and really ours
tb_pid() {
  local f="$TESTBED_RUN_DIR/$1.pid" pid
  [[ -f "$f" ]] || return 1
  pid="$(cat "$f")"
  [[ -n "$pid" ]] && tb_alive "$pid" || return 1
  # guard against pid reuse: our processes all carry the run dir in their args
  local cmdline; cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *"$TESTBED_RUN_DIR"* ]] || return 1
  echo "$pid"
}

# start NAME BINARY ARGS... : detached, logs to $RUN/NAME.log, pid in $RUN/NAME.pid
tb_start() {
  local name="$1"; shift
  printf '%q ' "$@" >"$TESTBED_RUN_DIR/$name.cmd"
  setsid "$@" </dev/null >>"$TESTBED_RUN_DIR/$name.log" 2>&1 &
  echo $! >"$TESTBED_RUN_DIR/$name.pid"
}

# true while pid is alive (a zombie waiting for init to reap it counts as dead)
tb_alive() {
  local st
  st="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ -n "$st" && "$st" != Z && "$st" != X ]]
}

# tb_stop NAME... : TERM all of them at once, KILL whatever still runs after
# $TESTBED_STOP_GRACE seconds (default 5)
tb_stop() {
  local name pid i grace="${TESTBED_STOP_GRACE:-5}" pids=() names=()
  for name in "$@"; do
    if pid="$(tb_pid "$name")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$name")
    fi
    rm -f "$TESTBED_RUN_DIR/$name.pid"
  done
  for ((i = 0; i < ${#pids[@]}; i++)); do
    pid="${pids[$i]}"
    local deadline=$((SECONDS + grace))
    while tb_alive "$pid" && ((SECONDS < deadline)); do sleep 0.05; done
    if tb_alive "$pid"; then
      tb_log "${names[$i]} (pid $pid) still running ${grace}s after TERM, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      while tb_alive "$pid"; do sleep 0.05; done
    fi
    tb_log "stopped ${names[$i]} (pid $pid)"
  done
  # let init reap the zombies, so that `pgrep` shows nothing afterwards
  for pid in "${pids[@]}"; do
    for ((i = 0; i < 100; i++)); do [[ -e /proc/$pid ]] || break; sleep 0.05; done
  done
}

tb_curl_api() {
  curl -s --max-time 5 --cacert "$TESTBED_RUN_DIR/pki/ca.crt" \
    --cert "$TESTBED_RUN_DIR/pki/admin.crt" --key "$TESTBED_RUN_DIR/pki/admin.key" \
    "https://127.0.0.1:$TESTBED_APISERVER_PORT$1"
}

# wait until the apiserver's /readyz says ok (timeout seconds)
tb_wait_readyz() {
  local timeout="${1:-$TESTBED_READY_TIMEOUT}" start=$SECONDS
  until [[ "$(tb_curl_api /readyz 2>/dev/null)" == "ok" ]]; do
    if ((SECONDS - start > timeout)); then
      tb_log "apiserver not ready after ${timeout}s; tail of apiserver.log:"
      tail -n 30 "$TESTBED_RUN_DIR/apiserver.log" >&2 || true
      return 1
    fi
    tb_pid apiserver >/dev/null || { tb_log "apiserver died:"; tail -n 30 "$TESTBED_RUN_DIR/apiserver.log" >&2; return 1; }
    sleep 0.2
  done
}
