#!/usr/bin/env python3
"""Damages assessments read as JSON Lines on standard input, one change per line (seeded, so every
run writes the same file), for comparing two builds' `aegrade grade` output on inputs that are
rejected or read through unusual paths (grade-compare.sh).

    make-assessments.py 20000 --full | damage-assessments.py [SEED]

Each line gets one of: a value of the wrong type, null, a number out of range or in exponent form,
an unknown key, a repeated key, an escaped key or value, text outside ASCII (micro sign, Cyrillic,
a trailing space in an id), a required field removed, ICE or CAPD parts given together, a lab unit
in another spelling, extra whitespace, a truncated line, or nothing at all (about one line in six).
"""
import json
import random
import sys

ODD_VALUES = ["x", 1e300, -1, 0, 2.5, True, False, None, [], {}, "", "none", 11, 1e-5, 33]
UNIT_SPELLINGS = ["mg/dl", "UMOL/L", "\u00b5mol/L", "10E9/L", "x10^9/L", "K/uL", "G/L", "g/l", " U/L ", "IU/L",
                  "pg/mL", "mcg/L", "/mm3", "{cells}/uL"]


def paths(value, prefix=()):
    """Every (path, value) inside value, objects and arrays included."""
    yield prefix, value
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from paths(inner, prefix + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from paths(inner, prefix + (index,))


def holder(doc, path):
    for step in path[:-1]:
        doc = doc[step]
    return doc


def damage(rng: random.Random, doc: dict) -> str:
    kind = rng.randrange(16)
    everything = [(p, v) for p, v in paths(doc) if p]
    objects = [(p, v) for p, v in paths(doc) if isinstance(v, dict)]
    path, _ = rng.choice(everything)
    if kind == 0:
        holder(doc, path)[path[-1]] = rng.choice(ODD_VALUES)
    elif kind == 1:
        holder(doc, path)[path[-1]] = None
    elif kind == 2:
        numbers = [(p, v) for p, v in everything if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if numbers:
            p, v = rng.choice(numbers)
            holder(doc, p)[p[-1]] = rng.choice([v * 1000, -v, v + 0.5, 1e308 * 10 if rng.random() < 0.1 else v])
        text = json.dumps(doc, separators=(",", ":"))
        return text.replace("00,", "e2,", 1) if rng.random() < 0.3 else text
    elif kind == 3:
        _, target = rng.choice(objects)
        target[rng.choice(["extra", "Value", "unit ", "fasting", "total", "unable", "answers"])] = 1
    elif kind == 4:
        text = json.dumps(doc, separators=(",", ":"))
        p, target = rng.choice(objects)
        if target:
            key = next(iter(target))
            first = json.dumps({key: target[key]}, separators=(",", ":"))[1:-1]
            return text.replace(first, first + "," + first, 1)
        return text
    elif kind == 5:
        text = json.dumps(doc, separators=(",", ":"))
        return text.replace('"patient"', '"p\\u0061tient"', 1) if rng.random() < 0.5 else text.replace('"C"', '"\\u0043"', 1)
    elif kind == 6:
        doc["patient"]["id"] = rng.choice(["BED-03 ", " \u0412\u0415D-03", "P\u00e9-1", "", "P 1", "P\u200b1", "\u212a-7"])
    elif kind == 7:
        p, target = rng.choice(objects)
        if target:
            del target[rng.choice(list(target))]
    elif kind == 8:
        neuro = doc.setdefault("neuro", {})
        neuro["ice"] = rng.choice([{"total": 7, "orientation": 4}, {"unable": "other", "total": None}, {"total": None,
                                   "orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1},
                                   {"unable": None, "total": 10}, {"orientation": 5, "naming": 3, "commands": 1,
                                   "writing": 1, "attention": 1}, {}, {"total": 3.5}])
        neuro["capd"] = rng.choice([{"unable": True}, {"unable": False}, {"unable": True, "total": None}, {"total": 40},
                                    {"answers": ["never"] * 7}, {"answers": ["never"] * 8, "total": None},
                                    {"unable": None, "answers": ["often"] * 8}, {}])
    elif kind == 9:
        labs = doc.get("labs") or {}
        analytes = [k for k in labs if isinstance(labs[k], dict)]
        if analytes:
            labs[rng.choice(analytes)]["unit"] = rng.choice(UNIT_SPELLINGS)
    elif kind == 10:
        return json.dumps(doc, indent=None, separators=(" , ", " : ")) + " \r"
    elif kind == 11:
        text = json.dumps(doc, separators=(",", ":"))
        return text[: rng.randrange(1, len(text))]
    elif kind == 12:
        support = doc.setdefault("support", {})
        support["vasopressors"] = [{"drug": "vasopressin", "dose": 0.03, "unit": rng.choice(["units/min", "mcg/min"])},
                                   {"drug": "norepinephrine", "dose": 0.1, "unit": rng.choice(["mcg/kg/min", "units/min"])}]
        support["oxygen"] = rng.choice([{"device": "nasalCannula"}, {"device": "nasalCannula", "flowLPerMin": None},
                                        {"device": "cpap", "fio2": 0.4}, {"flowLPerMin": 3}])
    elif kind == 13:
        doc["otherCause"] = rng.choice([["fever", "fever"], ["ice", None], "fever", ["rash"], []])
        doc["outcome"] = rng.choice([{"death": "crs"}, {"death": None}, {"death": "cancer"}, None, {}])
    elif kind == 14:
        doc["time"] = rng.choice(["2026-11-21T00:00:00", "2026-11-21T00:00:00Z", "2026-13-01T00:00:00+08:00",
                                  "2026-11-21T00:00:00.250-05:00", None, 5])
    return json.dumps(doc, separators=(",", ":"))


def main() -> None:
    rng = random.Random(int(sys.argv[1]) if len(sys.argv) > 1 else 19)
    for line in sys.stdin:
        doc = json.loads(line)
        sys.stdout.write((damage(rng, doc) if rng.random() < 5 / 6 else line.rstrip("\n")) + "\n")


if __name__ == "__main__":
    main()
