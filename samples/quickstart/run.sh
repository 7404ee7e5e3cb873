#!/usr/bin/env bash
# dubbo-ai quickstart: builds what it needs, then starts the admin server (embedded ZooKeeper), two model versions
# and a consumer, all on 127.0.0.1. Ctrl-C stops everything. Pass --smoke for a bounded self-check.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl samples/quickstart -am package -DskipTests
exec java -cp "samples/quickstart/target/classes:$(cat samples/quickstart/target/classpath.txt)" \
  -Ddubbo.network.interface.ignored='.*' \
  io.dubboai.samples.quickstart.Quickstart "$@"
