#!/usr/bin/env bash
# Durable appends to the log on PostgreSQL (issue 17): 1, 4 and 16 concurrent writers through
# `aegrade log stress-append --db postgres://…` (one event per transaction, synchronous_commit = on),
# beside pgbench running the same transaction in SQL on the same server and schema in the same run
# — the site's advisory lock, the head read, the server's clock and an INSERT of a row of the same
# size — so the ratio is what aegrade adds (canonical JSON, SHA-256, the client round trips).
# Writers all on one site (one chain, serialised by its lock) and each on its own site (goal:
# throughput grows with writers across sites). Goal: ratio aegrade / pgbench <= 1.3.
#
# Usage: Benchmarks/postgres-append.sh [EVENTS_PER_WRITER]   (default 200)
# Starts its own throwaway server (.ci/postgres.sh); SKIP_BUILD=1 uses the binary as built;
# CONFIGURATION=debug measures the debug build (release by default).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
per_writer="${1:-200}"

configuration="${CONFIGURATION:-release}"
[ "${SKIP_BUILD:-}" = 1 ] || swift build -c "$configuration" --product aegrade 2>&1 | grep -E "error|Compiling|Build" | tail -2
bin="$(swift build -c "$configuration" --show-bin-path)"
echo "aegrade: $configuration build"
command -v pgbench >/dev/null || { echo "pgbench is missing (Debian postgresql-contrib / postgresql-client)"; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-pg-bench.XXXXXX")"
rmdir "$work"
trap '.ci/postgres.sh stop "$work/server" >/dev/null 2>&1; rm -rf "$work"' EXIT
mkdir -p "$work"
eval "$(.ci/postgres.sh start "$work/server")"
owner="$AEGRADE_TEST_POSTGRES"
writer_url="${owner/aegrade_owner@/aegrade@}"
# The schema, made by `log init`'s path (the owner creates it and grants the writer role).
"$bin/aegrade" log stress-append --db "$owner?site=setup" --writer setup --count 1 >/dev/null

now() { date +%s.%N; }

# aegrade: WRITERS processes, each appending PER_WRITER events; SITES "one" or "own".
run_aegrade() {
    local writers=$1 sites=$2 tag=$3 pids=()
    for w in $(seq 1 "$writers"); do
        local site="$tag-one"
        [ "$sites" = own ] && site="$tag-$w"
        # Each site's genesis event first, outside the timing.
        "$bin/aegrade" log stress-append --db "$writer_url?site=$site" --writer "warm$w" --count 1 >/dev/null
    done
    local start end
    start=$(now)
    for w in $(seq 1 "$writers"); do
        local site="$tag-one"
        [ "$sites" = own ] && site="$tag-$w"
        "$bin/aegrade" log stress-append --db "$writer_url?site=$site" --writer "$w" --count "$per_writer" >/dev/null &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
    end=$(now)
    echo "$start $end"
}

# pgbench: the same transaction in SQL, WRITERS clients, PER_WRITER transactions each.
cat > "$work/append.sql" <<'SQL'
\set n random(1, 1000000000)
BEGIN;
SELECT pg_advisory_xact_lock(hashtextextended('aegrade site ' || :'site', 0));
SELECT seq, hash FROM event WHERE site = :'site' ORDER BY seq DESC LIMIT 1 \gset head_
SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS t \gset
INSERT INTO event (site, seq, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role, terminal,
                   product_version, payload, prev_hash, hash)
VALUES (:'site', :head_seq + 1, md5(random()::text || :n), 'note', 'STRESS-1', NULL, :'t', 'Etc/UTC +00:00', 'stress-1', 'nurse',
        'bench pid 1', '0.1.0', '{"text":"writer 1 event ' || :n || '"}', :'head_hash',
        encode(sha256(convert_to(:'head_hash' || :n, 'UTF8')), 'hex'));
COMMIT;
SQL
run_pgbench() {
    local writers=$1 sites=$2 tag=$3
    # pgbench's clients share one script; a site per client comes from its client id.
    local script="$work/append-$tag.sql"
    if [ "$sites" = own ]; then
        sed "s/:'site'/('$tag-' || :client_id)/g" "$work/append.sql" > "$script"
    else
        sed "s/:'site'/'$tag-one'/g" "$work/append.sql" > "$script"
    fi
    # Each site's first row, as aegrade's genesis event, outside the timing.
    for c in $(seq 0 $((writers - 1))); do
        local site="$tag-one"
        [ "$sites" = own ] && site="$tag-$c"
        psql -X -q "$writer_url" -c "INSERT INTO event VALUES ('$site', 1, md5(random()::text), 'genesis', NULL, NULL, 'x', 'x', 'x', 'system', 'x', 'x', '{}', repeat('0', 64), repeat('a', 64)) ON CONFLICT DO NOTHING" 2>/dev/null || true
    done
    local start end
    start=$(now)
    pgbench -n -q -f "$script" -c "$writers" -j "$writers" -t "$per_writer" "$writer_url" >/dev/null 2>"$work/pgbench.err" \
        || { cat "$work/pgbench.err"; exit 1; }
    end=$(now)
    echo "$start $end"
}

printf '%-8s %-6s %12s %12s %8s\n' writers sites "aegrade/s" "pgbench/s" ratio
for writers in 1 4 16; do
    for sites in one own; do
        [ "$writers" = 1 ] && [ "$sites" = own ] && continue
        total=$((writers * per_writer))
        read -r a0 a1 < <(run_aegrade "$writers" "$sites" "a$writers$sites")
        read -r p0 p1 < <(run_pgbench "$writers" "$sites" "p$writers$sites")
        python3 - "$writers" "$sites" "$total" "$a0" "$a1" "$p0" "$p1" <<'PY'
import sys
writers, sites, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
a = total / (float(sys.argv[5]) - float(sys.argv[4]))
p = total / (float(sys.argv[7]) - float(sys.argv[6]))
print(f"{writers:<8} {sites:<6} {a:12.0f} {p:12.0f} {p / a:8.2f}")
PY
    done
done
echo "(ratio = aegrade's time / pgbench's for the same appends; each aegrade writer is a process that also connects and starts once)"
