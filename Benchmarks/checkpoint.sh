#!/usr/bin/env bash
# What a signed checkpoint costs beside `log verify` on the same log, in the same run (measured,
# not a timed test). `log checkpoint` verifies the log (as `log verify` does: the baseline), then
# reads every stored event hash once more in short read transactions for the RFC 6962 root,
# signs it and appends the checkpoint event; `log verify --checkpoint FILE` verifies the log and
# then the consistency proof from the checkpoint's size to the log's, in one more pass.
# Usage: [LOG=FILE | NO_BIG=1 EVENTS=N] [FULL=1] [AEGRADE=BINARY] Benchmarks/checkpoint.sh (FULL=1 adds a second
# checkpoint, consistent with the first, and verify --checkpoint with integrity_check)
# LOG defaults to a copy of /tmp/s13-big.db (1,000,000 events) when it exists — the copy is
# written to (a checkpoint event, then a second one), never the original — or else a new log
# grown by EVENTS (100,000) notes with a valid chain (`grow-log.py`).
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-checkpoint.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [ -z "${AEGRADE:-}" ]; then swift build -c release --static-swift-stdlib --product aegrade >/dev/null; fi
aegrade="${AEGRADE:-.build/release/aegrade}"
now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.1f}')"; }

db="$work/log.db"
if [ -n "${LOG:-}" ]; then
    cp "$LOG" "$db"
elif [ -e /tmp/s13-big.db ] && [ -z "${NO_BIG:-}" ]; then
    cp /tmp/s13-big.db "$db"   # read only: nothing writes that file
else
    "$aegrade" log stress-append --db "$db" --writer bench --count 1 > /dev/null   # a new log and one event
    python3 Benchmarks/grow-log.py "$db" "${EVENTS:-100000}"
fi
[ -e "$db.logkey" ] || python3 - "$db.logkey" <<'PY'
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
os.write(fd, ("aegrade-log-key " + os.urandom(32).hex() + "\n").encode())
os.close(fd)
PY
printf 'log: %s events, %s; load average %s\n' "$(sqlite3 "$db" 'SELECT max(seq) FROM event')" "$(du -h "$db" | cut -f1)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
"$aegrade" log verify --db "$db" --quick > /dev/null   # warms the page cache (as far as memory allows)

t0=$(now); "$aegrade" log verify --db "$db" > /dev/null; t1=$(now)
echo "log verify (baseline):                 $(seconds "$t0" "$t1") s"
t0=$(now); "$aegrade" log checkpoint --db "$db" --out "$work/first.checkpoint" > /dev/null; t1=$(now)
echo "log checkpoint (first):                $(seconds "$t0" "$t1") s"
if [ -n "${FULL:-}" ]; then
    t0=$(now); "$aegrade" log checkpoint --db "$db" > /dev/null; t1=$(now)
    echo "log checkpoint (with consistency):     $(seconds "$t0" "$t1") s"
    t0=$(now); "$aegrade" log verify --db "$db" --checkpoint "$work/first.checkpoint" > /dev/null; t1=$(now)
    echo "log verify --checkpoint FILE:          $(seconds "$t0" "$t1") s"
fi
t0=$(now); "$aegrade" log verify --db "$db" --quick > /dev/null; t1=$(now)
echo "log verify --quick (baseline):         $(seconds "$t0" "$t1") s"
t0=$(now); "$aegrade" log verify --db "$db" --quick --checkpoint "$work/first.checkpoint" > /dev/null; t1=$(now)
echo "log verify --quick --checkpoint FILE:  $(seconds "$t0" "$t1") s"
printf 'load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
