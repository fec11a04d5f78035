#!/usr/bin/env bash
# The compat apps (test/compat/<app>): fresh Nest apps that install the PACKED library, as users do.
#
#   bash test/compat/run.sh [app …]        (default: every app; npm run test:compat)
#
# Builds and packs the library, then for each app: copies it to a scratch directory OUTSIDE the
# repo, `npm ci` from the app's lockfile, `npm install ../../../nest-api-edge-x.y.z.tgz` (no
# --force, no --legacy-peer-deps: the peer ranges must fit), compiles it with skipLibCheck false,
# type-checks both entry points under moduleResolution node10, nodenext and bundler, compiles the
# README's and the auth quick start's TypeScript with the app's compiler options (doc-snippets.mjs),
# and runs the app's e2e suite with the app's own runner.
#
# Why a scratch copy: inside the repo, Node and TypeScript walk up to the repo's node_modules and
# would find what the package forgot to declare, and the optional peers (ioredis, @nestjs/jwt)
# that an app without them must compile without. KEEP_COMPAT=1 keeps the scratch directory.
# Every step runs even when an earlier one failed; the exit status is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
APPS=("$@")
[ ${#APPS[@]} -eq 0 ] && APPS=(nest11-cjs nest12-esm)

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/nest-api-edge-compat.XXXXXX")
if [ "${KEEP_COMPAT:-}" = 1 ]; then echo "scratch: $SCRATCH"; else trap 'rm -rf "$SCRATCH"' EXIT; fi

npm run build >/dev/null || { echo "✗ the library does not build"; exit 1; }
echo "built the library ($SECONDS s)"
TARBALL=$(npm pack --json --ignore-scripts --pack-destination "$SCRATCH" 2>/dev/null | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].filename)')
[ -f "$SCRATCH/$TARBALL" ] || { echo "✗ npm pack made no tarball"; exit 1; }
echo "packed $TARBALL"

# One app, all its steps; prints to stdout, appends each failed step to $SCRATCH/failed.
step() {
  local name=$1; shift
  local started=$SECONDS
  echo "── $name"
  if "$@"; then echo "✓ $name ($((SECONDS - started)) s)"; else echo "✗ $name ($((SECONDS - started)) s)"; echo "$name" >>"$SCRATCH/failed"; return 1; fi
}
install_app() {
  (cd "$1" && npm ci --no-audit --no-fund --loglevel=error && npm install --no-save --no-audit --no-fund --loglevel=error "../../../$TARBALL")
}
run_app() {
  local app=$1
  # The same relative layout as in the repo, so ../../../<tarball> is the packed library.
  local dir="$SCRATCH/test/compat/$app"
  mkdir -p "$dir"
  tar -C "$ROOT/test/compat/$app" --exclude=node_modules --exclude=dist -cf - . | tar -C "$dir" -xf -
  step "$app: install (npm ci + the tarball)" install_app "$dir" || return
  # tsc still emits on type errors, so the e2e suite runs (and reports) even when typings fail.
  step "$app: compile (skipLibCheck false)" bash -c "cd '$dir' && npm run --silent build"
  step "$app: types (node10, nodenext, bundler)" bash -c "cd '$dir' && npm run --silent test:types"
  step "$app: doc snippets (README, auth quick start)" node "$ROOT/test/compat/doc-snippets.mjs" "$ROOT" "$dir"
  step "$app: e2e" bash -c "cd '$dir' && npm run --silent test:e2e"
}

# The apps run side by side (installs wait on the network, not the CPU); logs print in order.
: >"$SCRATCH/failed"
pids=()
for app in "${APPS[@]}"; do
  if [ -f "test/compat/$app/package.json" ]; then
    run_app "$app" >"$SCRATCH/$app.log" 2>&1 &
    pids+=($!)
  else
    echo "no app test/compat/$app" >>"$SCRATCH/failed"
  fi
done
for pid in "${pids[@]}"; do wait "$pid"; done
for app in "${APPS[@]}"; do [ -f "$SCRATCH/$app.log" ] && cat "$SCRATCH/$app.log"; done

if [ -s "$SCRATCH/failed" ]; then
  echo "compat: $(wc -l <"$SCRATCH/failed") step(s) failed:"
  sed 's/^/  ✗ /' "$SCRATCH/failed"
  exit 1
fi
echo "compat: every step passed (${APPS[*]}) in $SECONDS s"
