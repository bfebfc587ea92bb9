#!/usr/bin/env python3
"""Accounts for a benchmark's log, made as a trial makes them (README, "Setting up a trial's accounts").

Every command that writes signs in (21 CFR 11.10(d)), so a benchmark's log needs an administrator
and a service account whose key file `record --key` uses, as a laboratory import does. `log init`
and `user add` ask the administrator's password on the controlling terminal, never on standard
input: this answers them on a pseudo-terminal.

Usage: benchlog.py AEGRADE LOG KEYFILE   (makes the accounts when the log has none; prints KEYFILE)
"""
import fcntl
import os
import subprocess
import sys
import termios

ADMIN = "bench.admin"
PASSWORD = "benchmark password"
SERVICE = "bench.import"


def on_terminal(command, answers):
    """Runs `command` with a new pseudo-terminal as its controlling terminal, the lines of
    `answers` typed ahead on it; returns its exit status and standard error."""
    master, slave = os.openpty()

    def take_terminal():
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)

    os.write(master, "".join(line + "\n" for line in answers).encode())
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          preexec_fn=take_terminal, pass_fds=(slave,), timeout=600)
    os.close(slave)
    os.close(master)
    return done.returncode, done.stderr.decode(errors="replace")


def ensure_accounts(aegrade, log, key_file):
    if os.path.exists(key_file):
        return key_file
    status, err = on_terminal([aegrade, "log", "init", "--db", log, "--admin", ADMIN, "--name", "Benchmark administrator"],
                              [PASSWORD, PASSWORD])
    if status != 0:
        sys.exit(f"benchlog: log init failed ({status}): {err}")
    status, err = on_terminal([aegrade, "user", "add", "--db", log, "--user", ADMIN, SERVICE, "--name", "Benchmark import",
                               "--roles", "nurse", "--service", "--key-out", key_file], [PASSWORD])
    if status != 0:
        sys.exit(f"benchlog: user add failed ({status}): {err}")
    return key_file


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    print(ensure_accounts(sys.argv[1], sys.argv[2], sys.argv[3]))
