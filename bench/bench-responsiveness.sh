#!/bin/bash
# bench/run responsiveness: bench-responsiveness under Xvfb, with the
# schemas of the build folder and the stall probe's own report.
#
#   bench/bench-responsiveness.sh BUILD [N-ENTRIES]
set -euo pipefail
B="$1"
n="${2:-1000000}"
export GSETTINGS_SCHEMA_DIR="$B/data" GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1
exec xvfb-run -a -s "-screen 0 1280x1024x24" "$B/bench/bench-responsiveness" "$n"
