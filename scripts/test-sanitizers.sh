#!/usr/bin/env bash
# The test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (build-sanitize/, clang;
# see scripts/sanitizer-build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
dir=build-sanitize
scripts/sanitizer-build.sh
# LeakSanitizer off: FFmpeg, OpenCV and TBB keep process-lifetime allocations that are not leaks.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$dir"
# The long real-footage runs (two-film comparisons, HD/SD, frame-rate and decoding agreement,
# held-out accuracy, determinism, interruption, footage without bounces, a 68-shot film's paged
# contact sheet, the p-value's simulated films) and the headless-browser checks repeat code paths the shorter tests already drive
# under the sanitizers, at three times the release cost; the release suite runs them.
heavy='CompareFootage\.|HdAndSd|24And30|MontageDecoding|HeldOutMontage|Corpus\.InterruptedAdd|Corpus\.AnalyzeMeasures|'\
'Comparison\.ThePValueOfFilmsMadeOfScenes|Comparison\.TwoCorpora|Cli\.AnalysisIsDeterministic|Cli\.FamiliesSideBySide|Cli\.ALongFilmsContactSheet|Texture\.ADenoised|WalkersAHandheld|InBrowser'
ctest --output-on-failure --parallel "$(nproc)" --timeout 900 -E "$heavy"
