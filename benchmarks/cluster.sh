# Sourced by the benchmark scripts: a local Redis Cluster of three masters with a replica each,
# from Debian's redis-server, for benchmarks only (the tests start their own through
# jwt-auth-test's RedisCluster).

# start_redis_cluster BASE_PORT DIR: starts six nodes on BASE_PORT..BASE_PORT+5 (bus ports
# +10000), each in DIR/n<i>, creates the cluster, waits until every node reports it ok, and
# prints the nodes as host:port,host:port,...
start_redis_cluster() {
  local base=$1 dir=$2 nodes=() port
  for i in 0 1 2 3 4 5; do
    port=$((base + i)); mkdir -p "$dir/n$i"
    redis-server --port "$port" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
      --cluster-node-timeout 1000 --save "" --appendonly no --dir "$dir/n$i" --daemonize yes \
      --logfile "$dir/n$i/redis.log" --pidfile "$dir/n$i/pid" > /dev/null
    nodes+=("127.0.0.1:$port")
  done
  for i in 0 1 2 3 4 5; do
    for _ in $(seq 1 50); do redis-cli -p $((base + i)) ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
  done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes > "$dir/create.log"
  for i in 0 1 2 3 4 5; do
    for _ in $(seq 1 100); do redis-cli -p $((base + i)) cluster info | grep -q 'cluster_state:ok' && break; sleep 0.2; done
  done
  (IFS=,; echo "${nodes[*]}")
}

# stop_redis_cluster DIR: kills the nodes started in DIR
stop_redis_cluster() {
  for pidfile in "$1"/n*/pid; do [ -f "$pidfile" ] && kill -9 "$(cat "$pidfile")" 2>/dev/null || true; done
}
