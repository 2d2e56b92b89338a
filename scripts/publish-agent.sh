#!/usr/bin/env bash
# Publishes the host agent as a Native AOT binary into artifacts/agent/liquidmetal-agent: the form it is deployed
# in (half the memory of the JIT build; see docs/benchmarks.md). Incremental: a second run with no change is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/LiquidMetal.Agent/LiquidMetal.Agent.csproj -c Release -r linux-x64 -o artifacts/agent \
  -p:DebugType=none -nologo -clp:ErrorsOnly -v:q
test -x artifacts/agent/liquidmetal-agent
