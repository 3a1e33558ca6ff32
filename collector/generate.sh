#!/usr/bin/env bash
# Regenerates the drift processor's mdatagen files (internal/metadata, internal/metadatatest,
# generated_*_test.go, documentation.md) from driftprocessor/metadata.yaml. The generated files
# are committed, so tests never need this. Installs mdatagen into collector/_build/bin first.
set -euo pipefail
cd "$(dirname "$0")"
VERSION=v0.159.0
BIN="$PWD/_build/bin"
if [[ ! -x "$BIN/mdatagen" ]]; then
  # Through a throw-away module: `go install mdatagen@version` asks the proxy for the module's
  # deprecation notice, which this module path cannot serve.
  tools="$PWD/_build/tools"
  mkdir -p "$tools"
  printf 'module statewatch.local/tools\n\ngo 1.25.0\n' >"$tools/go.mod"
  printf '//go:build tools\n\npackage tools\n\nimport _ "go.opentelemetry.io/collector/cmd/mdatagen"\n' >"$tools/tools.go"
  (cd "$tools" && GOFLAGS=-mod=mod go get "go.opentelemetry.io/collector/cmd/mdatagen@$VERSION" &&
    GOBIN="$BIN" go install go.opentelemetry.io/collector/cmd/mdatagen)
fi
cd driftprocessor && "$BIN/mdatagen" metadata.yaml
echo "collector: mdatagen $VERSION regenerated driftprocessor/"
