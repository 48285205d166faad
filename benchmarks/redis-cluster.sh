#!/usr/bin/env bash
# Redis Cluster store cost (issue 11). 1. The store alone (RedisStoreLoad: rotations and
# logins per second and latency, THREADS threads). 2. (HTTP=1, the default) refresh
# requests/s of the sample (each refresh rotates its session's token: one Lua script in the
# family's slot, followed by WAIT when replicas must acknowledge). Both on
#  - the single Redis server on 127.0.0.1:6379 (no replica, nothing to wait for),
#  - a local Redis Cluster of three masters with a replica each (started here on ports
#    BASE_PORT..BASE_PORT+5, bus ports +10000) with jwt.auth.store.redis.replica-acknowledgements=0,
#  - the same cluster with replica-acknowledgements=1 (the default on a cluster).
# The three instances run at once; ROUNDS interleaved rounds of DURATION seconds, median
# reported. The throttle is off (the load logs in with one account from parallel threads,
# which the throttle answers with 429). Loopback only. Usage: bash benchmarks/redis-cluster.sh
# Build first (no install needed): mvn -B -q -Pbenchmarks package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/cluster.sh
SAMPLE_JAR=samples/jwt-auth-sample/target/jwt-auth-sample-0.1.0-SNAPSHOT.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-8}
BASE_PORT=${BASE_PORT:-7101}
JVM_FLAGS=${JVM_FLAGS:--Xmx512m -XX:+UseParallelGC}
[ -f "$SAMPLE_JAR" ] && [ -f "$BENCH_JAR" ] || { echo "build first: mvn -B -q -Pbenchmarks package -DskipTests"; exit 1; }

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  stop_redis_cluster "$WORK"
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
PREFIX="jwt-auth-cluster-bench-$$"

CLUSTER_NODES=$(start_redis_cluster "$BASE_PORT" "$WORK")
echo "[cluster] $(redis-server --version | head -1); nodes $CLUSTER_NODES"

# 1. the store alone (no HTTP): rotations and logins per second and their latency
echo "== RedisStoreLoad: the store alone, single server 127.0.0.1:6379 vs the cluster =="
java $JVM_FLAGS -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RedisStoreLoad 127.0.0.1:6379 "$CLUSTER_NODES" \
  "$THREADS" "${STORE_DURATION:-5}" "$ROUNDS"
[ "${HTTP:-1}" = 1 ] || exit 0

# 2. end to end: refresh requests/s of the sample

start() { # name port extra-args...
  local name=$1 port=$2; shift 2
  SPRING_PROFILES_ACTIVE=redis java $JVM_FLAGS -jar "$SAMPLE_JAR" --server.port="$port" \
    --jwt.auth.signing.private-key-location="file:$WORK/key.pem" --jwt.auth.store.redis.key-prefix="$PREFIX" \
    --logging.level.root=WARN --jwt.auth.throttle.enabled=false "$@" > "$WORK/app-$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/public" && return 0
    sleep 0.5
  done
  echo "instance $name did not start"; cat "$WORK/app-$name.log"; exit 1
}
declare -A PORT SAMPLES
PORT[single]=18191; PORT[cluster-wait0]=18192; PORT[cluster-wait1]=18193
start single 18191
CLUSTER_ARGS=(--spring.data.redis.cluster.nodes="$CLUSTER_NODES" --spring.data.redis.lettuce.cluster.refresh.adaptive=true
  --spring.data.redis.lettuce.cluster.refresh.period=5s)
start cluster-wait0 18192 "${CLUSTER_ARGS[@]}" --jwt.auth.store.redis.replica-acknowledgements=0
start cluster-wait1 18193 "${CLUSTER_ARGS[@]}" --jwt.auth.store.redis.replica-acknowledgements=1

for round in $(seq 1 "$ROUNDS"); do
  for config in single cluster-wait0 cluster-wait1; do
    r=$(java -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RefreshLoad "http://127.0.0.1:${PORT[$config]}" "$THREADS" "$DURATION" \
      | awk '{print $2}')
    SAMPLES[$config]="${SAMPLES[$config]:-} $r"
    echo "[redis-cluster] round $round $config refresh: $r req/s"
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "== refresh req/s ($(nproc) cores, RefreshLoad $THREADS threads, median of $ROUNDS interleaved ${DURATION}s rounds, JVM $JVM_FLAGS) =="
for config in single cluster-wait0 cluster-wait1; do
  printf '%-14s %10s   samples:%s\n' "$config" "$(median "${SAMPLES[$config]}")" "${SAMPLES[$config]}"
done
