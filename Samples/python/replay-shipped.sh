#!/usr/bin/env bash
# Replays model traces of every shipped model (Samples/models/*.safetensors) with the numpy
# reference, npi_reference.py: the traces come from the shell's `trace save`, run by npi on fixed
# problems (short and long additions, a forced step and a partial trace on the under-trained
# model, rows to sort, towers of Hanoi), and every step must match. Then the same for a model of
# two tasks (format version 2), which no shipped file is: a tiny one is trained here in a few
# seconds.
# One summary line per model; exit status 1 if any replay fails.
#
#   Samples/python/replay-shipped.sh [NPI]     NPI: the npi executable (default: the checkout's
#                                              .build/release/npi)
#
# It builds nothing. numpy and safetensors are installed from PyPI into a virtual environment in a
# temporary folder, removed at the end with the traces and the trained model.
set -euo pipefail
npi=${1:-}
[[ -z $npi || $npi == /* ]] || npi="$PWD/$npi"
cd "$(dirname "$0")/../.."
npi=${npi:-$PWD/.build/release/npi}
[[ -x $npi ]] || { echo "replay-shipped.sh: $npi is not an executable (build npi first: swift build -c release)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/npi-replay.XXXXXX")
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check numpy safetensors
python="$work/venv/bin/python"

# One shell script per model: each problem is set up, run (or stepped) and saved as one trace.
# The random problems are fixed by the seed, so every run replays the same executions.
"$python" - "$work" <<'EOF'
import os, random, sys
work = sys.argv[1]
rng = random.Random(14)

def number(digits):
    return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(digits - 1))

def additions(sizes):
    return [f"env {number(a)} {number(b)}\nrun" for a, b in sizes]

def rows(lengths):
    return ["env " + " ".join(str(rng.randint(0, 9)) for _ in range(n)) + "\nrun" for n in lengths]

def forced(problem, count):
    """The teacher's first `count` decisions (the shell's `force`), then the model's own."""
    return f"env {problem}\n" + "force\n" * count + "step 40"

problems = {
    # 128 + 256, operands of different lengths, long carries, and 500- and 1,000-digit sums.
    "addition": ["env 128 256\nrun", "env 99999999 1\nrun", "env 0 0\nrun"]
    + additions([(1, 1), (3, 2), (4, 7), (8, 8), (12, 5), (500, 500), (1000, 1000)]),
    # Wrong answers replay exactly too (the reference replays the model, not the teacher):
    # 128 + 256 -> 383 as in the README, the same with the teacher's digit forced where it
    # diverges, 999999 + 999999 -> 88888, a trace saved mid-run and one stopped by the step limit.
    "addition-undertrained": ["env 128 256\nrun", "env 128 256\ndiff\nforce\nrun", "env 4567 890\nstep 7",
                              "env 30517 48290\nrun", "env 999999 999999\nrun", "env 123456789 987654321\nrun",
                              "set max-steps 12\nenv 123456789 987654321\nrun\nexpect error\nset max-steps auto"]
    + additions([(1, 1), (2, 2), (3, 1), (3, 3), (4, 2)]),
    "addition-recursive": ["env 128 256\nrun", "env 999 1\nrun"] + additions([(2, 5), (6, 6), (100, 100)]),
    "sort": ["env 5 3 9 1 0\nrun", "env 7\nrun"] + rows([2, 3, 8, 13, 20, 30]),
    "sort-recursive": ["env 5 3 9 1 0\nrun", "env 9 8 7 6 5 4 3 2 1 0\nrun"] + rows([2, 4, 12, 20]),
    # Both tasks' traces in one file, each replayed in its own environment. The model is barely
    # trained: left to itself it returns within a few steps, so most traces start with the
    # teacher's decisions (calls up to three deep, nearly every program) and go on with the
    # model's; `step 40` ends them whatever the model does, and α 0.6 (above its first return
    # probabilities, about 0.5) lets its own calls run a little longer.
    # The shipped models of several tasks: each task's runs from one file, each replayed in its
    # own environment (max's sort environment has RJMP and MAX beside sort's programs).
    "multitask": ["env 128 256\nrun", "env 99999999 1\nrun"] + additions([(3, 2), (12, 12), (100, 100)])
    + ["task sort\nenv 5 3 9 1 0\nrun"] + rows([2, 7, 20]),
    "multitask-max": ["env 907 68\nrun"] + additions([(8, 8)]) + ["task sort\nenv 5 3 9 1 0\nrun"] + rows([3, 12]),
    "multitask-recursive": ["env 128 256\nrun"] + additions([(7, 7), (40, 40)]) + ["task sort-recursive\nenv 5 3 9 1 0\nrun"]
    + rows([4, 15]),
    "multitask-tiny": ["set alpha 0.6\n" + forced("12 34", 10), forced("907 68", 25), forced("4 7", 3),
                  "env 5 38\nstep 40", "task sort\n" + forced("5 3 9 1 0", 40), forced("2 1", 6),
                  "env 7 0 4\nstep 40", "env 6 2 8 3\nstep 1"],
    # Listed last, so that the random problems above stay those they were before these models.
    # Cai et al.'s row (appendix A.5), one element, a sorted row (the deepest recursion: each
    # range's pivot is its largest value) and random rows.
    "quicksort": ["env 8 2 1 2 0 8 5 8 3 7\nrun", "env 7\nrun", "env 0 1 2 3 4 5 6 7 8 9\nrun"]
    + rows([3, 10, 30]),
    "quicksort-recursive": ["env 8 2 1 2 0 8 5 8 3 7\nrun", "env 7\nrun", "env 0 1 2 3 4 5 6 7 8 9\nrun"]
    + rows([3, 10, 30]),
    # The root call's pegs come from the problem: HANOI(FROM, TO, the third peg).
    "hanoi": ["env 1 2 0\nrun", "env 3 0 2\nrun", "env 5 2 1\nrun", "env 8 1 0\nrun"],
}
for model, steps in problems.items():
    os.mkdir(f"{work}/{model}")
    with open(f"{work}/{model}.npis", "w") as script:
        model_file = f"{work}/multitask-tiny.safetensors" if model == "multitask-tiny" else f"Samples/models/{model}.safetensors"
        script.write(f"load {model_file}\n")
        for index, commands in enumerate(steps):
            script.write(f"{commands}\ntrace save {work}/{model}/{index:02}.jsonl\n")
EOF

# replay MODEL MODEL_FILE [--alpha A]: has npi write MODEL's traces, replays them, prints one line.
replay() {
    local model=$1 model_file=$2 result start
    shift 2
    if ! "$npi" "$work/$model.npis" >"$work/$model.log" 2>&1; then
        echo "$model.safetensors: npi could not write its traces:" >&2
        tail -n 5 "$work/$model.log" >&2
        return 1
    fi
    cat "$work/$model"/*.jsonl >"$work/$model.jsonl"
    start=$(date +%s.%N)
    if result=$("$python" Samples/python/npi_reference.py "$model_file" "$work/$model.jsonl" "$@" 2>&1); then
        echo "$model.safetensors: ${result##*$'\n'} ($(date +%s.%N | awk -v s="$start" '{printf "%.1f", $1 - s}') s)"
    else
        echo "$model.safetensors: replay failed"
        echo "$result"
        return 1
    fi
}

status=0
for model_file in Samples/models/*.safetensors; do
    model=$(basename "$model_file" .safetensors)
    if [[ ! -f $work/$model.npis ]]; then
        echo "$model.safetensors: no problems listed for it in replay-shipped.sh" >&2
        status=1
        continue
    fi
    replay "$model" "$model_file" || status=1
done

# The model of two tasks: one epoch on a few problems of a network 1/8 the shipped width. It
# barely decides better than chance, which is no matter: the reference replays the model's own
# decisions and probabilities, and an untrained model's probabilities sit far from 0 and 1, where
# a wrong weight or memory row shows at once.
if "$npi" train --task addition,sort --core-size 32 --encoder-size 16 --count 10 --max-length 1,2 --epochs 1 \
    --held-out 4 --length-check-size 0 --checks-per-epoch 0 -o "$work/multitask-tiny.safetensors" >"$work/train.log" 2>&1; then
    replay multitask-tiny "$work/multitask-tiny.safetensors" --alpha 0.6 || status=1
else
    echo "multitask-tiny.safetensors: npi train failed:" >&2
    tail -n 5 "$work/train.log" >&2
    status=1
fi
exit $status
