#!/usr/bin/env bash
# Runs every example end to end on small data, as CI does (needs `npm run build` first, since
# examples import the packages by name). Real RAVDESS audio comes from SER_DATA_DIR or
# ../shared/data; without it the RAVDESS example is reported as skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data="${SER_DATA_DIR:-$(cd .. && pwd)/shared/data}"

echo "--- example: predict-file (bundled samples, shipped model)"
npm start --silent -w @ser/example-predict-file
echo "--- example: stream-node (a bundled sample)"
npm start --silent -w @ser/example-stream-node
echo "--- example: browser-mic (production build; its Chromium test runs in npm test)"
npm run build --silent -w @ser/example-browser-mic -- --logLevel warn --emptyOutDir --outDir "$work/browser-mic"
echo "--- example: reproduce-seed (a generated TESS-named tree, 1 epoch)"
npm start --silent -w @ser/example-reproduce-seed -- --synthetic-tree "$work/tess" --epochs 1
if [ -d "$data/ravdess-24k" ]; then
  echo "--- example: train-ravdess (8 files per actor, 2 epochs)"
  npm start --silent -w @ser/example-train-ravdess -- --data "$data/ravdess-24k" --per-actor 8 --epochs 2 --out "$work/model" --overwrite --cache "$work/cache"
else
  echo "--- example: train-ravdess skipped: no RAVDESS audio in $data (set SER_DATA_DIR)"
fi
echo "examples: all ran"
