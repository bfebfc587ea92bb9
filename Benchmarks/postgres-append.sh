#!/usr/bin/env bash
# Durable appends to the log on PostgreSQL (issue 17, "Speed"; a benchmark, not a test): 1, 4 and
# 16 concurrent writers, each `aegrade record` (the bedside's and an import's path: one
# transaction per assessment, its observation and grades, signed with the writer's key; README,
# "Signed events") of the same assessments (make-assessments.py), signed in with its site's
# service key, each writer on a site of its own (writers spread across sites, as a trial's wards
# are), synchronous_commit = on; beside bare `psql` inserting the very rows such a run wrote — the
# events and their `event_signature` rows, read back from the log — one transaction per
# assessment as `record` wrote them (its observation and grades; the sign-in's login with the
# first), the events of a transaction in one INSERT and their signatures in another, into the same
# schema (made by `log init`: tables, indexes, triggers) in a second database of the same server,
# as many psql processes as writers, in the same run. Prints transactions (assessments) per second
# on each side and the ratio aegrade / psql of the time per transaction (goal <= 1.3), and the
# throughput across sites as writers are added.
#
# For each number of writers, runs not timed warm the server (both sides); psql then inserts, in
# each round, the rows of the writers' run before it, after the writers in odd rounds and before
# them in even ones. Before each timed side the tables are vacuumed and analysed and the server
# checkpoints (`settle`), so that neither side's time holds background work on the other's rows.
#
# Both sides are timed from the start of their processes to the end of the last: aegrade's start
# (its connection, the sign-in, the criteria and the site's patients read, about 0.1 s) is
# counted, as psql's start is. aegrade's append holds the site's advisory lock, reads the site's
# head and the server's clock, checks the account's standing, grades and signs; psql only inserts.
#
# Usage: Benchmarks/postgres-append.sh [PER_WRITER]   (assessments per writer, default 1000)
# Starts its own throwaway server (.ci/postgres.sh) in a new temporary directory; SKIP_BUILD=1
# uses the binary as built; CONFIGURATION=debug measures the debug build (release by default);
# AEGRADE=path measures that binary (a build with its own --scratch-path); BASELINE=path also
# measures that one (the build before a change) in each round, on the same sites, just before
# AEGRADE's writers (ORDER=after: just after them), and prints its rate and ratio beside;
# WRITERS="4 16" runs those numbers of writers only (default 1 4 16); ROUNDS=N runs each N times,
# one line each, the baseline's place alternating from round to round (the second of two runs
# in a round tends to be the faster on this machine: compare rounds of both orders);
# APPEND=stress-append measures `log stress-append` instead (one note per transaction, the path
# the figures before 7 December 2026 were of; no user runs it); STATEMENTS=1 also prints, after
# each round, the server's time per statement on each side (pg_stat_statements, planning
# included): where the server's share of a transaction goes; CPU=1 prints, for each side, the CPU
# its own processes (aegrade's writers, or psql) used per transaction and the whole machine's
# (every core busy, the server's processes and the kernel's work included).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
per_writer="${1:-1000}"
mode="${APPEND:-record}"
case "$mode" in record|stress-append) ;; *) echo "APPEND is record or stress-append"; exit 2 ;; esac

configuration="${CONFIGURATION:-release}"
# A release build is made as the README's "First steps" makes it, the Swift runtime linked in.
[ "$configuration" = release ] && linking=--static-swift-stdlib
[ "${SKIP_BUILD:-}" = 1 ] || swift build -c "$configuration" ${linking:-} --product aegrade 2>&1 | grep -E "error|Build" | tail -2
bin="${AEGRADE:-$(swift build -c "$configuration" --show-bin-path)/aegrade}"
for tool in psql script python3; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (Debian postgresql-client, util-linux, python3)"; exit 1; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-pg-bench.XXXXXX")"
rmdir "$work"
trap '.ci/postgres.sh stop "$work/server" >/dev/null 2>&1; rm -rf "$work"' EXIT
mkdir -p "$work"
eval "$(.ci/postgres.sh start "$work/server")"
owner="$AEGRADE_TEST_POSTGRES"            # postgres://aegrade_owner@127.0.0.1:PORT/aegrade_test
writer="${owner/aegrade_owner@/aegrade@}"
bare_owner="${owner%/*}/aegrade_bare"
bare_writer="${writer%/*}/aegrade_bare"
export AEGRADE_LOG_KEYS="$work/log-keys"
admin="${owner/aegrade_owner@/aegrade_admin@}"
psql -X -q -v ON_ERROR_STOP=1 "${admin%/*}/postgres" -c "CREATE DATABASE aegrade_bare OWNER aegrade_owner"
if [ "${STATEMENTS:-}" = 1 ]; then
    psql -X -q -v ON_ERROR_STOP=1 "${admin%/*}/postgres" -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
    .ci/postgres.sh restart "$work/server"
    psql -X -q -v ON_ERROR_STOP=1 "${admin%/*}/postgres" -c "CREATE EXTENSION pg_stat_statements" \
        -c "ALTER SYSTEM SET pg_stat_statements.track_planning = on" -c "ALTER SYSTEM SET pg_stat_statements.track = 'all'" \
        -c "SELECT pg_reload_conf()" > /dev/null
fi
# The server's time per statement since the last call, for each database (STATEMENTS=1).
statements() {
    [ "${STATEMENTS:-}" = 1 ] || return 0
    psql -X -q -P pager=off "${admin%/*}/postgres" <<'SQL'
SELECT d.datname AS database, s.calls,
       round((s.total_exec_time / s.calls * 1000)::numeric, 1) AS exec_us,
       round((s.total_plan_time / greatest(s.calls, 1) * 1000)::numeric, 1) AS plan_us,
       round(((s.total_exec_time + s.total_plan_time) / 1000)::numeric, 3) AS total_s,
       left(regexp_replace(s.query, '\s+', ' ', 'g'), 70) AS statement
FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
WHERE d.datname IN ('aegrade_test', 'aegrade_bare') AND s.calls >= 50
ORDER BY d.datname, s.total_exec_time + s.total_plan_time DESC LIMIT 24;
SELECT pg_stat_statements_reset();
SQL
}
printf 'aegrade: %s build; load average %s\n' "$configuration" "$(cut -d' ' -f1-3 /proc/loadavg)"

password="bench horse battery staple"
# A command that asks for passwords, run on a terminal (util-linux script) with them typed.
typed() {
    local command="stty -echo; exec $(printf '%q ' "$@")"
    printf '%s\n%s\n' "$password" "$password" | script -qec "$command" /dev/null > "$work/typed.out" 2>&1 \
        || { cat "$work/typed.out"; exit 1; }
}

# Sixteen sites, each with its administrator and its import's service key; the bare database's
# schema made by the same `log init`, at a site of its own.
for site in $(seq 1 16); do
    typed "$bin" log init --db "$owner?site=s$site" --admin "admin.s$site" --name "Admin $site"
    typed "$bin" user add --db "$writer?site=s$site" --user "admin.s$site" "import.s$site" --name "Import $site" \
        --roles nurse --service --key-out "$work/s$site.key"
done
typed "$bin" log init --db "$bare_owner?site=setup" --admin admin.setup --name "Setup"

now() { date +%s.%N; }
# Before each timed side: the tables the side before it wrote vacuumed and analysed, and a
# checkpoint, in both databases — so that neither side's time holds the server's background work
# on the other's rows (autovacuum, a checkpoint's writes). pgbench vacuums before each run for
# the same reason (its -n skips that).
settle() {
    local database
    for database in "$owner" "$bare_owner"; do
        psql -X -q -v ON_ERROR_STOP=1 "$database" -c "VACUUM (ANALYZE) event, event_signature" > /dev/null
    done
    psql -X -q -v ON_ERROR_STOP=1 "${admin%/*}/postgres" -c "CHECKPOINT" > /dev/null
}
# The machine's busy CPU time in seconds, every core (/proc/stat: user, nice, system, irq,
# softirq, steal), and the user + system time of this shell's children that have ended (`times`).
busy() { awk '/^cpu /{ printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100 }' /proc/stat; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
# (`times` reports the shell it runs in: called in this shell, its answer read from a file.)
children_seconds() { tail -1 "$work/times.txt" | sed -E 's/([0-9]+)m([0-9.]+)s ([0-9]+)m([0-9.]+)s/\1 \2 \3 \4/' | awk '{ printf "%.3f", $1 * 60 + $2 + $3 * 60 + $4 }'; }
python3 "$root/Benchmarks/make-assessments.py" "$per_writer" > "$work/assessments.jsonl"

# WRITERS writers at sites s1… (one each), PER_WRITER assessments (or notes) each; then the rows
# they wrote, as psql statements, one file per writer: $work/PREFIX-W.sql.
run_aegrade() {
    local writers=$1 binary=$2 prefix=$3 pids=() heads=()
    for w in $(seq 1 "$writers"); do
        heads+=("$(psql -X -At "$writer" -c "SELECT coalesce(max(seq), 0) FROM event WHERE site = 's$w'")")
    done
    local start end c0 m0 cpu machine
    settle
    times > "$work/times.txt"; c0=$(children_seconds) m0=$(busy)
    start=$(now)
    for w in $(seq 1 "$writers"); do
        if [ "$mode" = record ]; then
            "$binary" record --db "$writer?site=s$w" --key "$work/s$w.key" "$work/assessments.jsonl" \
                > "$work/acks-$w.txt" 2> "$work/err-$w.txt" &
        else
            "$binary" log stress-append --db "$writer?site=s$w" --key "$work/s$w.key" --writer "$w" --count "$per_writer" \
                > "$work/acks-$w.txt" 2> "$work/err-$w.txt" &
        fi
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || { cat "$work"/err-*.txt; exit 1; }; done
    end=$(now)
    times > "$work/times.txt"; cpu=$(minus "$(children_seconds)" "$c0") machine=$(minus "$(busy)" "$m0")
    # A record transaction is an observation and its grades (the events before the first
    # observation, the sign-in's login, go with it); a stress-append transaction is one note.
    local transaction="greatest(1, count(*) FILTER (WHERE e.kind = 'observation') OVER (ORDER BY e.seq))"
    [ "$mode" = record ] || transaction="e.seq"
    for w in $(seq 1 "$writers"); do
        # format('%L') quotes each text as a literal; one transaction as it was written.
        psql -X -At "$writer" -v site="s$w" -v head="${heads[$((w - 1))]}" -v transaction="$transaction" \
            > "$work/$prefix-$w.sql" <<'SQL'
SELECT format(E'BEGIN;\nINSERT INTO event VALUES %s;\n%sCOMMIT;',
              string_agg(format('(%L, %s, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L, %L)',
                                site, seq, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role,
                                terminal, product_version, payload, prev_hash, hash), ', ' ORDER BY seq),
              coalesce('INSERT INTO event_signature VALUES '
                       || string_agg(format('(%L, %s, %L, %L)', site, seq, public_key, signature), ', ' ORDER BY seq)
                          FILTER (WHERE public_key IS NOT NULL) || E';\n', ''))
FROM (SELECT e.*, s.public_key, s.signature, :transaction AS txn
      FROM event e LEFT JOIN event_signature s ON s.site = e.site AND s.seq = e.seq
      WHERE e.site = :'site' AND e.seq > :head) AS written
GROUP BY txn ORDER BY txn
SQL
    done
    echo "$start $end $cpu $machine"
}

# The same rows, WRITERS psql processes, one file each ($work/PREFIX-W.sql).
run_psql() {
    local writers=$1 prefix=$2 pids=()
    local start end c0 m0
    settle
    times > "$work/times.txt"; c0=$(children_seconds) m0=$(busy)
    start=$(now)
    for w in $(seq 1 "$writers"); do
        psql -X -q -v ON_ERROR_STOP=1 "$bare_writer" -f "$work/$prefix-$w.sql" > /dev/null 2> "$work/psql-err-$w.txt" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || { cat "$work"/psql-err-*.txt; exit 1; }; done
    end=$(now)
    times > "$work/times.txt"
    echo "$start $end $(minus "$(children_seconds)" "$c0") $(minus "$(busy)" "$m0")"
}

# The transactions in WRITERS files $work/PREFIX-W.sql.
transactions() {
    local count=0
    for w in $(seq 1 "$1"); do count=$((count + $(grep -c '^BEGIN;' "$work/$2-$w.sql"))); done
    echo "$count"
}

baseline="${BASELINE:-}"
unit=$([ "$mode" = record ] && echo "assessments" || echo "appends")
echo "$mode, $per_writer per writer; rates are $unit (transactions) per second"
if [ -n "$baseline" ]; then
    printf '%-8s %8s %12s %12s %12s %8s %10s\n' writers txns "aegrade/s" "baseline/s" "psql/s" ratio "baseline"
else
    printf '%-8s %8s %12s %12s %8s\n' writers txns "aegrade/s" "psql/s" ratio
fi
statements > /dev/null
# The measured binary's rows, as psql statements, waiting for psql's next run ($work/pending-W.sql).
keep_for_psql() { for w in $(seq 1 "$1"); do mv "$work/bare-$w.sql" "$work/pending-$w.sql"; done; }
for writers in ${WRITERS:-1 4 16}; do
  # First, not timed: a run of the writers and psql's insert of its rows, then a second run of
  # the writers, whose rows psql inserts in the first round. They warm the server and the page
  # cache for both sides, and neither side's first timed run meets a table still empty (on which
  # a session plans its foreign keys' checks as scans and keeps the plans: psql's first round
  # took twice as long). Each round's psql then inserts the rows of the writers' run before it,
  # so that psql can run before the writers as well as after.
  run_aegrade "$writers" "$bin" bare > /dev/null
  keep_for_psql "$writers"
  run_psql "$writers" pending > /dev/null
  run_aegrade "$writers" "$bin" bare > /dev/null
  keep_for_psql "$writers"
  for round in $(seq 1 "${ROUNDS:-1}"); do
    # The baseline's place in the round: ORDER's in odd rounds, the other in even ones. psql's
    # place: after the writers in odd rounds, before them in even ones (the second of two runs
    # tends to be the faster here, whichever it is).
    order="${ORDER:-before}"
    if [ $((round % 2)) = 0 ]; then if [ "$order" = after ]; then order=before; else order=after; fi; fi
    b0=0 b1=0 bcount=0
    if [ $((round % 2)) = 0 ]; then
        read -r p0 p1 pc pm < <(run_psql "$writers" pending)
        pcount=$(transactions "$writers" pending)
    fi
    if [ -n "$baseline" ] && [ "$order" != after ]; then
        read -r b0 b1 bc bm < <(run_aegrade "$writers" "$baseline" baseline)
        bcount=$(transactions "$writers" baseline)
    fi
    read -r a0 a1 ac am < <(run_aegrade "$writers" "$bin" bare)
    count=$(transactions "$writers" bare)
    if [ -n "$baseline" ] && [ "$order" = after ]; then
        read -r b0 b1 bc bm < <(run_aegrade "$writers" "$baseline" baseline)
        bcount=$(transactions "$writers" baseline)
    fi
    if [ $((round % 2)) = 1 ]; then
        read -r p0 p1 pc pm < <(run_psql "$writers" pending)
        pcount=$(transactions "$writers" pending)
    fi
    keep_for_psql "$writers"
    python3 - "$writers" "$count" "$a0" "$a1" "$p0" "$p1" "$bcount" "$b0" "$b1" "$pcount" <<'PY'
import sys
writers, count = sys.argv[1], int(sys.argv[2])
a_seconds = float(sys.argv[4]) - float(sys.argv[3])
p_seconds = float(sys.argv[6]) - float(sys.argv[5])
b_count, b_seconds = int(sys.argv[7]), float(sys.argv[9]) - float(sys.argv[8])
p_count = int(sys.argv[10])
# Ratios of time per transaction (psql's rows are the run before's: as many transactions).
p_per = p_seconds / p_count
if b_count:
    b_ratio = (b_seconds / b_count) / p_per
    print(f"{writers:<8} {count:8d} {count / a_seconds:12.0f} {b_count / b_seconds:12.0f} {p_count / p_seconds:12.0f} "
          f"{(a_seconds / count) / p_per:8.2f} {b_ratio:10.2f}")
else:
    print(f"{writers:<8} {count:8d} {count / a_seconds:12.0f} {p_count / p_seconds:12.0f} {(a_seconds / count) / p_per:8.2f}")
PY
    if [ "${CPU:-}" = 1 ]; then
        python3 - "$count" "$ac" "$am" "$pc" "$pm" "$bcount" "${bc:-0}" "${bm:-0}" "$pcount" <<'PY'
import sys
count, ac, am, pc, pm, bcount, bc, bm = int(sys.argv[1]), *map(float, sys.argv[2:6]), int(sys.argv[6]), *map(float, sys.argv[7:9])
pcount = int(sys.argv[9])
line = f"  CPU ms a transaction: aegrade {1000 * ac / count:.2f} (machine {1000 * am / count:.2f})"
if bcount:
    line += f", baseline {1000 * bc / bcount:.2f} (machine {1000 * bm / bcount:.2f})"
print(line + f", psql {1000 * pc / pcount:.2f} (machine {1000 * pm / pcount:.2f})")
PY
    fi
    statements
    # The bare database's rows stay: the next round's writers append after them in both databases.
  done
done
echo "(ratio = aegrade's time / psql's for the same rows (events and signatures), goal <= 1.3; load average $(cut -d' ' -f1-3 /proc/loadavg))"
