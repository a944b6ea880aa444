#!/usr/bin/env bash
# mfsweep launcher: ./submit.sh --help says how to call it (the text is in usage() below).
# It builds target/mfsweep.jar when the jar is missing or older than the sources, then uses
# $SPARK_HOME/bin/spark-submit when that exists, else Spark's SparkSubmit from the project's own
# dependency class path (target/classpath.txt). Exit codes: 0 success, 1 failure, 2 bad usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/target/mfsweep.jar"
SPARK_CLASSPATH_FILE="$ROOT/target/classpath.txt"
MAIN=org.mfsweep.cli.Main
COMMANDS="run plan query plot report export bench serve sql"

# The JVM flags Spark needs on Java 17 (org.apache.spark.launcher.JavaModuleOptions).
JAVA_FLAGS=(
  -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true
  --enable-native-access=ALL-UNNAMED
)

# Every command, once: the help and the unknown-command message below are built from it.
ALL_COMMANDS="$COMMANDS cluster"

usage() {
  cat <<EOF
mfsweep: sweeps of gradient descent on matrix factorization, on Apache Spark.

usage: ./submit.sh [spark-submit options] COMMAND [ARGS...]
       ./submit.sh cluster start [--workers N] [--cores C] [--memory M] | status | stop
       ./submit.sh --help | --version

commands: ${ALL_COMMANDS// /, }
  ./submit.sh COMMAND --help   the options of one command
EOF
  if jar_is_fresh; then
    # the commands' own one-line descriptions, from the program itself (its list of subcommands)
    run_main --help | sed -n '/^Commands:/,$p'
  fi
  cat <<EOF

Without --master it runs local[*]; --master spark://HOST:PORT submits to a standalone cluster
(the one of ./submit.sh cluster start is authenticated with its secret). Any other spark-submit
option (--driver-memory 4g, --conf k=v, ...) is passed on.
Exit codes: 0 success, 1 failure (including runs that FAILED), 2 bad usage or bad input.
EOF
}

bad_usage() {
  echo "submit.sh: $1" >&2
  echo "usage: ./submit.sh [spark-submit options] COMMAND [ARGS...]; commands: ${ALL_COMMANDS// /, }" \
    "(./submit.sh --help for more)" >&2
  exit 2
}

jar_is_fresh() {
  [[ -f "$JAR" && -f "$SPARK_CLASSPATH_FILE" ]] &&
    [[ -z "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]
}

run_main() {  # the program without Spark's launcher: for --help and --version, which start no Spark
  "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$JAR:$(cat "$SPARK_CLASSPATH_FILE")" "$MAIN" "$@"
}

build_if_stale() {
  if jar_is_fresh; then
    return
  fi
  command -v mvn >/dev/null || { echo "submit.sh: mvn not found; install Maven 3.8+ and JDK 17" >&2; exit 1; }
  echo "submit.sh: building $JAR (the first build downloads Spark, ~320 MB, and takes a minute or two)" >&2
  if ! (cd "$ROOT" && mvn -q -B -Dstyle.color=never -DskipTests package >&2); then
    echo "submit.sh: build failed" >&2
    exit 1
  fi
}

# ---- a standalone cluster on 127.0.0.1, from the project's own jars ----
CLUSTER_DIR="${MFSWEEP_CLUSTER_DIR:-$ROOT/target/cluster}"
AUTH_FILE="$CLUSTER_DIR/spark-auth.conf"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

alive_workers() {  # number of ALIVE workers the master reports, or empty when it does not answer
  curl -s --max-time 2 "http://127.0.0.1:$(cat "$CLUSTER_DIR/master-webui-port")/json/" 2>/dev/null |
    tr -d ' \n' | sed -n 's/.*"aliveworkers":\([0-9]*\).*/\1/p'
}

is_ours() {  # pid still runs a Spark deploy daemon (guards against pid reuse)
  [[ -r "/proc/$1/cmdline" ]] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -q 'org.apache.spark.deploy'
}

cluster_stop() {
  [[ -f "$CLUSTER_DIR/pids" ]] || { echo "cluster: not running (no $CLUSTER_DIR/pids)"; return 0; }
  local pids=() pid
  while read -r pid; do is_ours "$pid" && pids+=("$pid"); done < "$CLUSTER_DIR/pids"
  if ((${#pids[@]})); then
    for pid in "${pids[@]}"; do pkill -TERM -P "$pid" 2>/dev/null || true; done  # executors of workers
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do
      local left=()
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
      ((${#left[@]})) || break
      sleep 0.2
    done
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then pkill -KILL -P "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true; fi
    done
  fi
  rm -f "$CLUSTER_DIR/pids" "$CLUSTER_DIR/master-url" "$CLUSTER_DIR/master-webui-port" "$AUTH_FILE"
  echo "cluster: stopped ${#pids[@]} process(es)"
}

cluster_status() {
  if [[ ! -f "$CLUSTER_DIR/master-url" ]]; then echo "cluster: not running"; return 1; fi
  local n
  n="$(alive_workers)"
  if [[ -z "$n" ]]; then echo "cluster: $(cat "$CLUSTER_DIR/master-url") does not answer"; return 1; fi
  echo "cluster: $(cat "$CLUSTER_DIR/master-url"), $n worker(s) alive, UI http://127.0.0.1:$(cat "$CLUSTER_DIR/master-webui-port")"
}

cluster_start() {
  local workers=2 cores=1 memory=1g
  while (($#)); do
    case "$1" in
      --workers) workers="$2"; shift 2 ;;
      --cores) cores="$2"; shift 2 ;;
      --memory) memory="$2"; shift 2 ;;
      *) echo "cluster start: unknown option '$1'" >&2; exit 2 ;;
    esac
  done
  if [[ -f "$CLUSTER_DIR/pids" ]]; then
    echo "cluster: already started ($(cat "$CLUSTER_DIR/master-url" 2>/dev/null)); ./submit.sh cluster stop first" >&2
    exit 2
  fi
  command -v curl >/dev/null || { echo "cluster: curl is needed to watch the master" >&2; exit 1; }
  build_if_stale
  local home="$CLUSTER_DIR/spark-home"
  mkdir -p "$home/jars" "$home/conf" "$CLUSTER_DIR/logs" "$CLUSTER_DIR/work"
  rm -f "$home/jars/"*.jar
  tr ':' '\n' < "$SPARK_CLASSPATH_FILE" | while read -r jar; do ln -s "$jar" "$home/jars/"; done
  cp "$ROOT/conf/log4j2.properties" "$home/conf/"
  # A secret only this user can read: the master, the workers and submit.sh share it.
  # The master's REST submission server cannot authenticate: it stays off.
  (umask 077; printf 'spark.authenticate true\nspark.master.rest.enabled false\nspark.authenticate.secret %s\n' \
    "$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$AUTH_FILE")
  local port webui
  port="$(free_port)"; webui="$(free_port)"
  echo "$webui" > "$CLUSTER_DIR/master-webui-port"
  echo "spark://127.0.0.1:$port" > "$CLUSTER_DIR/master-url"
  export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
  local cp="$home/conf:$home/jars/*" java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  local started
  started=$(date +%s%N)
  setsid nohup "$java" "${JAVA_FLAGS[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$port" --webui-port "$webui" --properties-file "$AUTH_FILE" \
    > "$CLUSTER_DIR/logs/master.log" 2>&1 < /dev/null &
  echo $! > "$CLUSTER_DIR/pids"
  local i
  for i in $(seq 1 "$workers"); do
    mkdir -p "$CLUSTER_DIR/work/worker-$i"
    setsid nohup "$java" "${JAVA_FLAGS[@]}" -Xmx512m -cp "$cp" org.apache.spark.deploy.worker.Worker \
      --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port "$(free_port)" \
      --work-dir "$CLUSTER_DIR/work/worker-$i" --properties-file "$AUTH_FILE" "spark://127.0.0.1:$port" \
      > "$CLUSTER_DIR/logs/worker-$i.log" 2>&1 < /dev/null &
    echo $! >> "$CLUSTER_DIR/pids"
  done
  for _ in $(seq 1 120); do
    if [[ "$(alive_workers)" == "$workers" ]]; then
      local ms=$(( ($(date +%s%N) - started) / 1000000 ))
      printf 'cluster: spark://127.0.0.1:%s with %s worker(s) in %d.%01d s; UI http://127.0.0.1:%s\n' "$port" \
        "$workers" $((ms / 1000)) $((ms % 1000 / 100)) "$webui"
      echo "cluster: submit with ./submit.sh --master spark://127.0.0.1:$port run JOB.conf (authenticated)"
      return 0
    fi
    sleep 0.5
  done
  echo "cluster: workers did not all register within 60 s; logs in $CLUSTER_DIR/logs" >&2
  tail -n 20 "$CLUSTER_DIR/logs/"*.log >&2
  cluster_stop >&2
  exit 1
}

case "${1:-}" in
  -h|--help|help) usage; exit 0 ;;
  -V|--version) build_if_stale; run_main --version; exit $? ;;
esac

if [[ "${1:-}" == cluster ]]; then
  case "${2:-}" in
    start) shift 2; cluster_start "$@" ;;
    stop) cluster_stop ;;
    status) cluster_status ;;
    *) echo "usage: ./submit.sh cluster start [--workers N] [--cores C] [--memory M] | status | stop" >&2; exit 2 ;;
  esac
  exit $?
fi

spark_opts=()
has_master=false
master=""
driver_memory=""
has_properties=false
while (($#)); do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --master) (($# >= 2)) || bad_usage "--master needs a value"; has_master=true; master="$2"; spark_opts+=("$1" "$2"); shift 2 ;;
    --master=*) has_master=true; master="${1#--master=}"; spark_opts+=("$1"); shift ;;
    --driver-memory) (($# >= 2)) || bad_usage "--driver-memory needs a value"; driver_memory="$2"; spark_opts+=("$1" "$2"); shift 2 ;;
    --properties-file) (($# >= 2)) || bad_usage "--properties-file needs a file"; has_properties=true; spark_opts+=("$1" "$2"); shift 2 ;;
    --verbose|-v|--supervise) spark_opts+=("$1"); shift ;;
    --*=*) spark_opts+=("$1"); shift ;;
    --*) (($# >= 2)) || bad_usage "$1 needs a value (or is not an option)"; spark_opts+=("$1" "$2"); shift 2 ;;
    *)
      if [[ " $COMMANDS " == *" $1 "* ]]; then break; fi
      if [[ "$1" == cluster ]]; then bad_usage "cluster comes first: ./submit.sh cluster start|status|stop"; fi
      bad_usage "unknown command '$1'" ;;
  esac
done
(($#)) || bad_usage "missing command"

if ! $has_master; then
  master="local[*]"
  spark_opts+=(--master "$master")
fi
# One OpenBLAS thread per task thread: tasks already run in parallel.
spark_opts+=(--conf spark.executorEnv.OPENBLAS_NUM_THREADS=1)
# Submitting to the cluster of `./submit.sh cluster start`: authenticate with its secret.
if ! $has_properties && [[ -f "$CLUSTER_DIR/master-url" && "$master" == "$(cat "$CLUSTER_DIR/master-url")" ]]; then
  spark_opts+=(--properties-file "$AUTH_FILE")
fi
if [[ "$master" == local* ]]; then
  # local mode: tasks are threads of this JVM
  export OPENBLAS_NUM_THREADS=1
fi
if [[ "$master" == local* || "$master" == spark://127.0.0.1:* || "$master" == spark://localhost:* ]]; then
  # everything on this machine: Spark (driver RPC, block manager, UI) binds to loopback only
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
fi

build_if_stale

if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  exec "$SPARK_HOME/bin/spark-submit" "${spark_opts[@]}" --class "$MAIN" "$JAR" "$@"
fi

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
heap=()
[[ -n "$driver_memory" ]] && heap=("-Xmx$driver_memory")
exec "$JAVA" "${JAVA_FLAGS[@]}" "${heap[@]}" -cp "$ROOT/conf:$JAR:$(cat "$SPARK_CLASSPATH_FILE")" \
  org.apache.spark.deploy.SparkSubmit "${spark_opts[@]}" --class "$MAIN" "$JAR" "$@"
