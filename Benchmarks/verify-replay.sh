#!/usr/bin/env bash
# verify, verify --quick, replay and export of a large log, measured (not a timed test; issue 19,
# goal 6: verify and replay of 1,000,000 events at most 2.5 s each, export at most 2 × verify).
#
# Each command of each build runs on the same log in the same run: elapsed seconds, CPU seconds
# (user + system) and peak memory, beside baselines read from the same file in the same run:
#  - `sqlite3` reading every column of every event (what verify and replay must at least read);
#  - Python's `hashlib` SHA-256 over every event's columns, read through Python's `sqlite3`
#    (the chain's hashing, with no check of links or kinds);
#  - `sqlite3`'s own `PRAGMA integrity_check` and `quick_check` on a copy of the log (verify's
#    structural check, which SQLite cannot split or spread over cores).
# With AEGRADE_VERIFY_TIMINGS set, verify says when each of its parts ended (the copy of the log,
# SQLite's check on it, the chain, the credentials and signatures), printed under its line.
# The log is opened read-only (never written); the copy for the baselines is made with SQLite's
# backup in the temporary directory and removed at the end.
#
# Usage: Benchmarks/verify-replay.sh LOG [ROUNDS]
#   AEGRADE=path   the build measured (default .build-rel/release/aegrade, then .build/release)
#   BEFORE=path    a build to measure beside it (e.g. main's, built with its own --scratch-path)
#   LABEL=name     the name printed for AEGRADE's lines (default "this")
#   COMMANDS=list  the commands timed, of "verify quick replay export" (default all four); with
#                  fewer than all, the baselines are left out unless BASELINES=1 (on a loaded
#                  machine a full run takes most of an hour; replay alone a few minutes)
#   REPLAY_LIMITS="--seq N|--as-of TIME ..."  with replay, also times `replay` with each of these
#                  limits (one per |-separated item) and, with BEFORE=, compares its bytes
set -euo pipefail
cd "$(dirname "$0")/.."
log="${1:?usage: Benchmarks/verify-replay.sh LOG [ROUNDS]}"
rounds="${2:-1}"
commands="${COMMANDS:-verify quick replay export}"
baselines="${BASELINES:-$( [ "$commands" = "verify quick replay export" ] && echo 1 || echo 0)}"
runs() { case " $commands " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
aegrade="${AEGRADE:-}"
if [ -z "$aegrade" ]; then
    for candidate in .build-rel/release/aegrade .build/release/aegrade; do
        [ -x "$candidate" ] && { aegrade="$candidate"; break; }
    done
fi
[ -x "${aegrade:-}" ] || { echo "no release build: swift build -c release --static-swift-stdlib --product aegrade --scratch-path .build-rel" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-verify-replay.XXXXXX")"
trap 'rm -rf "$work"' EXIT

printf 'log %s: %s events (%s); load average %s; %s cores\n' "$log" \
    "$(sqlite3 "file:$log?mode=ro" 'SELECT max(seq) FROM event')" "$(du -h "$log" | cut -f1)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"

timed() {  # label, command...
    local label="$1"; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" \
        || printf '%s exited %s: %s\n' "$label" "$?" "$(head -c 300 "$work/err")"
    read -r seconds user system kilobytes < "$work/time"
    printf '%-34s %7.2f s elapsed  %7.2f s CPU  peak %7.1f MB\n' "$label" "$seconds" \
        "$(echo "$user + $system" | bc -l)" "$(echo "$kilobytes / 1024" | bc -l)"
}

cat > "$work/hash.py" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
db.text_factory = bytes
n = 0
for row in db.execute("SELECT seq, id, kind, patient, clinicalTime, recordTime, timeZone, authorId, authorRole,"
                      " terminal, productVersion, payload, prevHash, hash FROM event ORDER BY seq"):
    h = hashlib.sha256()
    for column in row[1:13]:
        if column is not None:
            h.update(column)
    h.hexdigest()
    n += 1
print(n)
EOF

for round in $(seq 1 "$rounds"); do
    echo "round $round"
    if [ "$baselines" = 1 ]; then
        timed "baseline: sqlite3 reads every row" sqlite3 "file:$log?mode=ro" "SELECT * FROM event ORDER BY seq"
        timed "baseline: Python hashlib SHA-256" python3 "$work/hash.py" "$log"
    fi
    for build in "${BEFORE:-}" "$aegrade"; do
        [ -n "$build" ] || continue
        name="$( [ "$build" = "${BEFORE:-}" ] && echo before || echo "${LABEL:-this}")"
        if runs verify; then
            timed "$name: verify" env AEGRADE_VERIFY_TIMINGS=1 "$build" log verify --db "$log"
            grep -h "verify parts" "$work/err" | sed 's/^/    /' || true
        fi
        if runs quick; then
            timed "$name: verify --quick" env AEGRADE_VERIFY_TIMINGS=1 "$build" log verify --quick --db "$log"
            grep -h "verify parts" "$work/err" | sed 's/^/    /' || true
        fi
        if runs replay; then
            limits=("")
            if [ -n "${REPLAY_LIMITS:-}" ]; then IFS='|' read -r -a more <<< "$REPLAY_LIMITS"; limits+=("${more[@]}"); fi
            for index in "${!limits[@]}"; do
                # shellcheck disable=SC2086  # a limit is an option and its value
                timed "$name: replay${limits[$index]:+ ${limits[$index]}}" "$build" log replay --db "$log" ${limits[$index]}
                # The same bytes from both builds: the replayed state is the product's answer.
                if [ "$name" = before ]; then cp "$work/out" "$work/replay-before-$index"
                elif [ -f "$work/replay-before-$index" ]; then
                    cmp -s "$work/replay-before-$index" "$work/out" && echo "    replay output: the same bytes as before" \
                        || echo "    replay output: DIFFERS from before"
                fi
            done
        fi
        if runs export; then timed "$name: export" "$build" log export --db "$log"; fi
    done
done
[ "$baselines" = 1 ] || exit 0
sqlite3 "file:$log?mode=ro" ".backup $work/copy.db"
timed "baseline: sqlite3 quick_check (copy)" sqlite3 "$work/copy.db" "PRAGMA quick_check"
timed "baseline: sqlite3 integrity_check (copy)" sqlite3 "$work/copy.db" "PRAGMA integrity_check"
