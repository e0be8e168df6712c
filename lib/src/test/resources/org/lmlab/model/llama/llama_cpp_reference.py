"""llama.cpp (through llama-cpp-python) on a GGUF file: the outside reference for lmlab's decoder.

    python llama_cpp_reference.py TASKS.json OUT_DIR
    python llama_cpp_reference.py --convert f32|bf16|f16 SOURCE.gguf TARGET.gguf

The second form writes a copy of a GGUF with llama.cpp's own quantiser (its dequantisation of
every tensor, then rounding to BF16/F16 for those types; 1-D tensors stay F32). On an F32 copy
llama.cpp computes without 8-bit activations; on BF16/F16 it rounds activations to that type
for each matrix product.

TASKS.json: {"gguf": path, "threads": n, "kv": "f16" (llama.cpp's default cache type) or "f32",
             "logits": [[ids...], ...],                       -> OUT_DIR/logits-K.f32 (rows x vocab, little-endian)
             "perplexity": [{"ids": [...], "window": w, "stride": s}, ...],
             "greedy": {"prompts": [[ids...], ...], "new_tokens": n, "stop": [ids...]},
             "rope": {"rope_scaling_type": "none"|"linear"|"yarn", "rope_freq_base": b, "rope_freq_scale": s,
                      "yarn_orig_ctx": n, "yarn_ext_factor": e, "yarn_attn_factor": a,
                      "yarn_beta_fast": bf, "yarn_beta_slow": bs}}   (any subset; absent: llama.cpp's defaults)
Prints JSON: {"vocab": v, "perplexity": [{"nll", "count", "ppl"}...], "greedy": [[ids...]...], "rope": {...}}.

"rope" holds llama-cpp-python's Llama(...) arguments of the same names (llama.cpp's context parameters);
the printed "rope" echoes what was passed, with the scaling type as llama.cpp's enum value.

Perplexity follows the fixed-length protocol lmlab's Scorer implements (Hugging Face's
"perplexity of fixed-length models"): windows of `window` tokens starting every `stride` tokens,
each scoring only the tokens no earlier window scored. Greedy decoding takes the argmax of
llama.cpp's logits at each step (what llama.cpp's greedy sampler does) and stops after a stop id.
"""
import ctypes
import json
import sys
from pathlib import Path

import llama_cpp
import numpy as np
from llama_cpp import Llama

FTYPES = {"f32": llama_cpp.LLAMA_FTYPE_ALL_F32, "bf16": llama_cpp.LLAMA_FTYPE_MOSTLY_BF16,
          "f16": llama_cpp.LLAMA_FTYPE_MOSTLY_F16}
if sys.argv[1] == "--convert":
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = FTYPES[sys.argv[2]]
    params.allow_requantize = True
    params.nthread = 2
    if llama_cpp.llama_model_quantize(sys.argv[3].encode(), sys.argv[4].encode(), ctypes.byref(params)) != 0:
        sys.exit(f"llama.cpp could not write a {sys.argv[2]} copy of {sys.argv[3]}")
    sys.exit(0)

GGML_TYPE = {"f32": 0, "f16": 1}
ROPE_SCALING_TYPE = {"none": llama_cpp.LLAMA_ROPE_SCALING_TYPE_NONE, "linear": llama_cpp.LLAMA_ROPE_SCALING_TYPE_LINEAR,
                     "yarn": llama_cpp.LLAMA_ROPE_SCALING_TYPE_YARN}
ROPE_KEYS = {"rope_scaling_type", "rope_freq_base", "rope_freq_scale", "yarn_orig_ctx", "yarn_ext_factor",
             "yarn_attn_factor", "yarn_beta_fast", "yarn_beta_slow"}
tasks = json.loads(Path(sys.argv[1]).read_text())
rope = dict(tasks.get("rope", {}))
if set(rope) - ROPE_KEYS:
    sys.exit(f"unknown rope settings {sorted(set(rope) - ROPE_KEYS)}; known: {sorted(ROPE_KEYS)}")
if "rope_scaling_type" in rope:
    rope["rope_scaling_type"] = ROPE_SCALING_TYPE[rope["rope_scaling_type"]]
out = Path(sys.argv[2])
longest = max([len(ids) for ids in tasks.get("logits", [])]
              + [p["window"] for p in tasks.get("perplexity", [])]
              + [len(p) + tasks["greedy"]["new_tokens"] for p in tasks.get("greedy", {}).get("prompts", [])] + [16])
llm = Llama(model_path=tasks["gguf"], n_ctx=longest, n_batch=512, n_ubatch=512, logits_all=True,
            n_threads=tasks.get("threads", 2), seed=0, verbose=False,
            type_k=GGML_TYPE[tasks.get("kv", "f16")], type_v=GGML_TYPE[tasks.get("kv", "f16")], **rope)


def logits(ids):
    llm.reset()
    llm.eval(ids)
    return np.asarray(llm.scores[:len(ids)], dtype=np.float32)


def log_softmax(z):
    z = z.astype(np.float64)
    z = z - z.max(-1, keepdims=True)
    return z - np.log(np.exp(z).sum(-1, keepdims=True))


result = {"vocab": llm.n_vocab(), "perplexity": [], "greedy": [], "rope": rope}
for k, ids in enumerate(tasks.get("logits", [])):
    logits(ids).astype("<f4").tofile(out / f"logits-{k}.f32")
for p in tasks.get("perplexity", []):
    ids, window, stride = p["ids"], p["window"], p["stride"]
    nll, count, prev_end = 0.0, 0, 0
    for begin in range(0, len(ids), stride):
        end = min(begin + window, len(ids))
        fresh = end - prev_end
        lp = log_softmax(logits(ids[begin:end])[:-1])
        targets = np.array(ids[begin + 1:end])
        token_lp = lp[np.arange(len(targets)), targets][-min(fresh, len(targets)):]
        nll -= float(token_lp.sum())
        count += len(token_lp)
        prev_end = end
        if end == len(ids):
            break
    result["perplexity"].append({"nll": nll, "count": count, "ppl": float(np.exp(nll / count))})
greedy = tasks.get("greedy")
for prompt in (greedy["prompts"] if greedy else []):
    llm.reset()
    llm.eval(prompt)
    generated = []
    for _ in range(greedy["new_tokens"]):
        token = int(np.argmax(llm.scores[llm.n_tokens - 1]))
        generated.append(token)
        if token in greedy["stop"]:
            break
        llm.eval([token])
    result["greedy"].append(generated)
print(json.dumps(result))
