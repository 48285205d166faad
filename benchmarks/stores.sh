#!/usr/bin/env bash
# Store benchmark (issue 4): for the memory, jdbc (PostgreSQL) and redis stores, measures
#  - protected-endpoint requests/s (GET /api/me, one token, wrk) and redis/memory ratio,
#  - refresh requests/s (each request rotates its session's refresh token),
#  - revocation propagation: logout on instance A until refused on instance B (p50/p99).
# Loopback only; every run is bounded in time. Needs PostgreSQL on 127.0.0.1:5432 and
# Redis on 127.0.0.1:6379 (see .ci/run). The login throttle is off: the refresh load logs in
# as one user from parallel threads, which the throttle answers 429. Usage: bash benchmarks/stores.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SAMPLE_JAR=samples/jwt-auth-sample/target/jwt-auth-sample-0.1.0-SNAPSHOT.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
DURATION=${DURATION:-5}
JVM_FLAGS=${JVM_FLAGS:--Xmx512m -XX:+UseParallelGC}

if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null
fi
if [ ! -f "$SAMPLE_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  mvn -q -B install -DskipTests
  mvn -q -B -Pbenchmarks package -DskipTests
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
PREFIX="jwt-auth-bench-$$"

start() { # profile port
  local profile=$1 port=$2
  SPRING_PROFILES_ACTIVE=$profile java $JVM_FLAGS -jar "$SAMPLE_JAR" --server.port="$port" \
    --jwt.auth.signing.private-key-location="file:$WORK/key.pem" --jwt.auth.store.redis.key-prefix="$PREFIX" \
    --logging.level.root=WARN --jwt.auth.throttle.enabled=false > "$WORK/app-$profile-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 180); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/api/public" && return 0
    sleep 0.5
  done
  echo "instance $profile:$port did not start"; cat "$WORK/app-$profile-$port.log"; exit 1
}
stop_all() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
}
token() {
  curl -s -H 'Content-Type: application/json' -d '{"username":"alice","password":"alice-password"}' \
    "http://127.0.0.1:$1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
rps() { # port token
  wrk -t1 -c16 -d5s -H "Authorization: Bearer $2" "http://127.0.0.1:$1/api/me" > /dev/null
  wrk -t1 -c16 -d"${DURATION}s" -H "Authorization: Bearer $2" "http://127.0.0.1:$1/api/me" | awk '/Requests\/sec/ {print $2}'
}

declare -A PROTECTED REFRESH PROPAGATION PORT SAMPLES
PORT[memory]=18091; PORT[jdbc]=18092; PORT[redis]=18093
# all three instances run at once (idle when not measured), plus a second instance of
# each shared store for the propagation measurement
start default 18091; start jdbc 18092; start redis 18093; start jdbc 18094; start redis 18095
declare -A TOKEN
for store in memory jdbc redis; do
  TOKEN[$store]=$(token "${PORT[$store]}")
  wrk -t1 -c16 -d"${WARMUP:-10}s" -H "Authorization: Bearer ${TOKEN[$store]}" "http://127.0.0.1:${PORT[$store]}/api/me" > /dev/null
done
# servers on CPU 1, wrk on CPU 0 (2 cores), as in load.sh
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  for pid in "${PIDS[@]}"; do taskset -a -p 2 "$pid" > /dev/null 2>&1 || true; done
  WRK="taskset -c 0 wrk"
else
  WRK="wrk"
fi
for round in 1 2 3; do
  for store in memory jdbc redis; do
    r=$($WRK -t1 -c16 -d"${DURATION}s" -H "Authorization: Bearer ${TOKEN[$store]}" "http://127.0.0.1:${PORT[$store]}/api/me" \
      | awk '/Requests\/sec/ {print $2}')
    SAMPLES[$store]="${SAMPLES[$store]:-} $r"
    echo "[stores] round $round $store protected: $r req/s"
  done
done
median() { printf '%s\n' $1 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for store in memory jdbc redis; do
  PROTECTED[$store]=$(median "${SAMPLES[$store]}")
  REFRESH[$store]=$(java -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RefreshLoad "http://127.0.0.1:${PORT[$store]}" 8 "$DURATION" | awk '{print $2}')
done
PROPAGATION[jdbc]=$(java -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RevocationPropagation \
  http://127.0.0.1:18092 http://127.0.0.1:18094 200 | sed 's/^revocation A->B over 200 rounds: //')
PROPAGATION[redis]=$(java -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RevocationPropagation \
  http://127.0.0.1:18093 http://127.0.0.1:18095 200 | sed 's/^revocation A->B over 200 rounds: //')
stop_all

echo
echo "== jwt-auth store benchmark ($(nproc) cores; protected: median of 3 interleaved wrk -t1 -c16 -d${DURATION}s rounds, servers on CPU 1, wrk on CPU 0; JVM $JVM_FLAGS) =="
printf '%-8s %18s %16s   %s\n' store "protected req/s" "refresh req/s" "revocation A->B (200 rounds)"
for store in memory jdbc redis; do
  printf '%-8s %18s %16s   %s\n' "$store" "${PROTECTED[$store]}" "${REFRESH[$store]}" "${PROPAGATION[$store]:-n/a (one instance)}"
done
echo "protected samples: memory${SAMPLES[memory]}; jdbc${SAMPLES[jdbc]}; redis${SAMPLES[redis]}"
python3 - "${PROTECTED[redis]}" "${PROTECTED[memory]}" "${PROTECTED[jdbc]}" <<'PY'
import sys
redis, memory, jdbc = map(float, sys.argv[1:])
print(f"protected req/s redis / memory = {redis / memory:.3f} (target >= 0.95); jdbc / memory = {jdbc / memory:.3f}")
PY
