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

Signed events: a line's "signature" ({"key": HEX, "sig": HEX}) is left out of the hashed object,
like "hash". From the event that registers the log's key (a "logKey" event, or the first
"userAdmin" event by aegrade carrying payload.logKey) on, every event must carry an Ed25519
signature (RFC 8032) over its hash as 32 bytes: by the log's key when its author is aegrade
("system"), else by the key the latest userAdmin event before it registered for its author
(payload.signingKey). Accounts created before that event may write unsigned until their key is
registered. The signatures are checked with Python's cryptography package when it is installed;
without it they are skipped, and the output says so.
Exit status 0 intact, 1 not.
"""
import hashlib
import json
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:
    Ed25519PublicKey = None


class SignatureRule:
    """Which key must have signed each event, as the log's own events register the keys."""

    def __init__(self):
        self.log_key, self.keys, self.keyless, self.checked = None, {}, set(), 0

    @staticmethod
    def registered_log_key(event):
        payload = event.get("payload")
        if not isinstance(payload, dict) or not isinstance(payload.get("logKey"), str):
            return None
        if event["kind"] == "logKey":
            return payload["logKey"]
        if event["kind"] == "userAdmin" and event["author"] == {"id": "aegrade", "role": "system"}:
            return payload["logKey"]
        return None

    def check(self, event, stored):
        """A failure line for this event, or None; then folds in the keys it registers."""
        if self.log_key is None:
            self.log_key = self.registered_log_key(event)
        payload = event.get("payload") if isinstance(event.get("payload"), dict) else {}
        if self.log_key is None:
            if event["kind"] == "userAdmin" and payload.get("action") == "created" and isinstance(payload.get("user"), str):
                self.keyless.add(payload["user"])
            return None
        author = event["author"]
        is_system = author == {"id": "aegrade", "role": "system"}
        expected = self.log_key if is_system else self.keys.get(author["id"])
        signature = event.get("signature")
        if expected is not None:
            if not isinstance(signature, dict) or not isinstance(signature.get("key"), str) or not isinstance(signature.get("sig"), str):
                return f"FAIL at seq {event['seq']}: signature: the event by {author['id']!r} carries no signature"
            if signature["key"] != expected:
                return (f"FAIL at seq {event['seq']}: signature: the event by {author['id']!r} is signed by key "
                        f"{signature['key'][:16]}…, not by its registered key {expected[:16]}…")
            if Ed25519PublicKey is not None:
                try:
                    Ed25519PublicKey.from_public_bytes(bytes.fromhex(expected)).verify(bytes.fromhex(signature["sig"]), bytes.fromhex(stored))
                except (InvalidSignature, ValueError):
                    return f"FAIL at seq {event['seq']}: signature: the signature of the event by {author['id']!r} does not verify"
                self.checked += 1
        elif author["id"] not in self.keyless:
            return f"FAIL at seq {event['seq']}: signature: the author {author['id']!r} has no registered signing key"
        if event["kind"] == "userAdmin" and isinstance(payload.get("user"), str) and isinstance(payload.get("signingKey"), str):
            self.keys[payload["user"]] = payload["signingKey"]
            self.keyless.discard(payload["user"])
        return None


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
    rule = SignatureRule()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            event = json.loads(line)
            stored = event.pop("hash")
            signature = event.pop("signature", None)
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
            event["signature"] = signature
            failure = rule.check(event, stored)
            if failure:
                print(failure)
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
    if rule.log_key is None:
        signed = ""
    elif Ed25519PublicKey is None:
        signed = "; Ed25519 signatures NOT checked (install Python's cryptography: apt-get install python3-cryptography)"
    else:
        signed = f", {rule.checked} Ed25519 signatures verified"
    print(f"ok: {expected_seq - 1} events intact{linked}{signed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
