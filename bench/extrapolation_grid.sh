#!/usr/bin/env bash
# The full SmolLM2-135M length-extrapolation grid of issue 16 (docs/extrapolation-grid.md): hours on
# 2 cores, so every part resumes. Run it again after a stop (kill, reboot): finished cells are kept
# and skipped, a cell cut short is run again. Results: bench/results/smollm2-*.jsonl (JSON Lines,
# one row per cell), read back by notebook 41.
#   bench/extrapolation_grid.sh [ppl|ppl32k|passkey ...]   (default: all parts, in that order)
# LMLAB_JAR runs another build of the kernel jar (a copy, so rebuilding the tree does not disturb a
# long run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${LMLAB_JAR:-$root/kernel/target/dist/lib/lmlab-kernel.jar}"
results="$root/bench/results"
text="$root/datasets/text/tinyshakespeare.txt"
mkdir -p "$results"

# part name -> sweep arguments (method factor 2 = 16k / the trained 8k)
declare -A parts=(
  [ppl]="--methods none,linear:2,ntk:2,yarn:2,dynamic:2,lminfinite,sinks:4+2044 --lengths 2k,4k,8k,16k --task ppl --file $text --bucket 256"
  [ppl32k]="--methods lminfinite,sinks:4+2044 --lengths 32k --task ppl --file $text --bucket 256"
  [passkey]="--methods none,yarn:2,lminfinite,sinks:4+2044 --lengths 4k,8k,12k,16k --task passkey --depths 0.1,0.5,0.9 --trials 3 --seed 1"
)
selected=("$@")
[ ${#selected[@]} -eq 0 ] && selected=(ppl ppl32k passkey)
for part in "${selected[@]}"; do
  args="${parts[$part]:?unknown part $part (ppl, ppl32k, passkey)}"
  out="$results/smollm2-$part.jsonl"
  resume=""
  [ -f "$out" ] && resume="--resume"
  script="$(mktemp --suffix=.lmlab)"
  printf '%%model load smollm2-135m\n// %%%%\n%%extrapolate sweep %s --out %s %s --as grid\n' "$args" "$out" "$resume" > "$script"
  echo "== $part -> $out ${resume:+(resuming)}"
  java -Djava.awt.headless=true -Dlmlab.root="$root" -jar "$jar" run "$script"
  rm -f "$script"
done
