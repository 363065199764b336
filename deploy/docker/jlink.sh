#!/usr/bin/env bash
# Builds the router's Java runtime: a jlink image with only the modules in jre-modules.txt.
# Usage: deploy/docker/jlink.sh OUTPUT_DIR   (OUTPUT_DIR must not exist; JAVA_HOME or PATH gives jlink)
# Used by the Dockerfile's build stage and by JlinkRuntimeTest; no container engine needed.
# JLINK_COMPRESS (default zip-6) trades size for build time; the test uses zip-0, same modules.
set -euo pipefail
out="${1:?usage: jlink.sh OUTPUT_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
jlink="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
modules="$(grep -v '^\s*#' "$here/jre-modules.txt" | grep -v '^\s*$' | paste -sd, -)"
"$jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress="${JLINK_COMPRESS:-zip-6}" --output "$out"
echo "runtime with modules $modules in $out" >&2
