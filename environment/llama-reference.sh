#!/usr/bin/env bash
# Builds llama.cpp (llama-cpp-python, the tests' reference for logits, perplexity and greedy text)
# for one fixed, portable x86-64 instruction set and installs it into the given environment.
#
# pip's default build compiles ggml for the build machine's own CPU (GGML_NATIVE): on a CPU with
# AVX-512 or AMX the library dies with SIGILL elsewhere, and llama.cpp's quantised results differ
# between AVX2 and AVX-512 builds. Here the instruction set is AVX2 + FMA + F16C + BMI2 on every
# machine (x86-64-v3, Haswell and later), so the reference gives the same numbers everywhere; the
# test tests/python/test_llama_reference_build.py disassembles the library to hold that.
#
# The wheel is built once and kept in a cache keyed by version and build flags (pip's own wheel
# cache ignores CMAKE_ARGS, so it could hand back a native build made earlier).
#   bash environment/llama-reference.sh VENV
set -euo pipefail
venv="${1:?usage: llama-reference.sh VENV}"
version="0.3.36"
flags=(
  -DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=OFF -DGGML_BACKEND_DL=OFF
  -DGGML_SSE42=ON -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
  -DGGML_AVX_VNNI=OFF -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF
  -DGGML_AVX512_BF16=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF
)
key="$(printf '%s\n' "$version" "${flags[@]}" | sha256sum | cut -c1-16)"
cache="${LMLAB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lmlab}/llama-cpp-python/$key"
log() { printf '[setup] %s\n' "$*"; }

if [ "$(cat "$venv/.llama-reference" 2>/dev/null)" = "$key" ]; then
  exit 0
fi
wheel="$(ls "$cache"/llama_cpp_python-*.whl 2>/dev/null | head -1 || true)"
if [ -z "$wheel" ]; then
  log "building llama-cpp-python $version for AVX2/FMA/F16C (no AVX-512/AMX; several minutes, once per machine)"
  mkdir -p "$cache.tmp"
  CMAKE_ARGS="${flags[*]}" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
    "$venv/bin/pip" wheel -q --disable-pip-version-check --no-cache-dir --no-deps \
      -w "$cache.tmp" "llama-cpp-python==$version"
  rm -rf "$cache"; mv "$cache.tmp" "$cache"
  wheel="$(ls "$cache"/llama_cpp_python-*.whl | head -1)"
fi
"$venv/bin/pip" install -q --disable-pip-version-check --no-deps --force-reinstall "$wheel"
echo "$key" > "$venv/.llama-reference"
