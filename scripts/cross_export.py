"""Export the fine-tuned MiniLM cross-encoder (the sentence stance head) to int8 ONNX.

    python scripts/cross_export.py PARAMS.npz OUT.onnx [--ops MatMul,Gather]

Training-time only (imports ``onnx`` and ``onnxruntime.quantization``; the package at run
time needs only onnxruntime). ``PARAMS.npz`` is what ``scripts/train_cross.py`` caches
(:func:`save_params`: ``{"emb": {...}, "layers": [k x {...}], "head": {"W", "b"}}``, k = 1..6,
float32, linear weights stored (out, in) as in HF BERT). ``OUT.onnx`` is written atomically.

The model
---------
all-MiniLM-L6-v2 (Wang et al. 2020, MiniLM; a 6-layer BERT, Devlin et al. 2019) used as a
cross-encoder over the pair (sentence, "actor: ...; issue: ...; up means: ...; down
means: ..."), then mean pooling (Reimers & Gurevych 2019) and a linear head to
(none, up, down). With d = 384, h = 12 heads of d_h = 32, d_ff = 1536, T <= 128:

    x_0   = LN(E_word[ids] + E_pos[0..T-1] + E_type[tt])               LN eps = 1e-12
    for l = 1..k (k = 6, or fewer for a shallower student; Vaswani et al. 2017, post-LN as in BERT):
        Q, K, V = x W_q^T + b_q, x W_k^T + b_k, x W_v^T + b_v          split into h heads
        A     = softmax(Q K^T / sqrt(d_h) + (1 - mask) * (-1e9))       per head, over keys
        x     = LN(x + concat_heads(A V) W_o^T + b_o)
        x     = LN(x + GELU(x W_i^T + b_i) W_2^T + b_2)
                GELU(z) = z * (1 + erf(z / sqrt 2)) / 2                 (exact, not tanh)
    p     = sum_t mask_t x_t / sum_t mask_t                             mean pooling
    probs = softmax(p W_head + b_head)                                  (none, up, down)

No dropout at inference. The graph is built node by node with ``onnx.helper`` (opset 17,
``LayerNormalization`` op; GELU spelled with ``Erf`` so onnxruntime fuses it).

Inputs: ``input_ids``, ``token_type_ids``, ``attention_mask``, int64 [B, T] (B, T dynamic,
T <= 128: longer inputs would get a short position slice and fail to broadcast). Output: ``probs`` float32
[B, 3]. Padding rows/positions must have mask 0; every row needs at least one mask 1.

Quantization (Jacob et al. 2018)
--------------------------------
Dynamic int8 quantization (onnxruntime ``quantize_dynamic``): each weight matrix W is
stored as int8 q_j = round(W_:j / s_j), one scale per output column j (``per_channel``),
s_j = max_i |W_ij| / 127 (symmetric, zero point 0); at run time each activation tensor x
gets an asymmetric uint8 scale and zero point from its own min/max, the product is
accumulated in int32 (MatMulInteger) and rescaled by s_x * s_j. Only MatMuls with a
constant weight are quantized (``MatMulConstBOnly``); the attention products Q K^T and
A V stay float32. ``QUANT_OPS`` also quantizes the embedding Gathers (the word table is
30522 x 384, half of the fp32 file): the table is stored uint8 with one scale and zero
point (per tensor) and the gathered rows are dequantized. Measured on the 5630 dev
candidates against float32: per-tensor weight scales moved probabilities by up to 0.40
(argmax agreement 0.95 on 800); per channel, 0.17 (argmax 0.980); quantizing the Gather
too measured no worse (argmax 0.9799 vs 0.9801, stance decision 0.9798 vs 0.9778) and
shrinks the file from 58.0 to 22.8 MB.

Same params -> same bytes (no timestamps, fixed node names; quantize_dynamic is itself
deterministic). Note: the activation scales are taken over the whole [B, T, d] tensor, so
an int8 candidate's probabilities depend (slightly) on the other rows and the padding of
its batch; outputs are reproducible only if the batching is a function of the input.

``tests/news/test_cross_train.py`` checks the export against ``reference_forward`` (the
same maths in numpy) and the JAX training forward pass; the agreement figures above are
in docs/decisions.md, entry 227.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

OPSET = 17
D, HEADS, D_HEAD, D_FF, N_LAYERS, MAX_POS, N_CLASSES = 384, 12, 32, 1536, 6, 128, 3
LN_EPS = 1e-12
MASK_NEG = -1e9
QUANT_OPS = ("MatMul", "Gather")
INPUTS = ("input_ids", "token_type_ids", "attention_mask")
OUTPUT = "probs"

EMB_KEYS = ("word_embeddings.weight", "position_embeddings.weight", "token_type_embeddings.weight",
            "LayerNorm.weight", "LayerNorm.bias")
LINEARS = (("attention.self.query", D, D), ("attention.self.key", D, D), ("attention.self.value", D, D),
           ("attention.output.dense", D, D), ("intermediate.dense", D_FF, D), ("output.dense", D, D_FF))
LAYER_NORMS = ("attention.output.LayerNorm", "output.LayerNorm")


class ParamsError(ValueError):
    """A parameter file that is not the fine-tuned cross-encoder (names the field)."""


def _arr(x, field: str, shape: tuple[int | None, ...]) -> np.ndarray:
    try:
        a = np.ascontiguousarray(np.asarray(x, dtype=np.float32))
    except (TypeError, ValueError) as e:
        raise ParamsError(f"field {field}: not a float array ({e})") from None
    if a.ndim != len(shape) or any(s is not None and s != n for s, n in zip(shape, a.shape)):
        raise ParamsError(f"field {field}: shape {a.shape}, expected {shape}")
    if not np.isfinite(a).all():
        raise ParamsError(f"field {field}: not finite")
    return a


def check_params(params) -> dict:
    """The parameters as float32 arrays with the expected shapes, or :class:`ParamsError`."""
    def get(d, k, where):
        if not isinstance(d, dict) or k not in d:
            raise ParamsError(f"field {where}{k}: missing")
        return d[k]

    out: dict = {"emb": {}, "layers": [], "head": {}}
    emb = get(params, "emb", "")
    shapes = {"word_embeddings.weight": (None, D), "position_embeddings.weight": (None, D),
              "token_type_embeddings.weight": (None, D), "LayerNorm.weight": (D,), "LayerNorm.bias": (D,)}
    for k in EMB_KEYS:
        out["emb"][k] = _arr(get(emb, k, "emb."), f"emb.{k}", shapes[k])
    if out["emb"]["position_embeddings.weight"].shape[0] < MAX_POS:
        raise ParamsError(f"field emb.position_embeddings.weight: fewer than {MAX_POS} positions")
    layers = get(params, "layers", "")
    if not isinstance(layers, (list, tuple)) or not 1 <= len(layers) <= N_LAYERS:
        raise ParamsError(f"field layers: expected a list of 1 to {N_LAYERS} layers")
    for i, L in enumerate(layers):
        o = {}
        for name, n_out, n_in in LINEARS:
            o[name + ".weight"] = _arr(get(L, name + ".weight", f"layers[{i}]."), f"layers[{i}].{name}.weight",
                                       (n_out, n_in))
            o[name + ".bias"] = _arr(get(L, name + ".bias", f"layers[{i}]."), f"layers[{i}].{name}.bias", (n_out,))
        for name in LAYER_NORMS:
            for s in ("weight", "bias"):
                o[f"{name}.{s}"] = _arr(get(L, f"{name}.{s}", f"layers[{i}]."), f"layers[{i}].{name}.{s}", (D,))
        out["layers"].append(o)
    head = get(params, "head", "")
    out["head"]["W"] = _arr(get(head, "W", "head."), "head.W", (D, N_CLASSES))
    out["head"]["b"] = _arr(get(head, "b", "head."), "head.b", (N_CLASSES,))
    return out


def save_params(params: dict, path: str | Path) -> None:
    """``params`` as one ``.npz`` (``emb/NAME``, ``layerI/NAME``, ``head/NAME``), atomically."""
    flat = {f"emb/{k}": v for k, v in params["emb"].items()}
    flat.update({f"layer{i}/{k}": v for i, L in enumerate(params["layers"]) for k, v in L.items()})
    flat.update({f"head/{k}": v for k, v in params["head"].items()})
    path = Path(path)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, **flat)
    os.replace(tmp, path)


def load_params(path: str | Path) -> dict:
    """What :func:`save_params` wrote, checked; :class:`ParamsError` names the file."""
    try:
        with np.load(path, allow_pickle=False) as z:
            raw: dict = {"emb": {}, "layers": [], "head": {}}
            by_layer: dict[int, dict] = {}
            for name in z.files:
                part, k = name.split("/", 1)
                if part in ("emb", "head"):
                    raw[part][k] = z[name]
                else:
                    by_layer.setdefault(int(part.removeprefix("layer")), {})[k] = z[name]
            raw["layers"] = [by_layer.get(i, {}) for i in range(max(by_layer) + 1 if by_layer else 0)]
    except Exception as e:  # np.load raises OSError, ValueError, EOFError, BadZipFile, ...
        raise ParamsError(f"{path}: cannot read as a .npz parameter file ({type(e).__name__})") from None
    try:
        return check_params(raw)
    except ParamsError as e:
        raise ParamsError(f"{path}: {e}") from None


# ---------------------------------------------------------------------------- graph


class _Graph:
    """Nodes and initializers with deterministic names."""

    def __init__(self):
        self.nodes: list = []
        self.inits: list = []
        self.n = 0

    def const(self, name: str, a: np.ndarray) -> str:
        from onnx import numpy_helper

        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(a), name))
        return name

    def op(self, op_type: str, inputs: list[str], out: str | None = None, **attrs) -> str:
        from onnx import helper

        self.n += 1
        out = out or f"{op_type.lower()}_{self.n}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=f"{op_type}_{self.n}", **attrs))
        return out


def to_onnx(params: dict):
    """The float32 forward pass (module docstring) as an ``onnx.ModelProto``, opset 17."""
    from onnx import TensorProto, checker, helper

    p = check_params(params)
    g = _Graph()
    f32 = np.float32
    i64 = lambda *v: np.array(v, np.int64)  # noqa: E731
    one, half = g.const("c_one", np.array(1.0, f32)), g.const("c_half", np.array(0.5, f32))
    sqrt2 = g.const("c_sqrt2", np.array(math.sqrt(2.0), f32))
    sqrt_dh = g.const("c_sqrt_dh", np.array(math.sqrt(D_HEAD), f32))
    neg = g.const("c_mask_neg", np.array(MASK_NEG, f32))
    split_heads = g.const("c_split_heads", i64(0, 0, HEADS, D_HEAD))
    merge_heads = g.const("c_merge_heads", i64(0, 0, D))

    # embeddings: word[ids] + position[0..T-1] + token_type[tt], LayerNorm
    e = p["emb"]
    word = g.op("Gather", [g.const("emb.word", e["word_embeddings.weight"]), "input_ids"])
    seq_len = g.op("Shape", ["input_ids"], start=1, end=2)               # [T], 1-D
    zero = g.const("c_zero_1d", i64(0))
    pos = g.op("Slice", [g.const("emb.position", e["position_embeddings.weight"][:MAX_POS]), zero, seq_len, zero])
    typ = g.op("Gather", [g.const("emb.token_type", e["token_type_embeddings.weight"]), "token_type_ids"])
    x = g.op("Add", [g.op("Add", [word, pos]), typ])
    ln_g, ln_b = g.const("emb.ln.g", e["LayerNorm.weight"]), g.const("emb.ln.b", e["LayerNorm.bias"])
    x = g.op("LayerNormalization", [x, ln_g, ln_b], axis=-1, epsilon=LN_EPS)

    # (1 - mask) * -1e9 as [B, 1, 1, T]; mask as [B, T, 1] for pooling
    m = g.op("Cast", ["attention_mask"], to=TensorProto.FLOAT)
    bias = g.op("Unsqueeze", [g.op("Mul", [g.op("Sub", [one, m]), neg]), g.const("c_axes12", i64(1, 2))])
    m3 = g.op("Unsqueeze", [m, g.const("c_axes2", i64(2))])

    def linear(h: str, L: dict, name: str, li: int) -> str:
        w = g.const(f"l{li}.{name}.wT", L[name + ".weight"].T.copy())   # (in, out): y = h @ W^T + b
        return g.op("Add", [g.op("MatMul", [h, w]), g.const(f"l{li}.{name}.b", L[name + ".bias"])])

    def layer_norm(h: str, L: dict, name: str, li: int) -> str:
        return g.op("LayerNormalization", [h, g.const(f"l{li}.{name}.g", L[name + ".weight"]),
                                           g.const(f"l{li}.{name}.b", L[name + ".bias"])], axis=-1, epsilon=LN_EPS)

    for li, L in enumerate(p["layers"]):
        def heads(name: str, perm: list[int]) -> str:
            return g.op("Transpose", [g.op("Reshape", [linear(x, L, name, li), split_heads])], perm=perm)

        q = heads("attention.self.query", [0, 2, 1, 3])            # [B, h, T, d_h]
        kt = heads("attention.self.key", [0, 2, 3, 1])             # [B, h, d_h, T]
        v = heads("attention.self.value", [0, 2, 1, 3])
        s = g.op("Add", [g.op("Div", [g.op("MatMul", [q, kt]), sqrt_dh]), bias])
        a = g.op("Softmax", [s], axis=-1)
        ctx = g.op("Reshape", [g.op("Transpose", [g.op("MatMul", [a, v])], perm=[0, 2, 1, 3]), merge_heads])
        att = linear(ctx, L, "attention.output.dense", li)
        x = layer_norm(g.op("Add", [x, att]), L, "attention.output.LayerNorm", li)
        z = linear(x, L, "intermediate.dense", li)
        gelu = g.op("Mul", [g.op("Mul", [z, g.op("Add", [g.op("Erf", [g.op("Div", [z, sqrt2])]), one])]), half])
        x = layer_norm(g.op("Add", [x, linear(gelu, L, "output.dense", li)]), L, "output.LayerNorm", li)

    axes1 = g.const("c_axes1", i64(1))
    pooled = g.op("Div", [g.op("ReduceSum", [g.op("Mul", [x, m3]), axes1], keepdims=0),
                          g.op("ReduceSum", [m3, axes1], keepdims=0)])
    head_w, head_b = g.const("head.W", p["head"]["W"]), g.const("head.b", p["head"]["b"])
    logits = g.op("Add", [g.op("MatMul", [pooled, head_w]), head_b])
    g.op("Softmax", [logits], out=OUTPUT, axis=-1)

    inputs = [helper.make_tensor_value_info(n, TensorProto.INT64, ["batch", "seq"]) for n in INPUTS]
    outputs = [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch", N_CLASSES])]
    graph = helper.make_graph(g.nodes, "minilm_cross_encoder", inputs, outputs, initializer=g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="accord-cross-export", producer_version="1")
    model.ir_version = 8   # opset 17's IR; older onnxruntime builds accept it
    checker.check_model(model)
    return model


# ---------------------------------------------------------------------------- quantize / export


def quantize(fp32_path: str | Path, int8_path: str | Path, ops: tuple[str, ...] = QUANT_OPS) -> None:
    """Dynamic int8 quantization of ``fp32_path`` into ``int8_path`` (MatMul weights int8 per column)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(fp32_path), str(int8_path), op_types_to_quantize=list(ops), per_channel=True,
                     reduce_range=False, weight_type=QuantType.QInt8, extra_options={"MatMulConstBOnly": True})


def export(params: dict, path: str | Path, ops: tuple[str, ...] = QUANT_OPS,
           fp32_path: str | Path | None = None) -> None:
    """Write the int8 model to ``path`` atomically (temporary file in the same folder, then rename).

    With ``fp32_path``, the float32 model is also kept there (for checks)."""
    import onnx

    path = Path(path)
    model = to_onnx(params)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".cross-export-") as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        onnx.save_model(model, str(fp32))
        int8 = Path(tmp) / "int8.onnx"
        quantize(fp32, int8, ops)
        if fp32_path is not None:
            os.replace(fp32, fp32_path)
        os.replace(int8, path)


# ---------------------------------------------------------------------------- reference + check


def reference_forward(params: dict, ids: np.ndarray, tt: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The same forward pass in float32 numpy (the JAX training code's maths), as probs [B, 3]."""
    from scipy.special import erf

    def ln(h, gm, b):
        mu = h.mean(-1, keepdims=True)
        var = ((h - mu) ** 2).mean(-1, keepdims=True)
        return (h - mu) / np.sqrt(var + np.float32(LN_EPS)) * gm + b

    def lin(h, L, name):
        return h @ L[name + ".weight"].T + L[name + ".bias"]

    def softmax(s):
        s = s - s.max(-1, keepdims=True)
        es = np.exp(s)
        return es / es.sum(-1, keepdims=True)

    B, T = ids.shape
    e = params["emb"]
    x = (e["word_embeddings.weight"][ids] + e["position_embeddings.weight"][:T][None]
         + e["token_type_embeddings.weight"][tt])
    x = ln(x, e["LayerNorm.weight"], e["LayerNorm.bias"])
    bias = (np.float32(1.0) - mask[:, None, None, :].astype(np.float32)) * np.float32(MASK_NEG)
    for L in params["layers"]:
        def split(name):
            # contiguous: numpy's stacked matmul is very slow on strided operands
            return np.ascontiguousarray(lin(x, L, name).reshape(B, T, HEADS, D_HEAD).transpose(0, 2, 1, 3))
        q, k, v = split("attention.self.query"), split("attention.self.key"), split("attention.self.value")
        a = softmax(q @ np.ascontiguousarray(k.transpose(0, 1, 3, 2)) / np.float32(math.sqrt(D_HEAD)) + bias)
        h = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, D)
        x = ln(x + lin(h, L, "attention.output.dense"), L["attention.output.LayerNorm.weight"],
               L["attention.output.LayerNorm.bias"])
        z = lin(x, L, "intermediate.dense")
        h = (z * (np.float32(1.0) + erf(z / np.float32(math.sqrt(2.0))).astype(np.float32)) * np.float32(0.5))
        x = ln(x + lin(h, L, "output.dense"), L["output.LayerNorm.weight"], L["output.LayerNorm.bias"])
    m = mask[..., None].astype(np.float32)
    pooled = (x * m).sum(1) / m.sum(1)
    return softmax(pooled @ params["head"]["W"] + params["head"]["b"]).astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("params")
    ap.add_argument("out")
    ap.add_argument("--ops", default=",".join(QUANT_OPS), help="op types to quantize (default %(default)s)")
    a = ap.parse_args(argv)
    out = Path(a.out)
    try:
        params = load_params(a.params)
        if not out.parent.is_dir():
            raise ParamsError(f"{out}: folder does not exist")
        ops = tuple(o for o in a.ops.split(",") if o)
        export(params, out, ops)
    except ParamsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB, int8 {'+'.join(ops)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
