#!/usr/bin/env bash
# Revocation propagation between two instances on the core classes (issue 11 point 4):
# StorePropagation with PostgreSQL LISTEN/NOTIFY (jdbc), PostgreSQL polling only (jdbc-poll)
# and Redis pub/sub (redis); 200 rounds each, p50/p99/max. Needs PostgreSQL on 127.0.0.1:5432
# and Redis on 127.0.0.1:6379 (see .ci/run). Usage: bash benchmarks/store-propagation.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-200}
BENCH_JAR=benchmarks/target/benchmarks.jar
if [ ! -f "$BENCH_JAR" ]; then
  mvn -q -B -Pbenchmarks package -pl benchmarks -am -DskipTests
fi
echo "== revocation A->B, core classes, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) =="
for store in jdbc jdbc-poll redis; do
  java -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.StorePropagation "$store" "$ROUNDS" 2>&1 | grep -v '^SLF4J'
done
