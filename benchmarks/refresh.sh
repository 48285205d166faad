#!/usr/bin/env bash
# Refresh requests/s per signing algorithm (issue 12): refresh is bound by signing (every
# refresh issues a new access token), so this is where the algorithm shows end to end.
#
#   bash benchmarks/refresh.sh                  # RS256, ES256 and EdDSA
#   ALG=ES256 bash benchmarks/refresh.sh        # one algorithm
#
# Per algorithm it creates a PEM key of that type with openssl (RSA 2048, EC P-256/384/521,
# Ed25519), starts jwt-auth-sample with it (jwt.auth.signing.private-key-location and
# jwt.auth.signing.algorithm, memory store, login throttle off: the load logs in from
# parallel threads), checks that the token's alg and kid are those of the JWK Set, then
# runs RefreshLoad ($THREADS threads, each refreshing its own session in a loop) for
# $ROUNDS rounds of $DURATION seconds after its own 3-second warm-up, and prints the
# median. With PIN=1 (default on 2+ cores) the server runs on CPU 1 and the load on CPU 0.
#
# Environment: ALG or ALGORITHMS ("RS256 ES256 EdDSA"; also PS256, ES384, ES512),
# THREADS (8), DURATION (10), ROUNDS (3), WARMUP (15 s of load before measuring), PORT
# (18097), JAVA (java; e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java), JVM_OPTS
# (-Xms512m -Xmx512m), VERIFY_JDK (0; 1 forces the JDK provider for ECDSA/EdDSA
# verification), PIN (1), REBUILD (0), RESULTS (benchmarks/target/refresh-results.txt).
# Builds the two jars with the reactor if missing (no install).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ALGORITHMS=${ALGORITHMS:-${ALG:-RS256 ES256 EdDSA}}
THREADS=${THREADS:-8}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-15}
PORT=${PORT:-18097}
JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m}
VERIFY_JDK=${VERIFY_JDK:-0}
PIN=${PIN:-1}
REBUILD=${REBUILD:-0}
RESULTS=${RESULTS:-$ROOT/benchmarks/target/refresh-results.txt}
SAMPLE_JAR=$ROOT/samples/jwt-auth-sample/target/jwt-auth-sample-0.1.0-SNAPSHOT.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar

log() { echo "[refresh] $*" >&2; }

if [[ $REBUILD == 1 || ! -f $SAMPLE_JAR || ! -f $BENCH_JAR ]]; then
	log "building: mvn -q -B -Pbenchmarks package -DskipTests -pl samples/jwt-auth-sample,benchmarks -am"
	(cd "$ROOT" && mvn -q -B -Pbenchmarks package -DskipTests -pl samples/jwt-auth-sample,benchmarks -am)
fi
for tool in "$JAVA" openssl curl python3; do
	command -v "$tool" >/dev/null 2>&1 || { log "missing $tool"; exit 1; }
done
if [[ $PIN == 1 ]] && command -v taskset >/dev/null 2>&1 && [[ $(nproc) -ge 2 ]]; then
	SERVER_CPU=(taskset -c 1)
	LOAD_CPU=(taskset -c 0)
	PLACEMENT="server on CPU 1, RefreshLoad on CPU 0"
else
	SERVER_CPU=()
	LOAD_CPU=()
	PLACEMENT="unpinned"
fi
EXTRA_JVM=()
[[ $VERIFY_JDK == 1 ]] && EXTRA_JVM=(-Djwtauth.verify.jdk-provider=true)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jwt-auth-refresh.XXXXXX")
SERVER_PID=
cleanup() {
	if [[ -n $SERVER_PID ]]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

key() { # alg file
	case $1 in
	RS* | PS*) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$2" 2>/dev/null ;;
	ES256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$2" ;;
	ES384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$2" ;;
	ES512) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 -out "$2" ;;
	EdDSA) openssl genpkey -algorithm ED25519 -out "$2" ;;
	*) log "unsupported algorithm $1"; exit 1 ;;
	esac
}

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A RESULT SAMPLES
for ALG in $ALGORITHMS; do
	key "$ALG" "$WORK/$ALG.pem"
	log "$ALG: starting the sample on 127.0.0.1:$PORT"
	# shellcheck disable=SC2086
	"${SERVER_CPU[@]}" "$JAVA" $JVM_OPTS "${EXTRA_JVM[@]}" -jar "$SAMPLE_JAR" --server.port="$PORT" --server.address=127.0.0.1 \
		--jwt.auth.signing.private-key-location="file:$WORK/$ALG.pem" --jwt.auth.signing.algorithm="$ALG" \
		--jwt.auth.throttle.enabled=false --logging.level.root=WARN >"$WORK/$ALG.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 1 240); do
		curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/public" && break
		kill -0 "$SERVER_PID" 2>/dev/null || { log "the sample stopped; its log:"; tail -40 "$WORK/$ALG.log" >&2; exit 1; }
		sleep 0.5
	done
	# the token's header names the algorithm and the kid the JWK Set publishes
	TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"alice","password":"alice-password"}' \
		"http://127.0.0.1:$PORT/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
	curl -sf "http://127.0.0.1:$PORT/.well-known/jwks.json" >"$WORK/jwks.json"
	python3 - "$TOKEN" "$ALG" "$WORK/jwks.json" <<'PY'
import base64, json, sys
token, alg, jwks = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
segment = token.split('.')[0]
header = json.loads(base64.urlsafe_b64decode(segment + '=' * (-len(segment) % 4)))
kids = {k['kid']: k for k in jwks['keys']}
if header['alg'] != alg or header.get('kid') not in kids or kids[header['kid']].get('alg') != alg:
    sys.exit(f"token header {header} does not match {alg} and the JWK Set {list(kids)}")
PY
	log "$ALG: warm-up ${WARMUP}s"
	"${LOAD_CPU[@]}" "$JAVA" -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RefreshLoad "http://127.0.0.1:$PORT" "$THREADS" "$WARMUP" >/dev/null
	for round in $(seq 1 "$ROUNDS"); do
		r=$("${LOAD_CPU[@]}" "$JAVA" -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.RefreshLoad "http://127.0.0.1:$PORT" "$THREADS" "$DURATION" | awk '{ print $2 }')
		SAMPLES[$ALG]="${SAMPLES[$ALG]:-} $r"
		log "$ALG round $round: $r refresh/s"
	done
	RESULT[$ALG]=$(median "${SAMPLES[$ALG]}")
	kill "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=
done

mkdir -p "$(dirname "$RESULTS")"
{
	echo "jwt-auth refresh load, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
	echo "RefreshLoad $THREADS threads, median of $ROUNDS x ${DURATION}s after ${WARMUP}s warm-up; $PLACEMENT; JVM $JVM_OPTS ${EXTRA_JVM[*]:-}"
	echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	printf '%-8s %14s   %s\n' alg "refresh req/s" "samples"
	for ALG in $ALGORITHMS; do
		printf '%-8s %14s   %s\n' "$ALG" "${RESULT[$ALG]}" "${SAMPLES[$ALG]# }"
	done
} | tee "$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
log "results written to $RESULTS"
