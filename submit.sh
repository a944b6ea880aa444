#!/usr/bin/env bash
# mfsweep launcher.
#   ./submit.sh [spark-submit options] run JOB.conf [--output DIR] [--set path=value]...
#   ./submit.sh plan JOB.conf
#   ./submit.sh query DIR "SQL" [--format table|csv|json]
#   ./submit.sh bench [--n 50 --m 300 --rank 2]   (µs per iteration, engine vs NumPy)
# Without --master it runs local[*]. It builds target/mfsweep.jar when the jar is missing or older
# than the sources, then uses $SPARK_HOME/bin/spark-submit when that exists, else Spark's
# SparkSubmit from the project's own dependency class path (target/classpath.txt).
# Exit codes: 0 success, 1 failure, 2 bad usage or bad sweep file.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/target/mfsweep.jar"
SPARK_CLASSPATH_FILE="$ROOT/target/classpath.txt"
MAIN=org.mfsweep.cli.Main
COMMANDS="run plan query bench"

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

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

build_if_stale() {
  if [[ -f "$JAR" && -f "$SPARK_CLASSPATH_FILE" ]] &&
     [[ -z "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    return
  fi
  command -v mvn >/dev/null || { echo "submit.sh: mvn not found; install Maven 3.8+ and JDK 17" >&2; exit 1; }
  echo "submit.sh: building $JAR (the first build downloads Spark, ~320 MB, and takes a minute or two)" >&2
  if ! (cd "$ROOT" && mvn -q -B -Dstyle.color=never -DskipTests package >&2); then
    echo "submit.sh: build failed" >&2
    exit 1
  fi
}

spark_opts=()
has_master=false
master=""
driver_memory=""
while (($#)); do
  case "$1" in
    -h|--help) usage ;;
    --master) (($# >= 2)) || usage; has_master=true; master="$2"; spark_opts+=("$1" "$2"); shift 2 ;;
    --master=*) has_master=true; master="${1#--master=}"; spark_opts+=("$1"); shift ;;
    --driver-memory) (($# >= 2)) || usage; driver_memory="$2"; spark_opts+=("$1" "$2"); shift 2 ;;
    --verbose|-v|--supervise) spark_opts+=("$1"); shift ;;
    --*=*) spark_opts+=("$1"); shift ;;
    --*) (($# >= 2)) || usage; spark_opts+=("$1" "$2"); shift 2 ;;
    *)
      if [[ " $COMMANDS " == *" $1 "* ]]; then break; fi
      echo "submit.sh: unknown command '$1' (commands: $COMMANDS)" >&2
      usage ;;
  esac
done
(($#)) || usage

if ! $has_master; then
  master="local[*]"
  spark_opts+=(--master "$master")
fi
# One OpenBLAS thread per task thread: tasks already run in parallel.
spark_opts+=(--conf spark.executorEnv.OPENBLAS_NUM_THREADS=1)
if [[ "$master" == local* ]]; then
  # local mode: tasks are threads of this JVM, and Spark binds to loopback
  export OPENBLAS_NUM_THREADS=1
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
