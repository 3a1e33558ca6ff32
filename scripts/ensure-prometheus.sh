#!/usr/bin/env bash
# Prometheus 3 and promtool, built from the Go module proxy once per version and cached outside
# the repository (so a fresh clone, e.g. CI's, reuses them). Prints the directory holding both
# binaries; put it first on PATH:
#
#   PATH="$(scripts/ensure-prometheus.sh):$PATH"
#   scripts/ensure-prometheus.sh --cached-only   # print the directory if built, else exit 3
#
# STATEWATCH_PROMETHEUS_VERSION: Go module version (v0.3MM.P is Prometheus 3.MM.P). Default v0.316.0.
# STATEWATCH_CACHE: cache root. Default ~/.cache/statewatch.
# A build takes 10-25 minutes on 2 cores; progress goes to stderr.
set -euo pipefail

version="${STATEWATCH_PROMETHEUS_VERSION:-v0.316.0}"
cache="${STATEWATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/statewatch}"
dir="$cache/prometheus-$version"
bin="$dir/bin"

built() { [ -x "$bin/prometheus" ] && [ -x "$bin/promtool" ]; }

if built; then
  echo "$bin"
  exit 0
fi
if [ "${1:-}" = "--cached-only" ]; then
  echo "Prometheus $version is not built yet: run scripts/ensure-prometheus.sh" >&2
  exit 3
fi
command -v go >/dev/null 2>&1 || {
  echo "go is required to build Prometheus $version (it comes from the Go module proxy)" >&2
  exit 1
}

mkdir -p "$dir"
# One build at a time; a second caller waits for it and then finds the binaries.
exec 9>"$dir/.lock"
flock 9
if ! built; then
  echo "building Prometheus and promtool $version into $bin (10-25 minutes, once)" >&2
  partial="$dir/bin.partial"
  rm -rf "$partial"
  GOBIN="$partial" go install \
    "github.com/prometheus/prometheus/cmd/prometheus@$version" \
    "github.com/prometheus/prometheus/cmd/promtool@$version" >&2
  rm -rf "$bin"
  mv "$partial" "$bin"
fi
echo "$bin"
