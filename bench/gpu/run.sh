#!/usr/bin/env bash
# The GPU check, run from a pack that build.ps1 gpu-pack wrote (see bench/gpu/README.md). It needs only what the GPU
# machine has: a C/C++ compiler, CMake, and CUDA's compiler when the natives are built with CUDA (the default). It
# builds llama.cpp's shared libraries from the source in the pack, then runs the self-contained runner on them.
#   run.sh [cuda|cpu] [runner arguments...]    e.g. run.sh cpu --shape Qwen05B --gpu-layers 0 --queries 1
set -euo pipefail
pack="$(cd "$(dirname "$0")" && pwd)"
backend="${1:-cuda}"; shift || true
work="${REARANK_GPU_WORK:-${TMPDIR:-/tmp}/rearank-gpu-check}"
mkdir -p "$work"

if [ ! -f "$work/natives/.built-$backend" ]; then
  rm -rf "$work/llama.cpp" "$work/natives" && mkdir -p "$work/llama.cpp" "$work/natives"
  tar -xJf "$pack/llama.cpp-source.tar.xz" -C "$work/llama.cpp"
  flags=(-DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=ON -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
         -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
         -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF -DLLAMA_CURL=OFF -DGGML_CPU_KLEIDIAI=OFF)
  # The H200 is compute capability 9.0; one architecture keeps the CUDA build to minutes.
  [ "$backend" = cuda ] && flags+=(-DGGML_CUDA=ON "-DCMAKE_CUDA_ARCHITECTURES=${CUDA_ARCHITECTURES:-90}")
  generator=(); command -v ninja > /dev/null && generator=(-G Ninja)
  started=$SECONDS
  cmake -S "$work/llama.cpp" -B "$work/llama.cpp/build" "${generator[@]}" "${flags[@]}" > "$work/configure.log" 2>&1 || { tail -30 "$work/configure.log"; exit 1; }
  cmake --build "$work/llama.cpp/build" --target llama -j "$(nproc)" > "$work/build.log" 2>&1 || { tail -30 "$work/build.log"; exit 1; }
  find "$work/llama.cpp/build" -name '*.so*' \( -name 'libllama*' -o -name 'libggml*' \) -exec cp -P {} "$work/natives/" \;
  touch "$work/natives/.built-$backend"
  echo "Built llama.cpp's $backend libraries in $((SECONDS - started)) s: $(ls "$work/natives" | tr '\n' ' ')"
fi

mkdir -p "$work/data" && tar -xJf "$pack/data.tar.xz" -C "$work/data"
exec "$pack/Rearank.Bench" --gpu --data "$work/data" --natives "$work/natives" "$@"
