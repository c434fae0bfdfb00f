"""Training-side code of the cross-encoder: the ONNX export and the JAX forward pass.

These need the training packages (``bash scripts/setup.sh --train``, which
``scripts/test.sh`` installs); without them they skip with that line.
"""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

from tests.conftest import REPO

MISSING = [m for m in ("jax", "optax", "onnx", "safetensors") if importlib.util.find_spec(m) is None]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"training packages missing ({', '.join(MISSING)}): "
                                                       "bash scripts/setup.sh --train")

sys.path.insert(0, str(REPO / "scripts"))

PAIRS = [
    ("Vladimir [Putin] demanded guarantees that Ukraine will never join NATO.",
     "actor: Russia; issue: NATO membership; up means: Ukraine stays out; down means: Ukraine joins"),
    ("The talks resumed on Monday.", "actor: Ukraine; issue: territory; up means: ceded; down means: kept"),
    ("[Zelenskyy] said Ukraine would never give up its territory.",
     "actor: Ukraine; issue: territory; up means: ceded; down means: kept"),
]


@pytest.fixture(scope="module")
def params():
    import train_cross

    p = train_cross.base_params(seed=3)
    rng = np.random.default_rng(3)  # a head that is not near zero, so the classes differ
    p["head"]["W"] = rng.normal(0, 0.5, (384, 3)).astype(np.float32)
    return p


@pytest.fixture(scope="module")
def inputs():
    from accord.news.learned import cross

    encs = cross.encode(cross.load_tokenizer(), PAIRS)
    return [cross.pad([e], len(e[0])) for e in encs]


def test_the_exported_graph_is_the_training_forward_pass(params, inputs, tmp_path):
    import onnxruntime as ort

    import cross_export
    import train_cross

    out = tmp_path / "int8.onnx"
    cross_export.export(params, out, fp32_path=tmp_path / "fp32.onnx")
    fp32 = ort.InferenceSession(str(tmp_path / "fp32.onnx"), providers=["CPUExecutionProvider"])
    int8 = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    for x in inputs:
        ref = cross_export.reference_forward(params, x["input_ids"], x["token_type_ids"], x["attention_mask"])
        jx = np.asarray(__import__("jax").nn.softmax(train_cross.forward(
            params, x["input_ids"].astype(np.int32), x["token_type_ids"].astype(np.int32),
            x["attention_mask"].astype(np.int32)), -1))
        (a,) = fp32.run(["probs"], x)
        (b,) = int8.run(["probs"], x)
        assert np.allclose(a, ref, atol=1e-4) and np.allclose(jx, ref, atol=1e-4)
        assert np.abs(b - ref).max() < 0.25  # int8 moves probabilities, a little
    # same parameters, same bytes
    again = tmp_path / "again.onnx"
    cross_export.export(params, again)
    assert again.read_bytes() == out.read_bytes()


def test_padding_does_not_change_a_reading(params, inputs):
    import cross_export

    from accord.news.learned import cross

    x = inputs[0]
    n = x["input_ids"].shape[1]
    longer = cross.pad([(list(x["input_ids"][0]), list(x["token_type_ids"][0]))], n + 7)
    a = cross_export.reference_forward(params, x["input_ids"], x["token_type_ids"], x["attention_mask"])
    b = cross_export.reference_forward(params, longer["input_ids"], longer["token_type_ids"], longer["attention_mask"])
    assert np.allclose(a, b, atol=1e-5)


def test_poles_swapped_turn_the_label():
    import train_cross

    assert [train_cross.CLASSES[k] for k in train_cross.TURN] == ["none", "down", "up"]


def test_parameters_round_trip_and_a_bad_file_is_named(params, tmp_path):
    import cross_export

    path = tmp_path / "p.npz"
    cross_export.save_params(params, path)
    back = cross_export.load_params(path)
    assert all(np.array_equal(back["emb"][k], params["emb"][k]) for k in params["emb"])
    assert all(np.array_equal(b[k], a[k]) for a, b in zip(params["layers"], back["layers"]) for k in a)
    assert np.array_equal(back["head"]["W"], params["head"]["W"])
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(cross_export.ParamsError, match="bad.npz"):
        cross_export.load_params(bad)


def test_a_shallower_student_keeps_the_first_layers_and_exports(params, inputs, tmp_path):
    import onnxruntime as ort

    import cross_export
    import train_cross

    small = train_cross.base_params(seed=3, layers=2)
    assert len(small["layers"]) == 2
    assert all(np.array_equal(small["layers"][i][k], params["layers"][i][k]) for i in range(2) for k in small["layers"][i])
    small["head"] = params["head"]
    path = tmp_path / "small.npz"
    cross_export.save_params(small, path)
    back = cross_export.load_params(path)
    assert len(back["layers"]) == 2
    cross_export.export(back, tmp_path / "small.onnx", fp32_path=tmp_path / "small-fp32.onnx")
    fp32 = ort.InferenceSession(str(tmp_path / "small-fp32.onnx"), providers=["CPUExecutionProvider"])
    x = inputs[0]
    ref2 = cross_export.reference_forward(back, x["input_ids"], x["token_type_ids"], x["attention_mask"])
    ref6 = cross_export.reference_forward(params, x["input_ids"], x["token_type_ids"], x["attention_mask"])
    (a,) = fp32.run(["probs"], x)
    assert np.allclose(a, ref2, atol=1e-4) and not np.allclose(ref2, ref6, atol=1e-3)
    # a file with a layer missing in the middle is refused, the field named
    gap = {"emb": small["emb"], "layers": [small["layers"][0], {}, small["layers"][1]], "head": small["head"]}
    with pytest.raises(cross_export.ParamsError, match=r"layers\[1\]"):
        cross_export.check_params(gap)


def test_a_final_refit_takes_train_and_dev_and_the_chosen_cuts(tmp_path):
    """``--final DIR``: fine-tuned on train and dev together (real fine-tuning, one layer, a
    tiny corpus of real press releases), with the cuts of the dev-chosen run in DIR; the
    folder it writes is one the decider loads."""
    import json

    import train_cross
    from accord.news.learned.decider import CrossDecider
    from tests.news.test_learned import _press_corpus

    folder = _press_corpus(tmp_path, 4, 2)
    common = ["--corpus", str(folder), "--layers", "1", "--epochs", "1", "--work", str(tmp_path / "work")]
    chosen, final = tmp_path / "chosen", tmp_path / "final"
    assert train_cross.main(common + ["--out", str(chosen)]) == 0
    head = json.loads((chosen / "head.json").read_text(encoding="utf-8"))
    head["screen"], head["threshold"] = 0.35, 0.55  # the refit must carry these over, not pick its own
    (chosen / "head.json").write_text(json.dumps(head), encoding="utf-8")
    assert train_cross.main(common + ["--final", str(chosen), "--out", str(final)]) == 0
    meta = json.loads((final / "head.json").read_text(encoding="utf-8"))
    assert meta["trained_on"]["splits"] == ["train", "dev"]
    assert meta["trained_on"]["docs"] == head["trained_on"]["docs"] + head["dev"]["docs"]
    assert (meta["screen"], meta["threshold"]) == (0.35, 0.55)
    assert meta["final_from"]["model_sha256"] == head["model_sha256"] != meta["model_sha256"]
    dec = CrossDecider(final)
    assert (dec.screen, dec.head.threshold) == (0.35, 0.55)
    assert dec.head.saw_dev and not CrossDecider(chosen).head.saw_dev
    assert "train and dev splits" in (final / "DATA_CARD.md").read_text(encoding="utf-8")
