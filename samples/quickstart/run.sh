#!/usr/bin/env bash
# dubbo-ai quickstart: builds what it needs, then starts the admin server, two model versions and a consumer, all on
# 127.0.0.1. Ctrl-C stops everything.
#   ./samples/quickstart/run.sh                                   embedded mode: the server's own ZooKeeper
#   ./samples/quickstart/run.sh --nacos nacos://127.0.0.1:8848    universal mode on an external Nacos 2.x (no auth)
# Add --smoke for a bounded self-check (exit code 0 when the traffic followed the alias move).
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -pl samples/quickstart -am package -DskipTests
exec java -cp "samples/quickstart/target/classes:$(cat samples/quickstart/target/classpath.txt)" \
  -Ddubbo.network.interface.ignored='.*' -Ddubbo.application.logger=slf4j \
  io.dubboai.samples.quickstart.Quickstart "$@"
