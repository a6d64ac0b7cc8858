# Kueue settings for testbed/kueue/*. Sourced, not executed.
# shellcheck shell=bash
KUEUE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$KUEUE_DIR/../lib.sh"

KUEUE_VERSION="${KUEUE_VERSION:-v0.17.0}"
KUEUE_BIN="$TESTBED_CACHE/kueue-$KUEUE_VERSION/bin"

# the module's directory in GOMODCACHE (downloaded once, through the Go module proxy)
kueue_src() {
  GOMODCACHE="$TESTBED_CACHE/gomod" GOTOOLCHAIN=local GOFLAGS=-mod=mod \
    go mod download -json "sigs.k8s.io/kueue@$KUEUE_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p'
}
