#!/usr/bin/env bash
# Rebuilds scenarios/learned-vs-adaptive.onnx the way the scenario says it was made: the
# offline-gap world at seed A under `none`, its log's member-day features, a logistic
# regression on them. Run from the repository root after `npm run build`; prints the training
# figures (AUC, and the threshold giving 1% false positives on the training rows, which the
# scenario deploys).
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
node dist/cli/main.js run offline-gap --seed A --events --out "$work/a" -q
node dist/cli/main.js features "$work/a/events/run-0.parquet" --labels "$work/a/events/labels-0.csv" --out "$work/a/features.csv"
/usr/bin/python3 examples/train/train.py "$work/a/features.csv" --out scenarios/learned-vs-adaptive.onnx
