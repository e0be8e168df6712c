#!/usr/bin/env bash
# The one test command (README "Quick start"; .ci/run calls it): set-up, Java unit tests on JDK 17,
# the table and kernel tests again on JDK 25, then the Jupyter-side tests (protocol conformance,
# interrupts, fuzzing, notebooks, browser) against the kernel as a user installs it, the protocol
# and exit tests again against a JDK 25 kernel. Every step runs even when an earlier one fails
# (a failing module never hides the others' results); the exit status is 1 if any step failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash environment/setup.sh test || exit 1
mkdir -p target
py="$root/.venv/bin/python"
failed=()
step() {  # step NAME COMMAND...: runs it, remembers a failure, goes on
  local name="$1"; shift
  echo "[tests] ---- $name"
  "$@" || failed+=("$name")
}

# A JDK 25 beside the default one: $LMLAB_JDK25, else the usual install places.
jdk25=""
for candidate in "${LMLAB_JDK25:-}" /usr/lib/jvm/*25*/bin/java /opt/java/*25*/bin/java; do
  if [ -n "$candidate" ] && [ -x "$candidate" ] \
      && "$candidate" -version 2>&1 | grep -q 'version "25'; then
    jdk25="$candidate"; break
  fi
done
jdk25_flags="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"

install_kernel() {  # the Java tests of `lmlab doctor`/`lab` check the kernelspec a user installs
  mvn -B -ntp -q package -DskipTests && bin/lmlab install --prefix "$root/.venv"
}
java_tests() {
  mvn -B -ntp verify -Dmaven.test.failure.ignore=true 2>&1 | tee target/mvn-verify.log
  "$py" environment/junit_summary.py --label "Java tests (JDK 17)" --maven-log target/mvn-verify.log \
    lib/target/surefire-reports magics/target/surefire-reports kernel/target/surefire-reports \
    spark/target/surefire-reports
}
java_tests_jdk25() {
  mvn -B -ntp test -pl kernel -am -Djvm="$jdk25" -Dlmlab.jvm.flags.extra="$jdk25_flags" \
    -Dlmlab.reports.suffix=-jdk25 -Dmaven.test.failure.ignore=true -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='org/lmlab/table/**/*Test,org/lmlab/kernel/**/*Test' 2>&1 | tee target/mvn-jdk25.log
  "$py" environment/junit_summary.py --label "table and kernel tests (JDK 25)" --maven-log target/mvn-jdk25.log \
    lib/target/surefire-reports-jdk25 kernel/target/surefire-reports-jdk25
}
python_tests() {
  bin/lmlab install --prefix "$root/.venv" || return 1
  .venv/bin/python -m pytest tests/python -q -p no:cacheprovider --junitxml=target/pytest-report.xml
}
python_tests_jdk25() {
  bin/lmlab install --prefix "$root/.venv" --name lmlab-jdk25 --display-name "lmlab (Java 25)" --java "$jdk25" \
    || return 1
  LMLAB_KERNEL=lmlab-jdk25 .venv/bin/python -m pytest tests/python/test_conformance.py \
    tests/python/test_interrupt_exit.py -q -p no:cacheprovider --junitxml=target/pytest-jdk25-report.xml
}

step "build and install the kernel" install_kernel
step "Java tests (JDK 17): mvn verify" java_tests
if [ -n "$jdk25" ]; then
  step "table and kernel tests on JDK 25 ($jdk25)" java_tests_jdk25
else
  echo "[tests] SKIPPED: the JDK 25 runs (no JDK 25 in /usr/lib/jvm or /opt/java; set LMLAB_JDK25=/path/to/bin/java)"
fi
step "Jupyter side (JDK 17 kernel): pytest tests/python" python_tests
if [ -n "$jdk25" ]; then
  step "Jupyter protocol and exit tests (JDK 25 kernel)" python_tests_jdk25
fi

if [ ${#failed[@]} -gt 0 ]; then
  printf '[tests] FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "[tests] all passed"
