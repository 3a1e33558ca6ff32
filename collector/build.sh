#!/usr/bin/env bash
# Builds the statewatch collector distribution with ocb into collector/_build/dist/.
# Cached: does nothing when the binary is newer than every input (manifest, processor sources,
# this script). Needs Go and the Go module proxy; downloads no binaries (ocb comes from
# `go install`). Concurrent runs (tests, npm run collector:run) wait for each other.
set -euo pipefail
cd "$(dirname "$0")"

OCB_VERSION=v0.159.0
GOBIN_DIR="$PWD/_build/bin"
OCB="$GOBIN_DIR/builder"
BINARY="_build/dist/statewatch-collector"

mkdir -p _build
exec 9>_build/.build.lock
flock 9

# The processor's non-test sources; the otlpload bench tool is not part of the distribution.
inputs=(builder-config.yaml build.sh driftprocessor/go.mod driftprocessor/go.sum)
while IFS= read -r -d '' f; do inputs+=("$f"); done < <(
  find driftprocessor -path driftprocessor/internal/otlpload -prune -o -name '*.go' ! -name '*_test.go' -print0
)

if [[ -x "$BINARY" && "${FORCE_BUILD:-}" != 1 ]]; then
  stale=0
  for f in "${inputs[@]}"; do
    if [[ "$f" -nt "$BINARY" ]]; then stale=1; echo "collector: $f changed, rebuilding"; break; fi
  done
  if [[ $stale == 0 ]]; then
    echo "collector: $BINARY is up to date"
    exit 0
  fi
fi

# `builder version` prints to stderr.
if [[ ! -x "$OCB" ]] || ! "$OCB" version 2>&1 | grep -q "$OCB_VERSION"; then
  echo "collector: installing ocb $OCB_VERSION into $GOBIN_DIR"
  GOBIN="$GOBIN_DIR" go install "go.opentelemetry.io/collector/cmd/builder@$OCB_VERSION"
fi

echo "collector: building $BINARY (several minutes the first time)"
"$OCB" --config builder-config.yaml
touch "$BINARY"
echo "collector: built $BINARY"
