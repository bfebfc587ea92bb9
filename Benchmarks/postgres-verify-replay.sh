#!/usr/bin/env bash
# `log verify` and `log replay` of a large log on PostgreSQL beside the same commands on the same
# events in SQLite (issue 17, "Speed": goal within 2 × of the SQLite figures; a benchmark, not a
# test). SQLite's `verify` runs `integrity_check` too, `verify --quick` only `quick_check`; the
# server's storage checks are its own (amcheck), so PostgreSQL's two are the same. Elapsed seconds, CPU seconds (user + system) and aegrade's peak memory (`/usr/bin/time`,
# maximum resident set size); the server's own memory and CPU are not in aegrade's figures.
#
# The events: a copy of an SQLite log (BIG, default /tmp/s13-big.db — opened only to be copied,
# never written), sent to one site (`big`) of a throwaway server by `aegrade log push` (the site's
# log verified, then its events and signatures in batches of 500, each checked on arrival: chain
# link, hash, signature). LOAD=copy takes the faster bulk path instead: `\copy` of the log's rows,
# verbatim, into `event` and of its signature rows into `event_signature` (the rows push would
# send, unchecked on the way in; `log verify` on the server then checks them all).
# LIMIT=N times the first N events only (an SQLite log of them, made from the original read-only).
# AEGRADE=path measures that binary (a build with its own --scratch-path); BASELINE=path times
# another build's (the build before a change) `verify` and `replay` on the same server in the same
# rounds, and checks that each replay printed the same bytes as the SQLite replay (and as the
# baseline's). WORK=DIR keeps the
# SQLite copy, the keys and the server (DIR/server) in DIR after the run, and a later run with the
# same WORK reuses them instead of copying and loading again (loading 1,000,000 events takes
# minutes); `.ci/postgres.sh stop DIR/server; rm -rf DIR` when done.
#
# Usage: Benchmarks/postgres-verify-replay.sh   (BIG=…, LIMIT=…, LOAD=copy, SKIP_BUILD=1, ROUNDS=2,
#        AEGRADE=…, BASELINE=…, WORK=…, CONFIGURATION=debug for the debug build; release by default)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
big="${BIG:-/tmp/s13-big.db}"
rounds="${ROUNDS:-2}"
[ -f "$big" ] || { echo "no SQLite log at $big (BIG=…)"; exit 1; }
configuration="${CONFIGURATION:-release}"
# A release build is made as the README's "First steps" makes it, the Swift runtime linked in.
[ "$configuration" = release ] && linking=--static-swift-stdlib
if [ -n "${AEGRADE:-}" ]; then
    aegrade="$AEGRADE"
else
    [ "${SKIP_BUILD:-}" = 1 ] || swift build -c "$configuration" ${linking:-} --product aegrade 2>&1 | grep -E "error|Build" | tail -2
    aegrade="$(swift build -c "$configuration" --show-bin-path)/aegrade"
fi

if [ -n "${WORK:-}" ]; then
    work="$WORK"
    mkdir -p "$work"
else
    work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-pg-verify.XXXXXX")"
    rmdir "$work"
    trap '.ci/postgres.sh stop "$work/server" >/dev/null 2>&1; rm -rf "$work"' EXIT
    mkdir -p "$work"
fi
reuse=no
[ -f "$work/big.db" ] && [ -f "$work/loaded" ] && reuse=yes
if [ "$reuse" = no ]; then
    need=$(( $(stat -c %s "$big") * 3 / 1024 ))
    free=$(df -k --output=avail "$(dirname "$work")" | tail -1)
    [ "$free" -gt "$need" ] || { echo "needs about $((need / 1048576)) GB free beside $work (the copy and the server's tables)"; exit 1; }
fi

# The SQLite side: a copy (the original is never opened for writing).
if [ "$reuse" = yes ]; then
    :
elif [ -n "${LIMIT:-}" ]; then
    # A log of the first LIMIT events: the same schema (its stored text, which verify checks),
    # pragmas and rows, read from the original opened read-only.
    sqlite3 -readonly "$big" ".schema" > "$work/schema.sql"
    sqlite3 "$work/big.db" "PRAGMA page_size = $(sqlite3 -readonly "$big" 'PRAGMA page_size');" ".read $work/schema.sql" \
        "PRAGMA user_version = $(sqlite3 -readonly "$big" 'PRAGMA user_version');" \
        "PRAGMA application_id = $(sqlite3 -readonly "$big" 'PRAGMA application_id');" \
        "ATTACH 'file:$big?mode=ro' AS source;" \
        "BEGIN; INSERT INTO event SELECT * FROM source.event WHERE seq <= $LIMIT;
         INSERT INTO eventWrite SELECT * FROM source.eventWrite WHERE seq <= $LIMIT;
         INSERT INTO credential SELECT * FROM source.credential WHERE seq <= $LIMIT; COMMIT;"
else
    cp "$big" "$work/big.db"
fi
chmod 600 "$work/big.db"
events=$(sqlite3 "$work/big.db" "SELECT max(seq) FROM event")

# The server side: the schema by `log init` (at a site of its own), then the rows as site `big`.
export AEGRADE_LOG_KEYS="$work/log-keys"
if [ "$reuse" = yes ]; then
    eval "$(.ci/postgres.sh env "$work/server")"
    owner="$AEGRADE_TEST_POSTGRES"
    writer="${owner/aegrade_owner@/aegrade@}"
    echo "aegrade: $configuration build ($aegrade)"
    printf 'reused %s events loaded before in %s (server tables %s); load average %s\n' "$events" "$work" \
        "$(psql -X -At "$owner" -c "SELECT pg_size_pretty(pg_total_relation_size('event') + pg_total_relation_size('event_signature'))")" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
else
eval "$(.ci/postgres.sh start "$work/server")"
owner="$AEGRADE_TEST_POSTGRES"
writer="${owner/aegrade_owner@/aegrade@}"
password="bench horse battery staple"
printf '%s\n%s\n' "$password" "$password" | script -qec \
    "stty -echo; exec $(printf '%q ' "$aegrade" log init --db "$owner?site=setup" --admin admin.setup --name Setup)" /dev/null > "$work/init.out" 2>&1 \
    || { cat "$work/init.out"; exit 1; }
start=$(date +%s.%N)
if [ "${LOAD:-push}" = copy ]; then
    # CSV: sqlite3 quotes a text holding a comma, quote or newline; an empty field is NULL to COPY,
    # and the log holds no empty texts in its nullable columns (verify would name one).
    sqlite3 -csv "$work/big.db" "SELECT 'big', seq, id, kind, patient, clinicalTime, recordTime, timeZone, authorId, authorRole, terminal,
                                   productVersion, payload, prevHash, hash FROM event ORDER BY seq" \
        | psql -X -q -v ON_ERROR_STOP=1 "$owner" -c "\copy event FROM STDIN WITH (FORMAT csv)"
    sqlite3 -csv "$work/big.db" "SELECT 'big', seq, publicKey, signature FROM eventWrite WHERE signature IS NOT NULL ORDER BY seq" \
        | psql -X -q -v ON_ERROR_STOP=1 "$owner" -c "\copy event_signature FROM STDIN WITH (FORMAT csv)"
    how="\\copy"
else
    /usr/bin/time -f "%e %U %S %M" -o "$work/push-time" "$aegrade" log push --db "$work/big.db" --to "$writer?site=big" > "$work/push.out" \
        || { cat "$work/push.out"; exit 1; }
    read -r seconds user system kilobytes < "$work/push-time"
    how="log push ($(echo "$user + $system" | bc -l) s CPU, peak memory $((kilobytes / 1024)) MB)"
fi
psql -X -q "$owner" -c "VACUUM ANALYZE event" -c "VACUUM ANALYZE event_signature"
echo "aegrade: $configuration build ($aegrade)"
touch "$work/loaded"
printf 'loaded %s events (SQLite %s, server tables %s) by %s in %.0f s; load average %s\n' "$events" "$(du -h "$work/big.db" | cut -f1)" \
    "$(psql -X -At "$owner" -c "SELECT pg_size_pretty(pg_total_relation_size('event') + pg_total_relation_size('event_signature'))")" "$how" \
    "$(echo "$(date +%s.%N) - $start" | bc -l)" "$(cut -d' ' -f1-3 /proc/loadavg)"
fi

timed() {  # label, command...
    local label="$1"; shift
    local out="$work/out-${label// /-}"
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$out" 2> "$work/err" \
        || printf '%s exited %s: %s\n' "$label" "$?" "$(head -c 300 "$work/err")"
    read -r seconds user system kilobytes < "$work/time"
    printf '%-22s %8.1f s elapsed %8.1f s CPU  peak memory %7.1f MB   %s\n' "$label" "$seconds" "$(echo "$user + $system" | bc -l)" \
        "$(echo "$kilobytes / 1024" | bc -l)" "$(head -c 60 "$out" | tr '\n' ' ')"
}
same() {  # label, label: whether the two printed the same bytes
    if cmp -s "$work/out-${1// /-}" "$work/out-${2// /-}"; then echo "  $1 printed the same bytes as $2"
    else echo "  $1 DIFFERS from $2 ($(cmp "$work/out-${1// /-}" "$work/out-${2// /-}" 2>&1 | head -1))"; fi
}
[ -z "${BASELINE:-}" ] || echo "baseline: $BASELINE"
for round in $(seq 1 "$rounds"); do
    echo "round $round (load average $(cut -d' ' -f1-3 /proc/loadavg))"
    timed "verify sqlite" "$aegrade" log verify --db "$work/big.db"
    timed "verify -q sqlite" "$aegrade" log verify --quick --db "$work/big.db"
    timed "verify postgres" "$aegrade" log verify --db "$writer?site=big"
    [ -z "${BASELINE:-}" ] || timed "verify postgres before" "$BASELINE" log verify --db "$writer?site=big"
    timed "replay sqlite" "$aegrade" log replay --db "$work/big.db"
    timed "replay postgres" "$aegrade" log replay --db "$writer?site=big"
    [ -z "${BASELINE:-}" ] || timed "replay postgres before" "$BASELINE" log replay --db "$writer?site=big"
    same "replay postgres" "replay sqlite"
    [ -z "${BASELINE:-}" ] || same "replay postgres" "replay postgres before"
done
