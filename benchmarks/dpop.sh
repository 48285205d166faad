#!/usr/bin/env bash
# End-to-end DPoP vs bearer load test (issue 13): GET /api/me on the jwt-auth sample with a
# DPoP-bound token and a new DPoP proof on every request, next to the same request with a
# bearer token, on 127.0.0.1 only.
#
#   bash benchmarks/dpop.sh
#   ALG=ES256 PROOF_ALG=EdDSA bash benchmarks/dpop.sh
#
# It starts jwt-auth-sample with --jwt.auth.dpop.mode=optional (bearer and DPoP tokens
# both accepted) and --jwt.auth.dpop.proof-max-age=${PROOF_MAX_AGE}s, signing its tokens
# with $ALG (RS256: the default generated key; ES256, ES384, ES512, EdDSA, PS256: the
# sample's profile of that name). DPoPProofs (benchmarks module) then makes a client key
# ($PROOF_ALG), logs in with a DPoP proof (POST /auth/login, header DPoP: htm POST, htu the
# login URL) and checks that it got token_type DPoP bound to that key (cnf.jkt), logs in
# without a proof for the bearer token, and writes one file of proofs per wrk run (warm-up
# and each round): GET, htu http://127.0.0.1:$PORT/api/me, ath = the token's hash, unique
# jti, iat = when signed. curl then checks that the server really checks proofs: the
# bearer token and a fresh proof pass (200); the DPoP token as a bearer token, the DPoP
# token without a proof, a replayed proof and the bearer token with a
# proof are refused (400 or 401). wrk drives the cases with
# $CONNECTIONS connections:
#   bearer   GET /api/me, "Authorization: Bearer <token>" (tokens.lua, the same token)
#   dpop     GET /api/me, "Authorization: DPoP <token>" and "DPoP: <the next proof>"
#            (dpop.lua: never the same proof twice; the run fails if a thread runs out)
# Each case gets a JIT warm-up ($WARMUP seconds, server unpinned), then $ROUNDS rounds
# measure both for $DURATION seconds, interleaved (the order alternates per round). Any
# non-2xx answer fails the run (a refused DPoP request, e.g. a replay, must never pass
# for throughput); the counts are printed. It prints DPoP req/s, bearer req/s and their
# ratio per round, and the medians.
#
# Proof files are sized for MAX_RATE requests/s (an upper bound of the DPoP rate, default
# 10000: more than bearer requests reach on one core) with a 25 % margin: warm-up
# WARMUP x MAX_RATE x 1.25 proofs, each round DURATION x MAX_RATE x 1.25, all signed
# before the first request (about 600 bytes each on disk; Bouncy Castle signs ES256 and
# EdDSA). They must all be used within the proof max age (checked before every run), and
# the server's replay store must hold them all (the in-memory store: 1,000,000).
#
# Verification provider: VERIFY=bc (default) puts Bouncy Castle (bcprov-jdk18on from the
# local Maven repository) on the sample's class path through Spring Boot's
# PropertiesLauncher (-Dloader.path), as a production server verifying ECDSA/EdDSA
# proofs should have it; VERIFY=jdk runs the sample as built (no Bouncy Castle: the JDK's
# SunEC, 5-10x slower on JDK 17). Class loading is logged to check which one served.
#
# CPU placement as in load.sh: with PIN=1 (default on 2+ cores) wrk runs on CPU 0 with
# one thread (-t1) and, once warmed up, the server is moved to CPU 1 (taskset -a -p).
#
# Environment: ALG (RS256), PROOF_ALG (ES256), VERIFY (bc), WARMUP (10, seconds per
# case), DURATION (5, seconds per cell), ROUNDS (3), CONNECTIONS (16), PIN (1), PORT
# (18098), MAX_RATE (10000), PROOF_MAX_AGE (600, seconds), JAVA (java), JVM_OPTS
# (-Xms512m -Xmx512m), REBUILD (0; 1 forces the Maven build), RESULTS
# (benchmarks/target/dpop-results.txt). About 2 minutes plus proof signing once built.
# Builds the two jars with the reactor if missing (no install).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ALG=${ALG:-RS256}
PROOF_ALG=${PROOF_ALG:-ES256}
VERIFY=${VERIFY:-bc}
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
PIN=${PIN:-1}
PORT=${PORT:-18098}
MAX_RATE=${MAX_RATE:-10000}
PROOF_MAX_AGE=${PROOF_MAX_AGE:-600}
JAVA=${JAVA:-java}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m}
REBUILD=${REBUILD:-0}
RESULTS=${RESULTS:-$ROOT/benchmarks/target/dpop-results.txt}

SAMPLE_JAR=$ROOT/samples/jwt-auth-sample/target/jwt-auth-sample-0.1.0-SNAPSHOT.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
DPOP_LUA=$ROOT/benchmarks/dpop.lua
BEARER_LUA=$ROOT/benchmarks/tokens.lua
BASE=http://127.0.0.1:$PORT
URL=$BASE/api/me

log() { echo "[dpop] $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

for n in WARMUP DURATION ROUNDS CONNECTIONS MAX_RATE PROOF_MAX_AGE; do
	[[ ${!n} =~ ^[1-9][0-9]*$ ]] || fail "$n must be a positive integer (seconds for the durations), not '${!n}'"
done
case $ALG in
RS256) PROFILE= ;;
ES256 | ES384 | ES512 | PS256) PROFILE=$(tr '[:upper:]' '[:lower:]' <<<"$ALG") ;;
EdDSA) PROFILE=eddsa ;;
*) fail "unsupported ALG $ALG (RS256, PS256, ES256, ES384, ES512, EdDSA)" ;;
esac

# ---------------------------------------------------------------- build if missing, tools
if [[ $REBUILD == 1 || ! -f $SAMPLE_JAR || ! -f $BENCH_JAR ]]; then
	log "building: mvn -q -B -Pbenchmarks package -DskipTests -pl samples/jwt-auth-sample,benchmarks -am"
	(cd "$ROOT" && mvn -q -B -Pbenchmarks package -DskipTests -pl samples/jwt-auth-sample,benchmarks -am)
fi
if ! command -v wrk >/dev/null 2>&1; then
	log "installing wrk"
	apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
for tool in "$JAVA" curl wrk awk; do
	command -v "$tool" >/dev/null 2>&1 || fail "missing $tool"
done

LAUNCH=(-jar "$SAMPLE_JAR")
case $VERIFY in
bc)
	BC_VERSION=$(sed -n 's:.*<bouncycastle.version>\(.*\)</bouncycastle.version>.*:\1:p' "$ROOT/pom.xml" | head -1)
	BC_JAR=${M2_REPO:-$HOME/.m2/repository}/org/bouncycastle/bcprov-jdk18on/$BC_VERSION/bcprov-jdk18on-$BC_VERSION.jar
	[[ -f $BC_JAR ]] || fail "no $BC_JAR (build the benchmarks module once, or VERIFY=jdk)"
	LAUNCH=(-Dloader.path="$BC_JAR" -cp "$SAMPLE_JAR" org.springframework.boot.loader.launch.PropertiesLauncher)
	;;
jdk) ;;
*) fail "VERIFY must be bc or jdk" ;;
esac

if [[ $PIN == 1 ]] && command -v taskset >/dev/null 2>&1 && [[ $(nproc) -ge 2 ]]; then
	SERVER_CPU=1
	WRK_CPU=(taskset -c 0)
	WRK_THREADS=1
	PLACEMENT="measured with the server on CPU 1 and wrk on CPU 0 (-t1); warm-up unpinned"
else
	SERVER_CPU=
	WRK_CPU=()
	WRK_THREADS=2
	PLACEMENT="unpinned, wrk -t2 sharing the cores with the server"
fi

# ---------------------------------------------------------------- cleanup on exit
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jwt-auth-dpop.XXXXXX")
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

# ---------------------------------------------------------------- the sample
if curl -s -o /dev/null "$BASE/" 2>/dev/null; then
	fail "port $PORT is already in use"
fi
SAMPLE_ARGS=(--server.port="$PORT" --server.address=127.0.0.1 --logging.level.root=WARN
	--jwt.auth.dpop.mode=optional --jwt.auth.dpop.proof-max-age="${PROOF_MAX_AGE}s" --jwt.auth.throttle.enabled=false)
[[ -n $PROFILE ]] && SAMPLE_ARGS+=(--spring.profiles.active="$PROFILE")
log "starting the sample on $BASE (tokens $ALG, proofs $PROOF_ALG, verification $VERIFY)"
# shellcheck disable=SC2086
"$JAVA" $JVM_OPTS -Xlog:class+load=info:file="$WORK/classes.log" "${LAUNCH[@]}" "${SAMPLE_ARGS[@]}" \
	>"$WORK/sample.log" 2>&1 &
SERVER_PID=$!
for i in $(seq 1 240); do
	[[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/api/public" 2>/dev/null) == 200 ]] && break
	kill -0 "$SERVER_PID" 2>/dev/null || { tail -40 "$WORK/sample.log" >&2; fail "the sample stopped"; }
	((i == 240)) && { tail -40 "$WORK/sample.log" >&2; fail "the sample did not start"; }
	sleep 0.5
done

# ---------------------------------------------------------------- tokens and proofs
size() { awk -v s="$1" -v r="$MAX_RATE" 'BEGIN { printf "%d", s * r * 1.25 + 1000 }'; }
SPECS="$WORK/check.txt:3,$WORK/warm.txt:$(size "$WARMUP")"
for round in $(seq 1 "$ROUNDS"); do
	SPECS="$SPECS,$WORK/round-$round.txt:$(size "$DURATION")"
done
TOTAL=$(tr ',' '\n' <<<"$SPECS" | awk -F: '{ n += $NF } END { print n }')
SIGNED_AT=$(date +%s)
log "logging in and signing $TOTAL $PROOF_ALG proofs (MAX_RATE $MAX_RATE req/s, 25 % margin)"
"$JAVA" -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.DPoPProofs --base-url="$BASE" --algorithm="$PROOF_ALG" \
	--token-out="$WORK/dpop-token.txt" --bearer-token-out="$WORK/bearer-token.txt" --proofs="$SPECS" \
	|| fail "DPoPProofs could not log in with a proof or write the proofs (see above)"
DPOP_TOKEN=$(cat "$WORK/dpop-token.txt")
BEARER_TOKEN=$(cat "$WORK/bearer-token.txt")

# the proofs of a run must all still be within the max age at its end
fresh_enough() { # seconds the next run lasts
	local left=$((SIGNED_AT + PROOF_MAX_AGE - $(date +%s) - $1 - 5))
	((left > 0)) || fail "the proofs would be older than PROOF_MAX_AGE=${PROOF_MAX_AGE}s before the run ends: lower MAX_RATE or the durations"
}

status() { # url headers... -> HTTP status
	local url=$1
	shift
	local args=() h
	for h in "$@"; do args+=(-H "$h"); done
	curl -s -o /dev/null -w '%{http_code}' "${args[@]}" "$url"
}
expect() { # 200|refused what url headers... ("refused": 400 or 401, never a 5xx)
	local expected=$1 what=$2 code
	shift 2
	code=$(status "$@")
	if [[ $expected == refused ]]; then
		[[ $code == 400 || $code == 401 ]] || fail "$what: expected a refusal (400 or 401), got $code"
	else
		[[ $code == "$expected" ]] || fail "$what: expected $expected, got $code"
	fi
	log "check: $what -> $code"
}
PROOF1=$(sed -n 1p "$WORK/check.txt")
expect 200 "bearer token" "$URL" "Authorization: Bearer $BEARER_TOKEN"
expect refused "DPoP-bound token presented as a bearer token" "$URL" "Authorization: Bearer $DPOP_TOKEN"
expect refused "DPoP token without a proof" "$URL" "Authorization: DPoP $DPOP_TOKEN"
expect 200 "DPoP token with a fresh proof" "$URL" "Authorization: DPoP $DPOP_TOKEN" "DPoP: $PROOF1"
expect refused "the same proof again (replay)" "$URL" "Authorization: DPoP $DPOP_TOKEN" "DPoP: $PROOF1"
expect refused "the bearer token with a proof for the DPoP token" "$URL" "Authorization: DPoP $BEARER_TOKEN" \
	"DPoP: $(sed -n 2p "$WORK/check.txt")"
if grep -q 'org.bouncycastle.jce.provider.BouncyCastleProvider ' "$WORK/classes.log"; then
	SERVED_BY="Bouncy Castle"
else
	SERVED_BY="the JDK (no Bouncy Castle provider loaded)"
fi
[[ $VERIFY == bc && $SERVED_BY != "Bouncy Castle" && $PROOF_ALG != RS* && $PROOF_ALG != PS* ]] \
	&& fail "VERIFY=bc but the sample never loaded Bouncy Castle's provider"
log "proof verification provider in the sample: $SERVED_BY"

# ---------------------------------------------------------------- wrk
# run case seconds proofs -> "req/s non2xx"; fails on socket errors, on a non-2xx answer
# and when dpop.lua runs out of proofs
run() {
	local case=$1 seconds=$2 proofs=$3 out bad
	if [[ $case == dpop ]]; then
		fresh_enough "$seconds"
		out=$("${WRK_CPU[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$DPOP_LUA" "$URL" \
			-- "$proofs" "$WORK/dpop-token.txt" "$WRK_THREADS" 2>&1) \
			|| { echo "$out" >&2; fail "wrk (dpop) failed: out of proofs? raise MAX_RATE (now $MAX_RATE)"; }
	else
		out=$("${WRK_CPU[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${seconds}s" --timeout 5s -s "$BEARER_LUA" "$URL" \
			-- "$WORK/bearer-token.txt" 2>&1) || { echo "$out" >&2; fail "wrk (bearer) failed"; }
	fi
	echo "$out" >>"$WORK/wrk.log"
	bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
	if [[ -n $bad ]] || grep -q 'Socket errors' <<<"$out"; then
		echo "$out" >&2
		fail "$case: ${bad:-0} non-2xx answers (or socket errors) in a ${seconds}s run$([[ $case == dpop ]] \
			&& echo ': a refused DPoP request (replayed, expired or rejected proof)')"
	fi
	echo "$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out") ${bad:-0}"
}

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

log "JIT warm-up: ${WARMUP}s bearer, ${WARMUP}s DPoP"
run bearer "$WARMUP" - >/dev/null
run dpop "$WARMUP" "$WORK/warm.txt" >/dev/null
[[ -n $SERVER_CPU ]] && taskset -a -p -c "$SERVER_CPU" "$SERVER_PID" >/dev/null

DPOP=""
BEARER=""
RATIOS=""
NON2XX=0
ROWS=()
for round in $(seq 1 "$ROUNDS"); do
	order="dpop bearer"
	((round % 2 == 0)) && order="bearer dpop"
	for c in $order; do
		result=$(run "$c" "$DURATION" "$WORK/round-$round.txt") # a failure inside exits here too
		read -r rate bad <<<"$result"
		NON2XX=$((NON2XX + bad))
		if [[ $c == dpop ]]; then d=$rate; else b=$rate; fi
	done
	r=$(ratio "$d" "$b")
	DPOP="$DPOP $d"
	BEARER="$BEARER $b"
	RATIOS="$RATIOS $r"
	ROWS+=("$(printf '%-8s %12s %12s %8s' "round $round" "$d" "$b" "$r")")
	log "round $round: dpop $d req/s, bearer $b req/s, dpop/bearer $r"
done

# ---------------------------------------------------------------- report
mkdir -p "$(dirname "$RESULTS")"
{
	echo "jwt-auth DPoP vs bearer load test, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
	echo "GET /api/me; tokens $ALG, proofs $PROOF_ALG (a new proof per request), proof verification by $SERVED_BY;"
	echo "wrk -t$WRK_THREADS -c$CONNECTIONS -d${DURATION}s per cell, $ROUNDS interleaved rounds after ${WARMUP}s warm-up per case; $PLACEMENT"
	echo "server JVM: $JVM_OPTS; sample: --jwt.auth.dpop.mode=optional --jwt.auth.dpop.proof-max-age=${PROOF_MAX_AGE}s"
	echo "non-2xx answers: $NON2XX (any would have failed the run); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	printf '%-8s %12s %12s %8s\n' "" "DPoP req/s" "bearer req/s" "ratio"
	printf '%s\n' "${ROWS[@]}"
	printf '%-8s %12s %12s %8s\n' median "$(median "$DPOP")" "$(median "$BEARER")" "$(median "$RATIOS")"
	echo "ratio of the medians: $(ratio "$(median "$DPOP")" "$(median "$BEARER")")"
} | tee "$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
log "results written to $RESULTS"
