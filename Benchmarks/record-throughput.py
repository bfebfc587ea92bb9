#!/usr/bin/env python3
"""`aegrade record` against bare SQLite inserting the very rows it wrote (issue 19, goal 2; a
benchmark, not a test).

Usage: record-throughput.py AEGRADE WORKDIR [N] [--full]

One `aegrade record` process signs in with the demo laboratory's service key and records N
assessments (make-assessments.py; --full: every section filled), one transaction per assessment,
as a bulk import without --batch and a bedside save do. Then the bare side: the `sqlite3` shell
inserts the same rows (events and their `eventWrite` signature rows, read back from the log
`record` wrote) into a copy of the same starting log, one transaction per assessment as `record`
made them (the login goes with the first), with the same pragmas (its page size, the rollback
journal, synchronous=FULL). Both on the same disk, in the same run; prints assessments per second
and the ratio (goal <= 1.15), and each side's CPU time per assessment (user + system, which
hardly depends on the machine's load, unlike the wall times).
"""
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time


def sql_literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, bytes):
        return "X'" + value.hex() + "'"
    return "'" + str(value).replace("'", "''") + "'"


def main() -> None:
    aegrade, work = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
    full = "--full" in sys.argv[4:]
    subprocess.run([aegrade, "demo", os.path.join(work, "demo")], check=True, stdout=subprocess.DEVNULL)
    start_log = os.path.join(work, "demo", "aegrade.db")
    key = os.path.join(work, "demo", "lab-import.key")
    product, bare = os.path.join(work, "product.db"), os.path.join(work, "bare.db")
    shutil.copyfile(start_log, product)
    shutil.copyfile(start_log, bare)
    os.chmod(product, 0o600)
    inputs = os.path.join(work, "assessments.jsonl")
    with open(inputs, "wb") as out:
        subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "make-assessments.py"), str(count)]
                       + (["--full"] if full else []), check=True, stdout=out)
    head = sqlite3.connect(product).execute("SELECT max(seq) FROM event").fetchone()[0]

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    cpu_before = children_cpu()
    began = time.monotonic()
    done = subprocess.run([aegrade, "record", "--db", product, "--key", key, inputs], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    product_seconds = time.monotonic() - began
    product_cpu = children_cpu() - cpu_before
    if done.returncode not in (0, 1):
        sys.exit(f"record failed ({done.returncode}): {done.stderr.decode()}")

    db = sqlite3.connect(product)
    events = db.execute("SELECT * FROM event WHERE seq > ? ORDER BY seq", (head,)).fetchall()
    writes = {row[0]: row for row in db.execute("SELECT * FROM eventWrite WHERE seq > ?", (head,))}
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    kinds = [row[2] for row in events]
    recorded = kinds.count("observation")
    # One transaction per observation with its grades; the login (and aegrade's own events) go
    # with the first observation, as record wrote them.
    transactions, current = [], []
    for row in events:
        if row[2] == "observation" and any(r[2] == "observation" for r in current):
            transactions.append(current)
            current = []
        current.append(row)
    if current:
        transactions.append(current)
    script = [f"PRAGMA page_size = {page_size};", "PRAGMA journal_mode = DELETE;", "PRAGMA synchronous = FULL;"]
    for rows in transactions:
        statements = ["BEGIN IMMEDIATE;"]
        for row in rows:
            statements.append("INSERT INTO event VALUES (" + ", ".join(sql_literal(v) for v in row) + ");")
            if row[0] in writes:
                statements.append("INSERT INTO eventWrite VALUES (" + ", ".join(sql_literal(v) for v in writes[row[0]]) + ");")
        statements.append("COMMIT;")
        script.append(" ".join(statements))
    with open(os.path.join(work, "bare.sql"), "w") as out:
        out.write("\n".join(script) + "\n")
    with open(os.path.join(work, "bare.sql")) as source:
        cpu_before = children_cpu()
        began = time.monotonic()
        subprocess.run(["sqlite3", bare], stdin=source, check=True, stdout=subprocess.DEVNULL)
        bare_seconds = time.monotonic() - began
        bare_cpu = children_cpu() - cpu_before

    label = "full panels" if full else "light inputs"
    print(f"record, {recorded} assessments ({label}), one transaction each: aegrade {recorded / product_seconds:6.0f}/s, "
          f"bare sqlite3 {recorded / bare_seconds:6.0f}/s (same rows, schema, pragmas), "
          f"ratio {product_seconds / bare_seconds:.2f} (goal <= 1.15); CPU {1000 * product_cpu / recorded:.2f} ms against "
          f"{1000 * bare_cpu / recorded:.2f} ms per assessment; load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
