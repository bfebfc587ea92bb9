#!/usr/bin/env python3
"""Writes N synthetic assessments as JSON Lines (seeded, so every run grades the same file)."""
import json
import random
import sys

def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(20261125)
    devices = ["roomAir", "blowBy", "nasalCannula", "highFlowNasalCannula", "simpleFaceMask",
               "nonRebreatherMask", "venturiMask", "cpap", "bipap", "mechanicalVentilation"]
    levels = ["alert", "awakensSpontaneously", "awakensToVoice", "awakensToTactile", "unarousable"]
    drugs = ["norepinephrine", "epinephrine", "dopamine", "phenylephrine"]
    out = sys.stdout
    for i in range(count):
        device = rng.choice(devices)
        oxygen = {"device": device}
        if device == "nasalCannula":
            oxygen["flowLPerMin"] = rng.choice([1, 2, 4, 6, 7, 10])
        if device != "roomAir":
            oxygen["fio2"] = round(rng.uniform(0.24, 0.9), 2)
        pressors = [{"drug": d, "dose": round(rng.uniform(0.02, 0.4), 2), "unit": "mcg/kg/min"}
                    for d in rng.sample(drugs, rng.choice([0, 0, 0, 1, 1, 2]))]
        if pressors and rng.random() < 0.3:
            pressors.append({"drug": "vasopressin", "dose": 0.03, "unit": "units/min"})
        age = rng.choice([8, 11, 12, 35, 54, 67])
        neuro = {"consciousness": rng.choice(levels), "seizure": "none", "motorWeakness": "none",
                 "cerebralEdema": "none", "posturing": False, "cranialNerveVIPalsy": False,
                 "papilledema": False, "cushingsTriad": False}
        if age >= 12:
            neuro["ice"] = {"orientation": rng.randint(0, 4), "naming": rng.randint(0, 3), "commands": rng.randint(0, 1),
                            "writing": rng.randint(0, 1), "attention": rng.randint(0, 1)}
        else:
            neuro["capd"] = {"total": rng.randint(0, 20)}
        record = {
            "patient": {"id": f"P-{i % 500:04d}", "ageYears": age, "weightKg": 70,
                        "infusionTime": "2026-11-20T10:00:00+08:00"},
            "time": f"2026-11-{21 + i % 7:02d}T{i % 24:02d}:00:00+08:00",
            "vitals": {"temperature": {"value": round(rng.uniform(36.5, 40.5), 1), "unit": "C"},
                       "systolicBP": rng.randint(70, 140), "spo2": rng.randint(86, 100),
                       "hypotension": bool(pressors) or rng.random() < 0.2},
            "support": {"vasopressors": pressors, "oxygen": oxygen},
            "neuro": neuro,
            "labs": {"alt": {"value": rng.randint(10, 900), "unit": "U/L", "uln": 40, "baseline": 25},
                     "anc": {"value": round(rng.uniform(0.1, 6), 2), "unit": "10^9/L", "lln": 1.8},
                     "ferritin": {"value": rng.randint(100, 30000), "unit": "ng/mL"}},
            "treatments": {"tocilizumab": rng.random() < 0.3, "corticosteroids": rng.random() < 0.2,
                           "antipyretics": rng.random() < 0.5},
        }
        out.write(json.dumps(record, separators=(",", ":")) + "\n")

if __name__ == "__main__":
    main()
