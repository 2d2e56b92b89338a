#!/usr/bin/env bash
# Sets this machine up (scripts/setup.sh) and runs every test: unit tests, adapter tests against the real
# tools (ip, genisoimage, qemu-img, SQLite), and integration tests that boot real microVMs through the API.
# Test projects run one after another so that no more than two guests boot at once on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# Tests start the agent and the controller as they are deployed: the Native AOT binaries setup just published.
export LM_AGENT_BINARY="$PWD/artifacts/agent/liquidmetal-agent"
export LM_CONTROLLER_BINARY="$PWD/artifacts/controller/liquidmetal-controller"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test LiquidMetal.slnx -c Release --no-build -m:1 --nologo 2>&1 | tee "$log" || status=$?

# One summary line over every test assembly ("Passed!  - Failed: 0, Passed: 45, Skipped: 0, ...").
awk '/(Passed|Failed)! +- +Failed:/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       n++ }
     END { printf "%d passed, %d failed, %d skipped (%d test assemblies)\n", p, f, s, n; if (n == 0) exit 1 }' "$log" || status=1
exit "$status"
