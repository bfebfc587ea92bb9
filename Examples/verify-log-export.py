#!/usr/bin/env python3
"""Re-verify an aegrade log export without aegrade.

Usage: aegrade log export --db trial.db > events.jsonl
       python3 verify-log-export.py events.jsonl [SEQ:HASH]

Each line is one event as a JSON object. Its hash is the SHA-256 of the object without "hash",
written with sorted keys and no whitespace (UTF-8, non-ASCII as is); prevHash is the hash of the
event before (64 zeros before the first). A checkpoint SEQ:HASH, kept outside the log, proves the
export still holds that event.

A "signature" event names the event versions it signs in payload.signs, each by id, seq and hash
(21 CFR 11.70: a signature is linked to its record). Each must be an earlier line of the export
with exactly that id and hash; a second pass over the file checks them, so memory stays small.
Exit status 0 intact, 1 not.
"""
import hashlib
import json
import sys


def signed_versions(event):
    """The (id, seq, hash) a signature event names, or None when its payload is malformed."""
    signs = event.get("payload", {}).get("signs") if isinstance(event.get("payload"), dict) else None
    if not isinstance(signs, list) or not signs:
        return None
    versions = []
    for item in signs:
        if not isinstance(item, dict):
            return None
        seq, ident, digest = item.get("seq"), item.get("id"), item.get("hash")
        if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(ident, str) or not isinstance(digest, str):
            return None
        versions.append((ident, seq, digest))
    return versions


def check_signatures(path, wanted):
    """Checks each named (id, hash) against the line with its seq; returns a failure line or None."""
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if number not in wanted:
                continue
            event = json.loads(line)
            for signature_seq, ident, digest in wanted[number]:
                if event["id"] != ident or event["hash"] != digest:
                    return (f"FAIL at seq {signature_seq}: signature names seq {number} with an id or hash "
                            f"that event does not have (signed {digest[:12]}…, event holds {event['hash'][:12]}…)")
    return None


def main() -> int:
    path = sys.argv[1]
    checkpoint = sys.argv[2].split(":") if len(sys.argv) > 2 else None
    previous, expected_seq, seen_checkpoint = "0" * 64, 1, False
    wanted, signatures = {}, 0
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
            if event["kind"] == "signature":
                versions = signed_versions(event)
                if versions is None:
                    print(f"FAIL at seq {event['seq']}: signature without the versions it signs (payload.signs)")
                    return 1
                for ident, seq, digest in versions:
                    if not 1 <= seq < event["seq"]:
                        print(f"FAIL at seq {event['seq']}: signature names seq {seq}, not an earlier event")
                        return 1
                    wanted.setdefault(seq, []).append((event["seq"], ident, digest))
                signatures += 1
            previous, expected_seq = stored, expected_seq + 1
    if checkpoint and not seen_checkpoint:
        print(f"FAIL at seq {expected_seq}: truncated before checkpoint seq {checkpoint[0]}")
        return 1
    failure = check_signatures(path, wanted) if wanted else None
    if failure:
        print(failure)
        return 1
    linked = f", {signatures} signatures linked to the versions they sign" if signatures else ""
    print(f"ok: {expected_seq - 1} events intact{linked}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
