#!/usr/bin/env python3
"""The baseline: Python merely parsing each JSON line and printing it again."""
import json
import sys

write = sys.stdout.write
for line in sys.stdin:
    write(json.dumps(json.loads(line)) + "\n")
