#!/usr/bin/env bash
# Revocation propagation across services (issue 11): how long after a logout at the issuer
# (jwt-auth-sample) the resource server (resource-server-sample) refuses the access token,
# over ROUNDS rounds (default 200), p50/p95/p99/max, for each way the resource server can
# learn of revocations:
#   feed         the resource server follows the issuer's signed revocation feed
#   jdbc         the resource server reads the issuer's PostgreSQL ('jdbc' profiles)
#   redis        the resource server reads the issuer's Redis ('redis' profiles)
#   jdbc-issuers logout on one issuer instance, refusal on a second issuer instance (PostgreSQL)
#   redis-cluster the resource server reads the issuer's Redis Cluster (three masters with a
#                replica each: REDIS_CLUSTER_NODES=host:port,... or, unset, one started here on
#                ports 7201-7206 from Debian's redis-server)
# The timer starts when the logout response arrives and stops at the first 401 from the
# other service, which is polled every millisecond (RevocationPropagation.java).
# Loopback only; needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 (see .ci/run).
# Usage: bash benchmarks/propagation.sh [scenario...]   (default: every scenario above)
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/cluster.sh
ISSUER_JAR=samples/jwt-auth-sample/target/jwt-auth-sample-0.1.0-SNAPSHOT.jar
RS_JAR=samples/resource-server-sample/target/resource-server-sample-0.1.0-SNAPSHOT.jar
BENCH_JAR=benchmarks/target/benchmarks.jar
ROUNDS=${ROUNDS:-200}
JVM_FLAGS=${JVM_FLAGS:--Xmx512m -XX:+UseParallelGC}
SCENARIOS=("$@")
if [ ${#SCENARIOS[@]} -eq 0 ]; then
  SCENARIOS=(feed jdbc redis jdbc-issuers redis-cluster)
fi
if [ -n "${REBUILD:-}" ] || [ ! -f "$ISSUER_JAR" ] || [ ! -f "$RS_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  mvn -q -B -Pbenchmarks package -DskipTests
fi

WORK=$(mktemp -d)
PIDS=()
stop_all() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
}
trap 'stop_all; stop_redis_cluster "$WORK/cluster"; rm -rf "$WORK"' EXIT
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
PREFIX="jwt-auth-propagation-$$"
COMMON=(--logging.level.root=WARN --jwt.auth.store.redis.key-prefix="$PREFIX"
  --jwt.auth.store.jdbc.table-prefix=jwt_auth_propagation_)

wait_up() { # port log
  for _ in $(seq 1 240); do
    curl -s -o /dev/null "http://127.0.0.1:$1/actuator/health" && return 0
    sleep 0.5
  done
  echo "service on port $1 did not start"; cat "$2"; exit 1
}
issuer() { # profile port [args...]
  local profile=$1 port=$2; shift 2
  SPRING_PROFILES_ACTIVE=$profile java $JVM_FLAGS -jar "$ISSUER_JAR" --server.port="$port" \
    --jwt.auth.signing.private-key-location="file:$WORK/key.pem" "${COMMON[@]}" "$@" \
    > "$WORK/issuer-$port.log" 2>&1 &
  PIDS+=($!)
  wait_up "$port" "$WORK/issuer-$port.log"
}
resource_server() { # profile port issuer-port [args...]
  local profile=$1 port=$2 issuer_port=$3; shift 3
  SPRING_PROFILES_ACTIVE=$profile java $JVM_FLAGS -jar "$RS_JAR" --server.port="$port" \
    --jwt.auth.jwk-set-uri="http://127.0.0.1:$issuer_port/.well-known/jwks.json" "${COMMON[@]}" "$@" \
    > "$WORK/rs-$port.log" 2>&1 &
  PIDS+=($!)
  wait_up "$port" "$WORK/rs-$port.log"
}
measure() { # name issuer-port other-port
  # warm both JVMs first (a few hundred logins and calls), then measure
  java -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RevocationPropagation \
    "http://127.0.0.1:$2" "http://127.0.0.1:$3" 50 > /dev/null
  local line
  line=$(java -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RevocationPropagation \
    "http://127.0.0.1:$2" "http://127.0.0.1:$3" "$ROUNDS")
  RESULTS+=("$(printf '%-14s %s' "$1" "${line#revocation A->B over }")")
  echo "[propagation] $1: ${line#revocation A->B over }"
}

RESULTS=()
for scenario in "${SCENARIOS[@]}"; do
  case "$scenario" in
    feed)
      issuer default 18181
      resource_server default 18182 18181 --jwt.auth.revocation-feed-uri=http://127.0.0.1:18181/auth/revocations
      measure feed 18181 18182 ;;
    jdbc)
      issuer jdbc 18183
      resource_server jdbc 18184 18183
      measure jdbc 18183 18184 ;;
    redis)
      issuer redis 18185
      resource_server redis 18186 18185
      measure redis 18185 18186 ;;
    jdbc-issuers)
      issuer jdbc 18187
      issuer jdbc 18188
      measure jdbc-issuers 18187 18188 ;;
    redis-cluster)
      nodes=${REDIS_CLUSTER_NODES:-$(start_redis_cluster 7201 "$WORK/cluster")}
      cluster=(--spring.data.redis.cluster.nodes="$nodes" --spring.data.redis.lettuce.cluster.refresh.adaptive=true)
      issuer redis 18189 "${cluster[@]}"
      resource_server redis 18190 18189 "${cluster[@]}"
      measure redis-cluster 18189 18190 ;;
    *) echo "unknown scenario $scenario"; exit 2 ;;
  esac
  stop_all
done

echo
echo "== revocation propagation, logout at the issuer -> first 401 at the other service ($(nproc) cores, JVM $JVM_FLAGS) =="
printf '%s\n' "${RESULTS[@]}"
