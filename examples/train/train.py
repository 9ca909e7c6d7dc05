#!/usr/bin/python3
"""Train a logistic regression on `invitesim features` rows and write it as an ONNX model for
the `model` policy (docs/features.md, "The model contract").

    invitesim run baseline --events --out out/a
    invitesim features out/a/events/run-0.parquet --labels out/a/events/labels-0.csv --out out/a/features.csv
    /usr/bin/python3 examples/train/train.py out/a/features.csv --out model.onnx
    invitesim run baseline --set 'policy={"name":"model","params":{"file":"model.onnx","threshold":0.5}}'

Needs Debian's python3-sklearn, python3-pandas and python3-onnx (no converter: a linear model
is MatMul, Add and Sigmoid, written with onnx.helper). Reads CSV (plain or .gz), or Parquet when
pandas has pyarrow. The features are standardised before fitting (their units differ by orders
of magnitude: days of account age beside shares) and the scaler is folded into the weights, so
the ONNX model takes the raw features in their documented order.

--evaluate FILE scores another features file (say, another seed's log) and prints its ROC AUC
and the recall at a 1% false-positive rate; --sklearn-model FILE pickles the fitted pipeline
(for checking onnxruntime's output against predict_proba).
"""
import argparse
import json
import pickle
import sys

import numpy as np
import onnx
import pandas as pd
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score, roc_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

# docs/features.md: the model's input columns, in this order (features/schema.ts).
FEATURES = [
    "invites_1d", "invites_7d", "invites_total", "stranger_share", "answered", "accept_rate",
    "ignore_rate", "idk_rate", "accepts", "ignores", "idks", "withdrawals", "inmails",
    "account_age_days", "photo", "degree", "invitee_clustering", "invitee_mutual_mean",
]


def read(path):
    frame = pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path)
    missing = [c for c in FEATURES + ["label"] if c not in frame.columns]
    if missing:
        sys.exit(f"train.py: {path} lacks the columns {', '.join(missing)}; write it with `invitesim features ... --labels <file>`")
    # float32: exactly the numbers the model policy feeds onnxruntime in a run.
    return frame[FEATURES].to_numpy(np.float32), frame["label"].to_numpy(np.int64)


def linear_onnx(weights, bias, path):
    """p = sigmoid(x W + b): input float32 [n, F], output float32 [n, 1] (the model contract)."""
    f = len(weights)
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "W"], ["z0"]),
            helper.make_node("Add", ["z0", "b"], ["z"]),
            helper.make_node("Sigmoid", ["z"], ["probability"]),
        ],
        "invitesim-logistic-regression",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["n", f])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["n", 1])],
        [
            numpy_helper.from_array(np.asarray(weights, np.float32).reshape(f, 1), "W"),
            numpy_helper.from_array(np.asarray([bias], np.float32), "b"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="invitesim examples/train")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, path)


def recall_at_fpr(y, p, fpr_max):
    fpr, tpr, thresholds = roc_curve(y, p)
    ok = fpr <= fpr_max
    i = np.flatnonzero(ok)[-1]
    return float(tpr[i]), float(thresholds[i])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("features", help="rows from `invitesim features --labels` (.csv, .csv.gz, or .parquet with pyarrow)")
    ap.add_argument("--out", required=True, help="the ONNX model to write")
    ap.add_argument("--evaluate", help="another features file to score: prints its AUC and recall at 1%% FPR")
    ap.add_argument("--sklearn-model", help="also pickle the fitted scikit-learn pipeline here")
    ap.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength (LogisticRegression's C)")
    args = ap.parse_args()

    x, y = read(args.features)
    if len(set(y)) < 2:
        sys.exit(f"train.py: {args.features} has only label {y[0]}; training needs both honest and abusive rows")
    pipe = make_pipeline(StandardScaler(), LogisticRegression(C=args.c, max_iter=5000))
    pipe.fit(x, y)
    scaler, lr = pipe[0], pipe[1]
    # Fold the scaler in: w·(x - mu)/sigma + c = (w/sigma)·x + (c - w·mu/sigma).
    weights = lr.coef_[0] / scaler.scale_
    bias = float(lr.intercept_[0] - np.dot(weights, scaler.mean_))
    linear_onnx(weights, bias, args.out)
    if args.sklearn_model:
        with open(args.sklearn_model, "wb") as f:
            pickle.dump(pipe, f)

    report = {"rows": int(len(y)), "positives": int(y.sum()), "trainAuc": float(roc_auc_score(y, pipe.predict_proba(x)[:, 1]))}
    # A threshold picked on the training rows alone, for deploying without peeking at the test log.
    report["trainRecallAt1PctFpr"], report["trainThresholdAt1PctFpr"] = recall_at_fpr(y, pipe.predict_proba(x)[:, 1], 0.01)
    report["weights"] = dict(zip(FEATURES, map(float, weights)))
    report["bias"] = bias
    if args.evaluate:
        xe, ye = read(args.evaluate)
        pe = pipe.predict_proba(xe)[:, 1]
        recall, threshold = recall_at_fpr(ye, pe, 0.01)
        report["evaluate"] = {"rows": int(len(ye)), "positives": int(ye.sum()), "auc": float(roc_auc_score(ye, pe)), "recallAt1PctFpr": recall, "thresholdAt1PctFpr": threshold}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
