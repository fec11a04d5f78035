#!/usr/bin/env bash
# Starts a local three-master Redis Cluster for the Cluster tests (no replicas, no persistence) and
# prints the line to export. Idempotent: when the cluster already answers `cluster_state:ok` it
# only prints that line. Never touches the standalone Redis on 6379.
#
#   test/support/start-redis-cluster.sh            # ports 7101 7102 7103 (REDIS_CLUSTER_PORTS)
#   export REDIS_CLUSTER_NODES=127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103
#
# Stop it: for p in 7101 7102 7103; do redis-cli -p $p shutdown nosave; done
set -euo pipefail

HOST=127.0.0.1
read -r -a PORTS <<< "${REDIS_CLUSTER_PORTS:-7101 7102 7103}"
DIR="${REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/nest-api-edge-redis-cluster}"
NODES=$(printf "$HOST:%s," "${PORTS[@]}"); NODES=${NODES%,}

cluster_ok() { redis-cli -h "$HOST" -p "${PORTS[0]}" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }
node_up() { redis-cli -h "$HOST" -p "$1" ping 2>/dev/null | grep -q PONG; }

if cluster_ok; then
  echo "Redis Cluster already running: export REDIS_CLUSTER_NODES=$NODES"
  exit 0
fi
command -v redis-server >/dev/null 2>&1 || { echo "redis-server is not installed (apt-get install redis-server)" >&2; exit 1; }

mkdir -p "$DIR"
for port in "${PORTS[@]}"; do
  if ! node_up "$port"; then
    # A node that is not up starts from nothing: an old nodes file would name a dead cluster.
    rm -f "$DIR/nodes-$port.conf"
    redis-server --port "$port" --bind "$HOST" --cluster-enabled yes --cluster-config-file "$DIR/nodes-$port.conf" \
      --cluster-node-timeout 5000 --dir "$DIR" --logfile "$DIR/redis-$port.log" \
      --daemonize yes --save "" --appendonly no --maxmemory-policy noeviction
  fi
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 1 50); do node_up "$port" && break; sleep 0.1; done
  node_up "$port" || { echo "Redis Cluster node $port did not start; see $DIR/redis-$port.log" >&2; exit 1; }
done

# Create only if no node knows any slot yet; otherwise the nodes are mid-join: just wait.
if redis-cli -h "$HOST" -p "${PORTS[0]}" cluster info | grep -q '^cluster_slots_assigned:0'; then
  # shellcheck disable=SC2046
  redis-cli --cluster create $(printf "$HOST:%s " "${PORTS[@]}") --cluster-replicas 0 --cluster-yes >/dev/null
fi
for _ in $(seq 1 100); do cluster_ok && break; sleep 0.2; done
cluster_ok || { echo "Redis Cluster on $NODES did not reach cluster_state:ok" >&2; exit 1; }
echo "Redis Cluster running: export REDIS_CLUSTER_NODES=$NODES"
