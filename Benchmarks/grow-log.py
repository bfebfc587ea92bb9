#!/usr/bin/env python3
"""Append N note events to an aegrade log with a valid hash chain, as aegrade would write them
(README, "The hash, byte for byte"), for benchmarks that need a large log quickly.

Usage: python3 Benchmarks/grow-log.py LOG N
"""
import hashlib
import json
import sqlite3
import sys
import uuid


def main() -> int:
    path, count = sys.argv[1], int(sys.argv[2])
    db = sqlite3.connect(path)
    seq, prev = db.execute("SELECT seq, hash FROM event ORDER BY seq DESC LIMIT 1").fetchone()
    rows = []
    for index in range(count):
        seq += 1
        payload = {"text": f"benchmark note {index}"}
        event = {"author": {"id": "bench", "role": "nurse"}, "clinicalTime": None, "id": str(uuid.uuid4()), "kind": "note",
                 "patient": f"BED-{index % 40:02d}", "payload": payload, "prevHash": prev, "productVersion": "bench",
                 "recordTime": "2026-12-06T00:00:00.000Z", "seq": seq, "terminal": "bench", "timeZone": "+00:00"}
        text = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        rows.append((seq, event["id"], "note", event["patient"], None, event["recordTime"], event["timeZone"], "bench", "nurse",
                     "bench", "bench", json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False), prev, digest))
        prev = digest
    db.executemany("INSERT INTO event VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
