# Real node for the testbed: containerd + runc + CNI bridge + a loopback registry + a kubelet built from the
# same k8s.io/kubernetes module, joined to the testbed's control plane as node $TESTBED_REAL_NODE_NAME.
# Sourced by testbed/up (--real-node) and testbed/down, after lib.sh. Everything lives under $RN; the host
# changes (lo address, bridge, sysctls, cgroups, netns, /run/containerd, /var/lib/cni, /var/log/containers) are
# recorded in $RN/host.* at up and undone by rn_down. See TESTBED-NOTES §7 in the shared notes for why each
# setting is there.
# shellcheck shell=bash

RN="$TESTBED_RUN_DIR/realnode"
RN_PACKAGES=(containerd runc containernetworking-plugins docker-registry busybox-static bash-static iptables gcc
  libc6-dev python3 iproute2 util-linux)
# sysctls the kubelet sets on start (no opt-out): saved at up, restored at down
RN_SYSCTLS=(vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops kernel.keys.root_maxkeys
  kernel.keys.root_maxbytes)
# host paths containerd, CNI and the kubelet write outside the run dir whatever their config says;
# those that did not exist before up are removed at down
RN_HOST_PATHS=(/run/containerd /var/lib/cni /var/log/containers /var/log/pods /run/netns /var/lib/kubelet
  /var/lib/containerd /opt/containerd /etc/cni)
RN_CGROUP_NAME=kubepods

rn_need_root() {
  if [[ "$(id -u)" != 0 ]]; then
    echo "testbed: --real-node must run as root (it starts containerd and a kubelet); try: sudo $0 --real-node" >&2
    exit 1
  fi
}

rn_install_packages() {
  local missing=() p
  for p in "${RN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    tb_log "real node: installing Debian packages: ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
  # Debian's packages may start services where an init system runs; the testbed starts its own
  # instances, with their own sockets and directories, so those are left alone.
}

# -------------------------------------------------------------------------------------------- up -------------
rn_write_configs() {
  mkdir -p "$RN"/{containerd/root,containerd/state,containerd/certs.d/docker.io,containerd/certs.d/registry.k8s.io} \
    "$RN"/{cni/net.d,cni/ipam,registry/data,images,kubelet/root,kubelet/pki,kubelet/pod-logs,kubelet/plugins}

  cat >"$RN/containerd/config.toml" <<TOML
version = 2
root = "$RN/containerd/root"
state = "$RN/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "$RN/containerd/containerd.sock"
[ttrpc]
  address = "$RN/containerd/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$RN/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "registry.k8s.io/pause:3.10"
  # no CAP_SYS_RESOURCE on this machine kind: a negative oom_score_adj makes runc fail
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  disable_apparmor = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$RN/cni/net.d"
    max_conf_num = 1
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$RN/containerd/certs.d"
TOML
  local reg
  for reg in docker.io registry.k8s.io; do
    cat >"$RN/containerd/certs.d/$reg/hosts.toml" <<HOSTS
server = "http://127.0.0.1:$TESTBED_REGISTRY_PORT"
[host."http://127.0.0.1:$TESTBED_REGISTRY_PORT"]
  capabilities = ["pull", "resolve"]
HOSTS
  done

  cat >"$RN/cni/net.d/10-testbed.conflist" <<CNI
{
  "cniVersion": "0.4.0",
  "name": "testbed",
  "plugins": [
    {
      "type": "bridge", "bridge": "$TESTBED_BRIDGE", "isGateway": false, "ipMasq": false, "hairpinMode": false,
      "ipam": { "type": "host-local", "ranges": [[{ "subnet": "$TESTBED_POD_CIDR" }]], "dataDir": "$RN/cni/ipam" }
    },
    { "type": "loopback" }
  ]
}
CNI

  cat >"$RN/registry/config.yml" <<REG
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $RN/registry/data
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$TESTBED_REGISTRY_PORT
REG

  echo "nameserver 127.0.0.1" >"$RN/kubelet/resolv.conf"

  cat >"$RN/kubelet/config.yaml" <<KCFG
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $TESTBED_NODE_IP
port: $TESTBED_KUBELET_PORT
readOnlyPort: 0
healthzPort: 0
failCgroupV1: false
cgroupDriver: cgroupfs
failSwapOn: false
makeIPTablesUtilChains: false
resolvConf: $RN/kubelet/resolv.conf
containerRuntimeEndpoint: unix://$RN/containerd/containerd.sock
podLogsDir: $RN/kubelet/pod-logs
volumePluginDir: $RN/kubelet/plugins
serializeImagePulls: false
registerNode: true
maxPods: 110
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $TESTBED_RUN_DIR/pki/ca.crt}
authorization:
  mode: Webhook
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  nodefs.inodesFree: 1%
  imagefs.available: 1%
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
KCFG

  # a node client certificate (the Node authorizer and NodeRestriction treat the kubelet as the node it is)
  local pki="$TESTBED_RUN_DIR/pki" node="$TESTBED_REAL_NODE_NAME"
  (
    cd "$RN/kubelet/pki"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout node.key -out node.csr \
      -subj "/O=system:nodes/CN=system:node:$node" 2>/dev/null
    printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n' >node.ext
    openssl x509 -req -in node.csr -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial -CAserial node.srl \
      -out node.crt -days 3650 -extfile node.ext 2>/dev/null
    rm -f node.csr node.ext node.srl
    chmod 600 node.key
  )
  cat >"$RN/kubelet/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: testbed
  cluster:
    server: https://127.0.0.1:$TESTBED_APISERVER_PORT
    certificate-authority: $pki/ca.crt
users:
- name: $node
  user:
    client-certificate: $RN/kubelet/pki/node.crt
    client-key: $RN/kubelet/pki/node.key
contexts:
- name: node
  context: {cluster: testbed, user: $node}
current-context: node
KC
}

# record what the host looks like before we change it
rn_record_host() {
  local s p
  : >"$RN/host.sysctl"
  for s in "${RN_SYSCTLS[@]}"; do
    echo "$s=$(sysctl -n "$s")" >>"$RN/host.sysctl"
  done
  : >"$RN/host.paths"
  for p in "${RN_HOST_PATHS[@]}"; do
    [[ -e "$p" ]] && echo "$p" >>"$RN/host.paths"
  done
  ls /run/netns 2>/dev/null >"$RN/host.netns" || : >"$RN/host.netns"
  ls /var/log/containers 2>/dev/null >"$RN/host.containerlogs" || true
}

rn_ctr() { ctr --address "$RN/containerd/containerd.sock" "$@"; }

rn_up() {
  local t0=$EPOCHREALTIME
  for p in "$TESTBED_KUBELET_PORT" "$TESTBED_REGISTRY_PORT"; do
    [[ -z "$(ss -Hltn "sport = :$p")" ]] || tb_die "port $p is in use (set TESTBED_KUBELET_PORT/TESTBED_REGISTRY_PORT)"
  done
  if ip -o link show "$TESTBED_BRIDGE" >/dev/null 2>&1; then
    tb_die "network device $TESTBED_BRIDGE exists already (another real-node testbed? set TESTBED_BRIDGE)"
  fi
  rm -rf "$RN"
  mkdir -p "$RN"
  rn_record_host
  touch "$RN/up-started"   # from here on, down undoes host changes
  rn_write_configs

  # the node IP: the kubelet refuses a loopback node IP, and there is no dummy link type on this kernel
  ip addr add "$TESTBED_NODE_IP/32" dev lo
  echo "$TESTBED_NODE_IP/32" >"$RN/host.loaddr"

  # images: pause from the module's source, busybox and bash from Debian's static binaries
  gcc -static -O2 -o "$RN/images/pause" "$GOMODCACHE_K8S/build/pause/linux/pause.c"
  python3 "$TESTBED_DIR/realnode/mkimages.py" "$RN/images" "$RN/images/pause"

  tb_log "real node: starting registry on 127.0.0.1:$TESTBED_REGISTRY_PORT, containerd"
  tb_start registry /usr/bin/docker-registry serve "$RN/registry/config.yml"
  tb_start containerd /usr/bin/containerd --config "$RN/containerd/config.toml" --log-level warn
  local i
  for ((i = 0; i < 300; i++)); do
    [[ -S "$RN/containerd/containerd.sock" ]] && rn_ctr version >/dev/null 2>&1 && break
    tb_pid containerd >/dev/null || { tail -n 20 "$TESTBED_RUN_DIR/containerd.log" >&2; tb_die "containerd died"; }
    sleep 0.1
  done
  ((i < 300)) || tb_die "containerd not answering after 30s"
  for ((i = 0; i < 300; i++)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$TESTBED_REGISTRY_PORT/v2/")" == 200 ]] && break
    tb_pid registry >/dev/null || { tail -n 20 "$TESTBED_RUN_DIR/registry.log" >&2; tb_die "registry died"; }
    sleep 0.1
  done
  ((i < 300)) || tb_die "registry not answering after 30s"

  # fill the registry from a namespace of its own, so that the kubelet's pulls (namespace k8s.io) are real
  local img ref
  for img in busybox:docker.io/library/busybox:latest bash:docker.io/library/bash:latest \
    pause:registry.k8s.io/pause:3.10; do
    ref="${img#*:}"
    rn_ctr -n testbed-import images import --no-unpack "$RN/images/${img%%:*}.tar" >/dev/null
    local path="${ref#*/}"
    rn_ctr -n testbed-import images push --plain-http "127.0.0.1:$TESTBED_REGISTRY_PORT/$path" "$ref" >/dev/null
  done
  tb_log "real node: registry holds busybox, bash, pause ($(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}')s)"

  tb_log "real node: starting kubelet $K8S_VERSION as $TESTBED_REAL_NODE_NAME ($TESTBED_NODE_IP:$TESTBED_KUBELET_PORT)"
  tb_start kubelet "$KUBELET_BIN/kubelet" \
    --config="$RN/kubelet/config.yaml" --kubeconfig="$RN/kubelet/kubeconfig" \
    --root-dir="$RN/kubelet/root" --cert-dir="$RN/kubelet/pki" \
    --hostname-override="$TESTBED_REAL_NODE_NAME" --node-ip="$TESTBED_NODE_IP" \
    --node-labels=testbed.kubectl-indexed/real-node=true --v=1
}

rn_wait_ready() {
  local deadline=$((SECONDS + TESTBED_READY_TIMEOUT))
  until [[ "$(tb_kubectl get node "$TESTBED_REAL_NODE_NAME" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]; do
    ((SECONDS < deadline)) || { tail -n 30 "$TESTBED_RUN_DIR/kubelet.log" >&2; tb_die "$TESTBED_REAL_NODE_NAME not Ready"; }
    for c in kubelet containerd registry; do
      tb_pid "$c" >/dev/null || { tail -n 30 "$TESTBED_RUN_DIR/$c.log" >&2; tb_die "$c died"; }
    done
    sleep 0.2
  done
}

# -------------------------------------------------------------------------------------------- down -----------
# pids of processes in our cgroup subtree or started by our containerd (shims, pause, containers)
rn_our_pids() {
  local f
  for f in /sys/fs/cgroup/*/"$RN_CGROUP_NAME"; do
    [[ -d "$f" ]] && find "$f" -name cgroup.procs -exec cat {} + 2>/dev/null
  done
  local p
  for p in /proc/[0-9]*; do
    { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null | grep -qF -- "-address $RN/containerd/containerd.sock" && echo "${p#/proc/}"
  done
  true
}

rn_down() {
  [[ -f "$RN/up-started" ]] || return 0
  tb_log "real node: removing pods, then stopping kubelet, containerd, registry"
  # 1. let the kubelet stop the pods itself (CNI teardown, netns, mounts), while the control plane is up
  if tb_pid apiserver >/dev/null && tb_pid kubelet >/dev/null; then
    tb_kubectl delete jobs --all --all-namespaces --wait=false >/dev/null 2>&1 || true
    tb_kubectl delete pods --all --all-namespaces --grace-period=1 --wait=false \
      --field-selector "spec.nodeName=$TESTBED_REAL_NODE_NAME" >/dev/null 2>&1 || true
    local deadline=$((SECONDS + 60))
    while ((SECONDS < deadline)); do
      [[ -z "$(tb_kubectl get pods --all-namespaces --field-selector "spec.nodeName=$TESTBED_REAL_NODE_NAME" \
        -o name 2>/dev/null)" ]] && [[ -z "$(rn_ctr -n k8s.io tasks ls -q 2>/dev/null)" ]] && break
      sleep 0.2
    done
  fi
  tb_stop kubelet
  # 2. whatever still runs: kill the tasks, then the shims and anything left in our cgroups, by pid
  if tb_pid containerd >/dev/null; then
    local c
    for c in $(rn_ctr -n k8s.io tasks ls -q 2>/dev/null); do rn_ctr -n k8s.io tasks kill -s KILL "$c" >/dev/null 2>&1 || true; done
  fi
  tb_stop containerd registry
  local pid i
  for ((i = 0; i < 50; i++)); do
    pids=$(rn_our_pids | sort -u)
    [[ -z "$pids" ]] && break
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    sleep 0.1
  done
  # 3. mounts under the run dir and the netns that appeared since up (deepest first)
  local m
  awk '{print $5}' /proc/self/mountinfo | grep -E "^($RN/|/run/netns/|/run/containerd/)" | sort -r | while read -r m; do
    if [[ "$m" == /run/netns/* ]] && grep -qxF "${m#/run/netns/}" "$RN/host.netns"; then continue; fi
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
  for m in /run/netns/*; do
    [[ -e "$m" ]] || continue
    grep -qxF "${m##*/}" "$RN/host.netns" || rm -f "$m"
  done
  # 4. network: veths left by killed sandboxes go with their netns; the bridge and the lo address go here
  ip link del "$TESTBED_BRIDGE" 2>/dev/null || true
  [[ -f "$RN/host.loaddr" ]] && { ip addr del "$(cat "$RN/host.loaddr")" dev lo 2>/dev/null || true; }
  # 5. sysctls back to what they were
  local kv
  while IFS= read -r kv; do sysctl -q -w "$kv" >/dev/null 2>&1 || true; done <"$RN/host.sysctl"
  # 6. cgroups: the kubelet's /kubepods tree in every v1 hierarchy (and unified), deepest first
  local h
  for h in /sys/fs/cgroup/*/"$RN_CGROUP_NAME" /sys/fs/cgroup/"$RN_CGROUP_NAME"; do
    [[ -d "$h" ]] || continue
    for ((i = 0; i < 50; i++)); do
      find "$h" -depth -type d -exec rmdir {} + 2>/dev/null || true
      [[ -d "$h" ]] || break
      sleep 0.1
    done
    [[ -d "$h" ]] && tb_log "WARNING: could not remove cgroup $h"
  done
  # 7. host paths that did not exist before up
  for m in /var/log/containers/*; do
    [[ -L "$m" && "$(readlink "$m")" == "$RN/"* ]] && rm -f "$m"
  done
  local p
  for p in "${RN_HOST_PATHS[@]}"; do
    if [[ -e "$p" ]] && ! grep -qxF "$p" "$RN/host.paths"; then
      if grep -qE " $p(/| )" /proc/self/mountinfo; then
        tb_log "WARNING: $p still has mounts; left in place"
      else
        rm -rf "$p"
      fi
    fi
  done
  rm -f "$RN/up-started"
  tb_log "real node: host changes undone"
}
