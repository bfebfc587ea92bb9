#!/usr/bin/env python3
"""Re-verify an aegrade log export without aegrade.

Usage: aegrade log export --db trial.db > events.jsonl
       python3 verify-log-export.py events.jsonl [SEQ:HASH]

Each line is one event as a JSON object. Its hash is the SHA-256 of the object without "hash",
written with sorted keys and no whitespace (UTF-8, non-ASCII as is); prevHash is the hash of the
event before (64 zeros before the first). A checkpoint SEQ:HASH, kept outside the log, proves the
export still holds that event. Exit status 0 intact, 1 not.
"""
import hashlib
import json
import sys


def main() -> int:
    path = sys.argv[1]
    checkpoint = sys.argv[2].split(":") if len(sys.argv) > 2 else None
    previous, expected_seq, seen_checkpoint = "0" * 64, 1, False
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            event = json.loads(line)
            stored = event.pop("hash")
            canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            if event["seq"] != expected_seq:
                print(f"FAIL at seq {expected_seq}: sequence gap (found {event['seq']})")
                return 1
            if event["prevHash"] != previous:
                print(f"FAIL at seq {event['seq']}: hash chain broken")
                return 1
            if hashlib.sha256(canonical.encode("utf-8")).hexdigest() != stored:
                print(f"FAIL at seq {event['seq']}: content changed")
                return 1
            if checkpoint and event["seq"] == int(checkpoint[0]):
                seen_checkpoint = True
                if stored != checkpoint[1]:
                    print(f"FAIL at seq {event['seq']}: checkpoint mismatch")
                    return 1
            previous, expected_seq = stored, expected_seq + 1
    if checkpoint and not seen_checkpoint:
        print(f"FAIL at seq {expected_seq}: truncated before checkpoint seq {checkpoint[0]}")
        return 1
    print(f"ok: {expected_seq - 1} events intact")
    return 0


if __name__ == "__main__":
    sys.exit(main())
