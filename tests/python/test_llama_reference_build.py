"""The llama.cpp reference (llama-cpp-python, built by environment/llama-reference.sh) holds no
AVX-512 or AMX instruction, so it runs, and gives the same numbers, on every x86-64-v3 machine.

A native build on a CPU with AVX-512/AMX dies with SIGILL elsewhere and rounds Q4_1 differently
(issue 14). The detector is first shown to catch AVX-512 and AMX in objects compiled here for
them, so a pass means something.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux" or shutil.which("objdump") is None,
                                reason="needs Linux and objdump (binutils)")

# Operands only AVX-512 has: zmm registers, xmm/ymm 16-31, opmask registers and {k} masking, embedded
# broadcast {1toN}; mnemonics of AVX-512-only instructions that can run on xmm/ymm (VL forms); AMX.
_AVX512 = re.compile(r"%zmm\d+|%[xy]mm(?:1[6-9]|2\d|3[01])\b|\{%k[1-7]\}|\{1to\d+\}|"
                     r"\s(?:k(?:mov|and|andn|or|xor|xnor|not|shift[lr]|ortest|test|add|unpck)[bwdq]\w*|"
                     r"vpternlog[dq]|vperm[it]2\w+|vp?compress\w+|vp?expand\w+|vpmov[dqw][bwd]\b|vpmovus?[dqw][bwd]|"
                     r"vfixupimm\w+|vgetexp\w+|vgetmant\w+|vrndscale\w+|vreduce\w+|vscalef\w+|vrcp14\w+|"
                     r"vrsqrt14\w+|vpconflict\w+|vplzcnt\w+|valign[dq]|vpro[lr]v?[dq]|vpabsq|vp(?:max|min)[su]q|"
                     r"vpmullq|vcvt\w*(?:qq|uqq|udq)2\w+|vcvt\w+2u(?:dq|qq)|vpsraq|vpdpbusds?|vdpbf16ps|vcvtne2ps2bf16)\s")
_AMX = re.compile(r"\s(?:ldtilecfg|sttilecfg|tileloadd\w*|tilestored|tilezero|tilerelease|tdp\w+)\s")


def forbidden(library: Path) -> dict[str, list[str]]:
    """AVX-512 and AMX instructions in a library's disassembly, a few examples of each."""
    text = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(library)], check=True,
                          capture_output=True, text=True).stdout
    found: dict[str, list[str]] = {"AVX-512": [], "AMX": []}
    for line in text.splitlines():
        for name, pattern in (("AVX-512", _AVX512), ("AMX", _AMX)):
            if pattern.search(line + " ") and len(found[name]) < 5:
                found[name].append(line.strip())
    return {k: v for k, v in found.items() if v}


def _compiled(tmp_path: Path, name: str, flags: list[str], body: str) -> Path:
    source = tmp_path / f"{name}.c"
    source.write_text(body)
    obj = tmp_path / f"{name}.o"
    subprocess.run(["gcc", "-O2", "-c", *flags, str(source), "-o", str(obj)], check=True)
    return obj


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc to build the positive controls")
def test_detector_finds_avx512_and_amx_and_passes_avx2(tmp_path):
    avx512 = _compiled(tmp_path, "avx512", ["-mavx512f", "-mavx512vl"], """
        #include <immintrin.h>
        void add(float *a, const float *b, int n) {
            for (int i = 0; i + 16 <= n; i += 16)
                _mm512_storeu_ps(a + i, _mm512_add_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
        }
        __m256i tern(__m256i a, __m256i b, __m256i c) { return _mm256_ternarylogic_epi32(a, b, c, 0x96); }
    """)
    amx = _compiled(tmp_path, "amx", ["-mamx-tile", "-mamx-int8"], """
        #include <immintrin.h>
        void tile(const void *cfg, const void *src) { _tile_loadconfig(cfg); _tile_loadd(0, src, 64); _tile_release(); }
    """)
    avx2 = _compiled(tmp_path, "avx2", ["-mavx2", "-mfma", "-mf16c"], """
        #include <immintrin.h>
        void add(float *a, const float *b, int n) {
            for (int i = 0; i + 8 <= n; i += 8)
                _mm256_storeu_ps(a + i, _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i),
                                                        _mm256_loadu_ps(a + i)));
        }
    """)
    assert "AVX-512" in forbidden(avx512)
    assert "AMX" in forbidden(amx)
    assert forbidden(avx2) == {}


def test_llama_cpp_libraries_hold_no_avx512_or_amx():
    import importlib.util
    spec = importlib.util.find_spec("llama_cpp")
    assert spec is not None and spec.origin, "llama-cpp-python is not installed: run bash environment/setup.sh test"
    libraries = sorted((Path(spec.origin).parent / "lib").glob("*.so"))
    assert any("ggml-cpu" in p.name for p in libraries), libraries
    offending = {p.name: found for p in libraries if (found := forbidden(p))}
    assert offending == {}, f"llama.cpp was built for this machine's CPU, not portably: {offending}"
