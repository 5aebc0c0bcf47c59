#!/usr/bin/env bash
# npi's fuzz campaign: builds the libFuzzer targets under AddressSanitizer and runs one, or all
# briefly (CI).
#
#   Tests/Fuzz/run.sh TARGET [RUNS | SECONDSs]   fuzz TARGET for RUNS inputs or SECONDS (default 60s)
#   Tests/Fuzz/run.sh smoke [SECONDS]            each target for SECONDS (20) from its seeds: CI
#   Tests/Fuzz/run.sh build                      build only
#
# TARGET is one of
#   safetensors  safetensors bytes -> SafeTensorsFile.decode, re-encoding; ModelFile.load(bytes:...)
#   shell        a script, typed and piped -> Tokenizer, each task's parseProblem, Shell commands
#   trace        JSON Lines -> TraceRecord.decodeLines, traceSteps, training calls, a tiny model's loss
# e.g. `Tests/Fuzz/run.sh shell 1000000` or `Tests/Fuzz/run.sh trace 600s`.
#
# Work files go to Tests/Fuzz/.work/TARGET/ (not committed): corpus/ (kept, grows run to run),
# seeds/ (written by the target: small models, scripts, traces; Samples/*.npis for the shell),
# artifacts/ (the input of a crash, leak or timeout), last.log. A finding ends the run with a
# non-zero status and the artifact's path; replay it with
#   SWIFT_BACKTRACE=enable=no Tests/Fuzz/.build/release/fuzz-TARGET FILE
# (with the default ASAN_OPTIONS: runs here set malloc_context_size=0, about 15% faster but
# without allocation stacks). FUZZ_SHIPPED=1 adds the 11 MB shipped models to the safetensors
# seeds, with -max_len raised to fit them (about 30 inputs a second instead of 1,000).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
targets=(safetensors shell trace)

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }

build() {
    echo "building the fuzz targets (release, -sanitize=fuzzer,address)..." >&2
    local log
    log="$(mktemp)"
    # One -sanitize flag: two separate ones silently lose the coverage instrumentation; lld,
    # because the default gold linker fails on the sanitizer runtime.
    if ! swift_build >"$log" 2>&1; then
        # SwiftPM keeps its build plan of npi (a path dependency) when a file of npi is moved
        # or removed, and then fails on "missing inputs": plan again once.
        grep -q "missing inputs" "$log" || { tail -n 20 "$log" >&2; rm -f "$log"; return 1; }
        rm -f "$here/.build/release.yaml" "$here"/.build/*/release/description.json
        swift_build >"$log" 2>&1 || { tail -n 20 "$log" >&2; rm -f "$log"; return 1; }
    fi
    tail -n 1 "$log" >&2
    rm -f "$log"
}

swift_build() {
    nice -n 10 swift build --package-path "$here" -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
}

# Per-target inputs: the largest input, and what the seeds are.
max_len() {
    case "$1" in
    safetensors) if [ "${FUZZ_SHIPPED:-0}" = 1 ]; then echo 12000000; else echo 65536; fi ;;
    shell) echo 1024 ;;
    trace) echo 65536 ;;
    esac
}

# fuzz TARGET CORPUS FLAG...: runs one target; prints a one-line summary; fails on a finding.
fuzz() {
    local target=$1 corpus=$2
    shift 2
    local work="$here/.work/$target" binary="$here/.build/release/fuzz-$target"
    mkdir -p "$work/artifacts" "$corpus"
    rm -rf "$work/seeds"
    "$binary" --write-seeds "$work/seeds" "$work/$target.dict"
    if [ "$target" = shell ]; then cp "$root"/Samples/*.npis "$work/seeds/"; fi
    if [ "$target" = safetensors ] && [ "${FUZZ_SHIPPED:-0}" = 1 ]; then
        ln -s "$root"/Samples/models/*.safetensors "$work/seeds/"
    fi
    # The shell target's sandbox (its models, the files `trace save` writes): in memory if possible.
    local sandbox
    sandbox="$(mktemp -d -p "$([ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")" npi-fuzz.XXXXXX)"
    local status=0
    (cd "$work" && SWIFT_BACKTRACE=enable=no NPI_FUZZ_SANDBOX="$sandbox" \
        ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=0}" \
        nice -n 10 "$binary" "$@" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 \
        -dict="$work/$target.dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
        "$corpus" "$work/seeds") >"$work/last.log" 2>&1 || status=$?
    rm -rf "$sandbox"
    local runs seconds rate rss
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/last.log")
    seconds=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$work/last.log")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/last.log")
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/last.log")
    if [ "$status" -ne 0 ]; then
        echo "fuzz $target: FAILED (status $status) after ${runs:-?} inputs; log: $work/last.log" >&2
        grep -E "^(==[0-9]+==ERROR|SUMMARY|fuzz:|Fatal error|artifact_prefix)" "$work/last.log" | head -n 8 >&2 || true
        return 1
    fi
    echo "fuzz $target: ${runs:-?} inputs in ${seconds:-?} s (${rate:-?}/s), peak RSS ${rss:-?} MB, no crash, leak or timeout"
}

# A count of inputs, or seconds with an s.
limit_flag() {
    case "$1" in
    *s) echo "-max_total_time=${1%s}" ;;
    *) echo "-runs=$1" ;;
    esac
}

[ $# -ge 1 ] || usage
case "$1" in
build)
    build
    ;;
smoke)
    seconds=${2:-20}
    build
    failed=0
    for target in "${targets[@]}"; do
        # From the seeds alone, in a fresh corpus, with a fixed seed: every CI run does the same.
        corpus="$(mktemp -d)"
        fuzz "$target" "$corpus" -max_total_time="$seconds" -seed=1 || failed=1
        rm -rf "$corpus"
    done
    exit $failed
    ;;
safetensors | shell | trace)
    target=$1
    [[ "${2:-60s}" =~ ^[0-9]+s?$ ]] || usage
    build
    fuzz "$target" "$here/.work/$target/corpus" "$(limit_flag "${2:-60s}")"
    ;;
*)
    usage
    ;;
esac
