#!/usr/bin/env bash
# Publishes the controller as a Native AOT binary into artifacts/controller/liquidmetal-controller: the form it is
# deployed in (far less memory than the JIT build; see docs/adr/0004-controller-native-aot.md). Incremental: a second
# run with no change is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet publish src/LiquidMetal.Controller/LiquidMetal.Controller.csproj -c Release -r linux-x64 -o artifacts/controller \
  -p:DebugType=none -nologo -clp:ErrorsOnly -v:q
test -x artifacts/controller/liquidmetal-controller
