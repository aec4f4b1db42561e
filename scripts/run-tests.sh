#!/usr/bin/env bash
# The whole suite. In CI (CI=true) browser tests must run: a missing browser fails them there.
set -uo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-$(command -v uv || echo .bootstrap/bin/uv)}
# CROI_TEST_GROUPS: extra locked dependency groups, e.g. "--group crosscheck" (Makefile)
# shellcheck disable=SC2086  # word splitting of the group options is intended
"$UV" run --frozen ${CROI_TEST_GROUPS:-} pytest -q "$@"
code=$?
# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
if [ "$code" = 5 ]; then echo "no tests were collected" >&2; exit 1; fi
exit "$code"
