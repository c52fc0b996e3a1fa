#!/usr/bin/env bash
# The whole test suite: typecheck, lint, widget build, then every vitest project (unit, integration,
# size and browser tests). Ends with one line totalling every suite: `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0 failed=0 skipped=0
step() {
  local name=$1
  shift
  echo "── $name"
  if "$@"; then passed=$((passed + 1)); else echo "✗ $name failed"; failed=$((failed + 1)); fi
}

step "system packages" bash scripts/ensure-system-deps.sh
step "typecheck" pnpm -s typecheck
step "lint" pnpm -s lint
step "build" pnpm -s build

results=.vitest-results.json
rm -f "$results"
echo "── vitest"
pnpm -s exec vitest run --reporter=default --reporter=json --outputFile="$results"
vitest_status=$?
if [ -f "$results" ]; then
  read -r vp vf vs < <(node -e '
    const r = require("./" + process.argv[1])
    console.log(r.numPassedTests, r.numFailedTests, r.numPendingTests + r.numTodoTests)
  ' "$results")
  passed=$((passed + vp)) failed=$((failed + vf)) skipped=$((skipped + vs))
  if [ "$vitest_status" -ne 0 ] && [ "$vf" -eq 0 ]; then failed=$((failed + 1)); fi
else
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
