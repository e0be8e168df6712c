#!/usr/bin/env bash
# Builds lmlab's native weight products (lmlab_products.c) and decode layers (lmlab_decode.c) into the classes folder, where the jar
# picks them up: native/linux-x86_64/liblmlab_products.so. Portable: no -march; each instruction
# set is chosen at run time. Without a C compiler or on another platform it only says so, and lmlab
# keeps using PyTorch for the products (NativeProducts.isAvailable() is false, with the reason).
# Usage: build.sh SOURCE_DIR CLASSES_DIR
set -u
src="$1"
out="$2/native/linux-x86_64"
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "[lmlab] native products not built: only linux x86_64 is supported ($(uname -s) $(uname -m)); PyTorch does the products"
  exit 0
fi
cc="${CC:-cc}"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "[lmlab] native products not built: no C compiler ('$cc' not found; set CC or install gcc); PyTorch does the products"
  exit 0
fi
java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
if [ ! -f "$java_home/include/jni.h" ]; then
  echo "[lmlab] native products not built: jni.h not found under $java_home/include (set JAVA_HOME to a JDK); PyTorch does the products"
  exit 0
fi
mkdir -p "$out"
lib="$out/liblmlab_products.so"
sources=("$src/lmlab_products.c" "$src/lmlab_decode.c")
fresh=1
for f in "${sources[@]}" "$src/lmlab_kernel.h" "$0"; do
  if [ ! -f "$lib" ] || [ ! "$lib" -nt "$f" ]; then
    fresh=0
  fi
done
if [ "$fresh" = 1 ]; then
  exit 0
fi
if ! "$cc" -O3 -std=gnu11 -ffp-contract=off -fno-math-errno -shared -fPIC -Wall -Wextra -Wno-unused-parameter \
    -I"$java_home/include" -I"$java_home/include/linux" -o "$lib" "${sources[@]}" -lm; then
  rm -f "$lib"
  echo "[lmlab] native products not built: the C compiler failed (above); PyTorch does the products"
fi
exit 0
