#!/usr/bin/env bash
# Spark scale-out benchmark (issue 21): the same work on local threads, Spark local[2] and a two-worker standalone
# cluster of this machine (a master and two workers as separate JVMs), printed as key=value lines.
#   sweep:     a SmolLM2-135M perplexity grid (SparkSweepBench: lengths x methods, one task per cell; each Spark
#              configuration cold (executors load the model) and warm)
#   bootstrap: the Chinchilla bootstrap (SparkBootstrapBench: replicates in 2 to N tasks)
# (Class path entries are absolute: executors of the standalone cluster run in their own work directories.)
# Usage: bench/spark_bench.sh [sweep|bootstrap|all]   (from the repository root; builds the test classes first)
# Figures and the exact command go to docs/benchmarks.md ("Scale-out on Spark").
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
cp_file="$(mktemp)"
# one reactor build: spark, the last module, writes the class path file last (lmlab-lib as lib/target/classes)
mvn -B -ntp -q test-compile dependency:build-classpath -pl lib,spark -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" > /dev/null
flags="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' spark/pom.xml)"
cp="$PWD/spark/target/classes:$PWD/spark/target/test-classes:$PWD/lib/target/classes:$(cat "$cp_file")"
run() { # shellcheck disable=SC2086
  java $flags -Dlmlab.root="$PWD" -Dlmlab.spark.jvm.flags="$flags" -cp "$cp" "$@"; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
if [ "$what" = sweep ] || [ "$what" = all ]; then
  run org.lmlab.spark.SparkSweepBench 64,128,256 none,ntk:2,yarn:2,sinks:4+28 2 cluster
fi
if [ "$what" = bootstrap ] || [ "$what" = all ]; then
  run org.lmlab.spark.SparkBootstrapBench 400 2 cluster
fi
rm -f "$cp_file"
