#!/usr/bin/env bash
# End-to-end load test: the jwt-auth sample against a stock Spring Boot resource server
# (benchmarks/stock-resource-server), HS256 and RS256, on 127.0.0.1 only.
#
#   bash benchmarks/load.sh
#
# Per algorithm it starts both apps with the same JVM flags, mints 10,000 distinct tokens
# with the same key (typ at+jwt, iss/aud jwt-auth, kid = the sample's
# jwt.auth.signing.key-id), checks that both apps accept them and refuse a bad one, and
# drives these cases with wrk ($CONNECTIONS connections):
#   public           GET /api/public (permitAll), no token
#   me, 1 token      GET /api/me, the same token on every request
#   me, 10k tokens   GET /api/me, rotating through the 10,000 distinct tokens
#   public + token   GET /api/public with the single token: bearer authentication runs on
#                    a permitAll path too, so this isolates its cost from the controller's
#   garbage          GET /api/me with a token-shaped random token (expects 401)
#   bad signature    GET /api/me with a well-formed token signed by another token's
#                    signature (expects 401)
# First each app gets a JIT warm-up ($WARMUP per case), then $ROUNDS rounds measure every
# (app, case) cell for $DURATION, interleaved (the app order alternates per round), so
# that drifting background load hits both apps alike. It prints the median req/s per cell
# and the ratios of the medians (with the per-round min-max of each ratio).
#
# CPU placement (2 cores): wrk and the server would compete for the cores, so by default
# (PIN=1) wrk runs on CPU 0 with one thread (-t1) and, once warmed up, both servers are
# moved to CPU 1 (taskset -a -p): the server is the bottleneck and wrk never steals its
# core. The servers start and warm up unpinned: on one core the JIT compiler threads
# starve behind 16 busy request threads and warm-up takes minutes. PIN=0 leaves
# everything unpinned with wrk -t2.
#
# Environment: WARMUP (8s), DURATION (4s), ROUNDS (3), CONNECTIONS (16), PIN (1),
# OUR_PORT (18080), STOCK_PORT (18081), JVM_OPTS (-Xms512m -Xmx512m), ALGORITHMS
# ("HS256 RS256"), REBUILD (0; 1 forces the Maven builds), RESULTS
# (benchmarks/target/load-results.txt). About 9 minutes once built.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WARMUP=${WARMUP:-8s}
DURATION=${DURATION:-4s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-16}
PIN=${PIN:-1}
OUR_PORT=${OUR_PORT:-18080}
STOCK_PORT=${STOCK_PORT:-18081}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m}
ALGORITHMS=${ALGORITHMS:-HS256 RS256}
REBUILD=${REBUILD:-0}
RESULTS=${RESULTS:-$ROOT/benchmarks/target/load-results.txt}
MANY=10000

SAMPLE_JAR=$ROOT/samples/jwt-auth-sample/target/jwt-auth-sample-0.1.0-SNAPSHOT.jar
STOCK_JAR=$ROOT/benchmarks/stock-resource-server/target/stock-resource-server-0.1.0-SNAPSHOT.jar
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
LUA=$ROOT/benchmarks/tokens.lua

log() { echo "[load] $*" >&2; }

# ---------------------------------------------------------------- (a) build if missing
if [[ $REBUILD == 1 || ! -f $SAMPLE_JAR || ! -f $STOCK_JAR || ! -f $BENCH_JAR ]]; then
	log "building: mvn -q -B install -DskipTests"
	(cd "$ROOT" && mvn -q -B install -DskipTests)
	log "building: mvn -q -B -Pbenchmarks -pl benchmarks,benchmarks/stock-resource-server package -DskipTests"
	(cd "$ROOT" && mvn -q -B -Pbenchmarks -pl benchmarks,benchmarks/stock-resource-server package -DskipTests)
fi
if ! command -v wrk >/dev/null 2>&1; then
	log "installing wrk"
	apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
for tool in java openssl curl wrk awk; do
	command -v "$tool" >/dev/null 2>&1 || { log "missing $tool"; exit 1; }
done

if [[ $PIN == 1 ]] && command -v taskset >/dev/null 2>&1 && [[ $(nproc) -ge 2 ]]; then
	SERVER_CPU=1
	WRK_CPU=(taskset -c 0)
	WRK_THREADS=1
	PLACEMENT="measured with the servers on CPU 1 and wrk on CPU 0 (-t1); warm-up unpinned"
else
	SERVER_CPU=
	WRK_CPU=()
	WRK_THREADS=2
	PLACEMENT="unpinned, wrk -t2 sharing the cores with the server"
fi

# ---------------------------------------------------------------- cleanup on exit
WORK=$(mktemp -d "${TMPDIR:-/tmp}/jwt-auth-load.XXXXXX")
PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]:-}"; do
		[[ -n $pid ]] && kill "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]:-}"; do
		[[ -n $pid ]] && wait "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- (b) keys
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/private.pem" 2>/dev/null
openssl pkey -in "$WORK/private.pem" -pubout -out "$WORK/public.pem" 2>/dev/null
SECRET="base64:$(openssl rand -base64 32)"

# ---------------------------------------------------------------- helpers
start_app() { # name port jar args...
	local name=$1 port=$2 jar=$3
	shift 3
	if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
		log "port $port is already in use"
		exit 1
	fi
	# shellcheck disable=SC2086
	java $JVM_OPTS -jar "$jar" --server.port="$port" --server.address=127.0.0.1 \
		--logging.level.root=WARN "$@" >"$WORK/$name.log" 2>&1 &
	PIDS+=($!)
	eval "PID_$name=$!"
}

await_app() { # name port
	local name=$1 port=$2 i
	for i in $(seq 1 240); do
		if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/public" 2>/dev/null) == 200 ]]; then
			return 0
		fi
		sleep 0.5
	done
	log "$name did not start on port $port; its log:"
	tail -50 "$WORK/$name.log" >&2
	exit 1
}

random_b64url() { # length
	openssl rand -base64 $(($1 * 2)) | tr -d '\n=' | tr '+/' '-_' | cut -c1-"$1"
}

stop_app() { # name
	local var="PID_$1"
	local pid=${!var}
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
}

expect_status() { # expected url [token]
	local expected=$1 url=$2 token=${3:-} code
	if [[ -n $token ]]; then
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
	else
		code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
	fi
	if [[ $code != "$expected" ]]; then
		log "expected $expected from $url, got $code"
		exit 1
	fi
}

# warm url tokenfile: load for $WARMUP, output discarded
warm() {
	"${WRK_CPU[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" --timeout 5s -s "$LUA" "$1" -- "$2" >/dev/null
}

# measure url tokenfile expect -> prints req/s over $DURATION. expect 200: fails on any
# non-2xx answer (a refused token must never pass for throughput); expect 401: fails
# unless every answer is non-2xx. Fails on socket errors.
measure() {
	local url=$1 tokens=$2 expect=$3 out total bad
	out=$("${WRK_CPU[@]}" wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s -s "$LUA" "$url" -- "$tokens")
	echo "$out" >>"$WORK/wrk.log"
	total=$(awk '/requests in/ { print $1 }' <<<"$out")
	bad=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' <<<"$out")
	if grep -q 'Socket errors' <<<"$out" || { [[ $expect == 200 ]] && [[ -n $bad ]]; } \
		|| { [[ $expect != 200 ]] && [[ ${bad:-0} != "$total" ]]; }; then
		log "wrk saw unexpected answers for $url (expected $expect):"
		echo "$out" >&2
		exit 1
	fi
	awk '/^Requests\/sec:/ { print $2 }' <<<"$out"
}

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s-%s", lo, hi }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

CASES="public me1 me10k publictoken garbage badsig"
case_expect() { case $1 in garbage | badsig) echo 401 ;; *) echo 200 ;; esac; }
case_url() { # app case
	local port=$OUR_PORT
	[[ $1 == stock ]] && port=$STOCK_PORT
	case $2 in
	public | publictoken) echo "http://127.0.0.1:$port/api/public" ;;
	*) echo "http://127.0.0.1:$port/api/me" ;;
	esac
}
case_tokens() { # alg case
	case $2 in
	public) echo "$WORK/none.txt" ;;
	garbage) echo "$WORK/garbage-$1.txt" ;;
	badsig) echo "$WORK/badsig-$1.txt" ;;
	me10k) echo "$WORK/many-$1.txt" ;;
	*) echo "$WORK/one-$1.txt" ;;
	esac
}

last() { awk '{ print $NF }' <<<"${S[$ALG,$1,$2]}"; }  # latest sample of (app, case)

declare -A S  # S[alg,app,case] = req/s samples, one per round
declare -A Q  # Q[alg,name] = per-round ratios

# ---------------------------------------------------------------- (c)-(e) per algorithm
for ALG in $ALGORITHMS; do
	case $ALG in
	HS256)
		KID=bench-hs256
		OUR_ARGS=(--jwt.auth.signing.secret="$SECRET" --jwt.auth.signing.algorithm=HS256 --jwt.auth.signing.key-id=$KID)
		STOCK_ARGS=(--stock.jwt.algorithm=HS256 --stock.jwt.secret="$SECRET")
		MINT_ARGS=(--algorithm=HS256 --secret="$SECRET" --key-id=$KID)
		;;
	RS256)
		KID=bench-rs256
		OUR_ARGS=(--jwt.auth.signing.private-key-location="file:$WORK/private.pem" --jwt.auth.signing.algorithm=RS256 --jwt.auth.signing.key-id=$KID)
		STOCK_ARGS=(--stock.jwt.algorithm=RS256 --stock.jwt.public-key-location="file:$WORK/public.pem")
		MINT_ARGS=(--algorithm=RS256 --private-key="$WORK/private.pem" --key-id=$KID)
		;;
	*)
		log "unsupported algorithm $ALG"
		exit 1
		;;
	esac

	log "$ALG: minting $MANY distinct tokens"
	java -cp "$BENCH_JAR" io.github.jwtauth.benchmarks.TokenMinter "${MINT_ARGS[@]}" --count=$MANY --out="$WORK/many-$ALG.txt"
	[[ $(sort -u "$WORK/many-$ALG.txt" | wc -l) == "$MANY" ]] || { log "tokens are not distinct"; exit 1; }
	# The single-token cases use the first of the 10,000, so the sample's cache
	# (jwt.auth.cache.max-size, default 10,000) sees exactly 10,000 distinct tokens in all;
	# one more would overflow it (see ours_cache_11kTokensOverCapacity in the JMH run).
	head -1 "$WORK/many-$ALG.txt" >"$WORK/one-$ALG.txt"
	: >"$WORK/none.txt"
	# token-shaped garbage (random base64url segments of a token's lengths) and a token whose
	# signature belongs to another token (valid format, wrong signature)
	IFS=. read -r H P G <<<"$(head -1 "$WORK/many-$ALG.txt")"
	IFS=. read -r _ _ G2 <<<"$(sed -n 2p "$WORK/many-$ALG.txt")"
	echo "$(random_b64url ${#H}).$(random_b64url ${#P}).$(random_b64url ${#G})" >"$WORK/garbage-$ALG.txt"
	echo "$H.$P.$G2" >"$WORK/badsig-$ALG.txt"

	log "$ALG: starting the sample (:$OUR_PORT) and the stock resource server (:$STOCK_PORT)"
	start_app ours "$OUR_PORT" "$SAMPLE_JAR" "${OUR_ARGS[@]}"
	start_app stock "$STOCK_PORT" "$STOCK_JAR" "${STOCK_ARGS[@]}"
	await_app ours "$OUR_PORT"
	await_app stock "$STOCK_PORT"

	TOKEN=$(head -1 "$WORK/one-$ALG.txt")
	for port in "$OUR_PORT" "$STOCK_PORT"; do
		expect_status 200 "http://127.0.0.1:$port/api/public"
		expect_status 401 "http://127.0.0.1:$port/api/me"
		expect_status 401 "http://127.0.0.1:$port/api/me" "$(cat "$WORK/garbage-$ALG.txt")"
		expect_status 401 "http://127.0.0.1:$port/api/me" "$(cat "$WORK/badsig-$ALG.txt")"
		expect_status 200 "http://127.0.0.1:$port/api/me" "$TOKEN"
		expect_status 200 "http://127.0.0.1:$port/api/me" "$(tail -1 "$WORK/many-$ALG.txt")"
	done

	for app in ours stock; do
		log "$ALG $app: JIT warm-up ($WARMUP per case)"
		for c in $CASES; do
			warm "$(case_url $app $c)" "$(case_tokens "$ALG" $c)"
		done
	done
	if [[ -n $SERVER_CPU ]]; then
		taskset -a -p -c "$SERVER_CPU" "$PID_ours" >/dev/null
		taskset -a -p -c "$SERVER_CPU" "$PID_stock" >/dev/null
	fi
	for round in $(seq 1 "$ROUNDS"); do
		order="ours stock"
		((round % 2 == 0)) && order="stock ours"
		for app in $order; do
			line=""
			for c in $CASES; do
				v=$(measure "$(case_url $app $c)" "$(case_tokens "$ALG" $c)" "$(case_expect $c)")
				S[$ALG,$app,$c]="${S[$ALG,$app,$c]:-} $v"
				line="$line $c=$v"
			done
			log "$ALG round $round $app:$line"
		done
		Q[$ALG,ours1]="${Q[$ALG,ours1]:-} $(ratio "$(last ours me1)" "$(last ours public)")"
		Q[$ALG,ours10k]="${Q[$ALG,ours10k]:-} $(ratio "$(last ours me10k)" "$(last ours public)")"
		Q[$ALG,vs1]="${Q[$ALG,vs1]:-} $(ratio "$(last ours me1)" "$(last stock me1)")"
		Q[$ALG,vs10k]="${Q[$ALG,vs10k]:-} $(ratio "$(last ours me10k)" "$(last stock me10k)")"
		Q[$ALG,stock1]="${Q[$ALG,stock1]:-} $(ratio "$(last stock me1)" "$(last stock public)")"
		Q[$ALG,stock10k]="${Q[$ALG,stock10k]:-} $(ratio "$(last stock me10k)" "$(last stock public)")"
		Q[$ALG,authours]="${Q[$ALG,authours]:-} $(ratio "$(last ours publictoken)" "$(last ours public)")"
		Q[$ALG,authstock]="${Q[$ALG,authstock]:-} $(ratio "$(last stock publictoken)" "$(last stock public)")"
		Q[$ALG,garbours]="${Q[$ALG,garbours]:-} $(ratio "$(last ours garbage)" "$(last ours me1)")"
		Q[$ALG,badours]="${Q[$ALG,badours]:-} $(ratio "$(last ours badsig)" "$(last ours me1)")"
		Q[$ALG,garbstock]="${Q[$ALG,garbstock]:-} $(ratio "$(last stock garbage)" "$(last stock me1)")"
		Q[$ALG,badstock]="${Q[$ALG,badstock]:-} $(ratio "$(last stock badsig)" "$(last stock me1)")"
		Q[$ALG,pubvs]="${Q[$ALG,pubvs]:-} $(ratio "$(last ours public)" "$(last stock public)")"
	done
	stop_app ours
	stop_app stock
done

# ---------------------------------------------------------------- (f) report
m() { median "${S[$1,$2,$3]}"; }
row() { # label alg app-a case-a app-b case-b qname
	printf '%-6s %-62s %8s   %s\n' "$2" "$1" "$(ratio "$(m "$2" "$3" "$4")" "$(m "$2" "$5" "$6")")" "$(range "${Q[$2,$7]}")"
}
mkdir -p "$(dirname "$RESULTS")"
{
	echo "jwt-auth load test, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1)"
	echo "wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION per cell, $ROUNDS interleaved rounds after a $WARMUP warm-up per case; $PLACEMENT"
	echo "server JVM: $JVM_OPTS; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo
	printf '%-6s %-34s %10s %10s   %s\n' alg "median req/s" "jwt-auth" "stock" "(jwt-auth samples | stock samples)"
	for ALG in $ALGORITHMS; do
		for c in $CASES; do
			case $c in
			public) label="GET /api/public, no token" ;;
			me1) label="GET /api/me, 1 token" ;;
			me10k) label="GET /api/me, $MANY tokens" ;;
			publictoken) label="GET /api/public, 1 token" ;;
			garbage) label="GET /api/me, garbage -> 401" ;;
			badsig) label="GET /api/me, bad signature -> 401" ;;
			esac
			printf '%-6s %-34s %10s %10s   (%s |%s)\n' "$ALG" "$label" "$(m "$ALG" ours $c)" "$(m "$ALG" stock $c)" \
				"${S[$ALG,ours,$c]# }" "${S[$ALG,stock,$c]}"
		done
	done
	echo
	printf '%-6s %-62s %8s   %s\n' alg "ratio of medians" "value" "per-round min-max"
	for ALG in $ALGORITHMS; do
		row "ours /api/me / ours /api/public, 1 token (>= 0.95)" "$ALG" ours me1 ours public ours1
		row "ours /api/me / ours /api/public, $MANY tokens (>= 0.95)" "$ALG" ours me10k ours public ours10k
		row "ours /api/me / stock /api/me, 1 token (RS256 >= 1.2)" "$ALG" ours me1 stock me1 vs1
		row "ours /api/me / stock /api/me, $MANY tokens" "$ALG" ours me10k stock me10k vs10k
		row "stock /api/me / stock /api/public, 1 token" "$ALG" stock me1 stock public stock1
		row "stock /api/me / stock /api/public, $MANY tokens" "$ALG" stock me10k stock public stock10k
		row "ours /api/public+token / without (auth cost only)" "$ALG" ours publictoken ours public authours
		row "stock /api/public+token / without (auth cost only)" "$ALG" stock publictoken stock public authstock
		row "ours 401 garbage / ours 200 /api/me (>= 1: reject no dearer)" "$ALG" ours garbage ours me1 garbours
		row "ours 401 bad signature / ours 200 /api/me (>= 1)" "$ALG" ours badsig ours me1 badours
		row "stock 401 garbage / stock 200 /api/me" "$ALG" stock garbage stock me1 garbstock
		row "stock 401 bad signature / stock 200 /api/me" "$ALG" stock badsig stock me1 badstock
		row "ours /api/public / stock /api/public (no token)" "$ALG" ours public stock public pubvs
	done
} | tee "$RESULTS.tmp"
mv "$RESULTS.tmp" "$RESULTS"
log "results written to $RESULTS"
