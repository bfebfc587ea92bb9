#!/usr/bin/env python3
"""Writes N synthetic assessments as JSON Lines (seeded, so every run grades the same file).

    make-assessments.py [N] [--full | --partial]

Without --full: vitals, support, neuro (ICE or CAPD by age), three labs and three treatments, the
light inputs the log benchmarks record. With --full: every section of grade-io.md filled, as in an
ICU day of a patient with suspected CRS, ICANS or HLH: all thirteen labs with their limits and
baselines (every lab a criteria file grades), NK activity, HLH findings and organ toxicities, ICE
items (sometimes unable) and CAPD (answers or total), all four treatments, attributions to other
causes and, rarely, an outcome. With --partial: full panels with sections and fields left out at
random (unknown inputs), keeping patient.id and time; the grading tests' golden inputs.
"""
import json
import random
import sys

DEVICES = ["roomAir", "blowBy", "nasalCannula", "highFlowNasalCannula", "simpleFaceMask",
           "nonRebreatherMask", "venturiMask", "cpap", "bipap", "mechanicalVentilation"]
LEVELS = ["alert", "awakensSpontaneously", "awakensToVoice", "awakensToTactile", "unarousable"]
DRUGS = ["norepinephrine", "epinephrine", "dopamine", "phenylephrine"]
CAPD_ANSWERS = ["never", "rarely", "sometimes", "often", "always"]
SEIZURES = ["none", "none", "none", "resolvedRapidly", "nonconvulsiveResolvedWithIntervention", "prolonged",
            "repetitiveWithoutReturnToBaseline"]
EDEMA = ["none", "none", "none", "focal", "diffuse"]
HEMOPHAGOCYTOSIS = ["none", "none", "boneMarrow", "spleen", "lymphNode", "liver", "otherOrgan"]
CAUSES = ["fever", "hypotension", "hypoxia", "consciousness", "seizure", "motorWeakness", "cerebralEdema", "ice"]


def light(rng: random.Random, i: int) -> dict:
    device = rng.choice(DEVICES)
    oxygen = {"device": device}
    if device == "nasalCannula":
        oxygen["flowLPerMin"] = rng.choice([1, 2, 4, 6, 7, 10])
    if device != "roomAir":
        oxygen["fio2"] = round(rng.uniform(0.24, 0.9), 2)
    pressors = [{"drug": d, "dose": round(rng.uniform(0.02, 0.4), 2), "unit": "mcg/kg/min"}
                for d in rng.sample(DRUGS, rng.choice([0, 0, 0, 1, 1, 2]))]
    if pressors and rng.random() < 0.3:
        pressors.append({"drug": "vasopressin", "dose": 0.03, "unit": "units/min"})
    age = rng.choice([8, 11, 12, 35, 54, 67])
    neuro = {"consciousness": rng.choice(LEVELS), "seizure": "none", "motorWeakness": "none",
             "cerebralEdema": "none", "posturing": False, "cranialNerveVIPalsy": False,
             "papilledema": False, "cushingsTriad": False}
    if age >= 12:
        neuro["ice"] = {"orientation": rng.randint(0, 4), "naming": rng.randint(0, 3), "commands": rng.randint(0, 1),
                        "writing": rng.randint(0, 1), "attention": rng.randint(0, 1)}
    else:
        neuro["capd"] = {"total": rng.randint(0, 20)}
    return {
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


def full_labs(rng: random.Random) -> dict:
    """Every lab of grade-io.md, in either of its units, with the limits and baselines a
    laboratory reports."""
    si = rng.random() < 0.5
    labs = {
        "anc": {"value": round(rng.uniform(0.05, 8), 2), "unit": "10^9/L", "lln": 1.8, "baseline": round(rng.uniform(1.5, 5), 1)},
        "wbc": {"value": round(rng.uniform(0.2, 15), 1), "unit": "10^9/L", "lln": 4.0, "uln": 11.0},
        "platelets": {"value": rng.randint(5, 350), "unit": "10^9/L", "lln": 150, "baseline": rng.randint(120, 300)},
        "hemoglobin": ({"value": rng.randint(55, 150), "unit": "g/L", "lln": 120, "uln": 160, "baseline": rng.randint(100, 150)} if si else
                       {"value": round(rng.uniform(5.5, 15), 1), "unit": "g/dL", "lln": 12.0, "uln": 16.0, "baseline": round(rng.uniform(10, 15), 1)}),
        "ferritin": {"value": rng.randint(100, 60000), "unit": rng.choice(["ng/mL", "ug/L"]), "uln": 300},
        "triglycerides": ({"value": round(rng.uniform(0.8, 6), 2), "unit": "mmol/L", "uln": 1.7} if si else
                          {"value": rng.randint(70, 500), "unit": "mg/dL", "uln": 150}),
        "fibrinogen": ({"value": round(rng.uniform(0.5, 5), 2), "unit": "g/L", "lln": 2.0, "baseline": 3.0} if si else
                       {"value": rng.randint(50, 500), "unit": "mg/dL", "lln": 200, "baseline": 300}),
        "ast": {"value": rng.randint(10, 1500), "unit": "U/L", "uln": 40, "baseline": rng.randint(15, 60)},
        "alt": {"value": rng.randint(10, 1500), "unit": "U/L", "uln": 40, "baseline": rng.randint(15, 60)},
        "ldh": {"value": rng.randint(120, 4000), "unit": "U/L", "uln": 250},
        "bilirubin": ({"value": rng.randint(4, 200), "unit": "umol/L", "uln": 21, "baseline": rng.randint(5, 20)} if si else
                      {"value": round(rng.uniform(0.2, 12), 1), "unit": "mg/dL", "uln": 1.2, "baseline": round(rng.uniform(0.3, 1.1), 1)}),
        "creatinine": ({"value": rng.randint(40, 600), "unit": "umol/L", "uln": 110, "baseline": rng.randint(50, 100)} if si else
                       {"value": round(rng.uniform(0.5, 7), 1), "unit": "mg/dL", "uln": 1.2, "baseline": round(rng.uniform(0.6, 1.1), 1)}),
        "scd25": {"value": rng.randint(400, 20000), "unit": "U/mL", "uln": 2400},
        "nkActivity": rng.choice(["normal", "normal", "low", "absent"]),
    }
    if rng.random() < 0.8:
        labs["triglycerides"]["fasting"] = rng.random() < 0.6
    return labs


def full(rng: random.Random, i: int) -> dict:
    record = light(rng, i)
    age = record["patient"]["ageYears"]
    record["patient"].update({"developmentalDelay": rng.random() < 0.05, "immunosuppressed": rng.random() < 0.2})
    vitals = record["vitals"]
    vitals["meanArterialPressure"] = max(40, round(vitals["systolicBP"] * 0.7))
    if rng.random() < 0.3:
        vitals["temperature"] = {"value": round(rng.uniform(97.7, 104.9), 1), "unit": "F"}
    neuro = record["neuro"]
    roll = rng.random()
    if roll < 0.1:
        neuro["ice"] = {"unable": rng.choice(["unarousable", "awakeAphasic", "other"])}
    elif roll < 0.2:
        neuro["ice"] = {"total": rng.randint(0, 10)}
    else:
        neuro["ice"] = {"orientation": rng.randint(0, 4), "naming": rng.randint(0, 3), "commands": rng.randint(0, 1),
                        "writing": rng.randint(0, 1), "attention": rng.randint(0, 1)}
    if rng.random() < 0.7:
        neuro["capd"] = {"answers": [rng.choice(CAPD_ANSWERS) for _ in range(8)]}
    elif rng.random() < 0.8:
        neuro["capd"] = {"total": rng.randint(0, 32)}
    else:
        neuro["capd"] = {"unable": True}
    neuro.update({"seizure": rng.choice(SEIZURES), "motorWeakness": rng.choice(["none", "none", "none", "deepFocal"]),
                  "cerebralEdema": rng.choice(EDEMA), "posturing": rng.random() < 0.05,
                  "cranialNerveVIPalsy": rng.random() < 0.05, "papilledema": rng.random() < 0.05,
                  "cushingsTriad": rng.random() < 0.03})
    record["labs"] = full_labs(rng)
    record["findings"] = {
        "splenomegaly": rng.random() < 0.3, "hepatomegaly": rng.random() < 0.3,
        "molecularHLHDiagnosis": rng.random() < 0.02, "hemophagocytosis": rng.choice(HEMOPHAGOCYTOSIS),
        "organToxicity": {"pulmonaryEdema": rng.randint(0, 4), "acuteKidneyInjury": rng.randint(0, 4),
                          "urineOutputDecreased": rng.randint(0, 3)},
        "lifeThreatening": rng.random() < 0.05,
    }
    record["treatments"] = {"tocilizumab": rng.random() < 0.3, "corticosteroids": rng.random() < 0.2,
                            "antipyretics": rng.random() < 0.5, "anakinra": rng.random() < 0.05}
    record["otherCause"] = sorted(rng.sample(CAUSES, rng.choice([0, 0, 0, 1, 2])))
    record["outcome"] = {"death": rng.choice(["crs", "icans", "hlh", "other"])} if rng.random() < 0.01 else {}
    return record


# Keys an object of grade-io.md cannot do without (a lab's value and unit, a device): left in, so that
# most partial assessments are graded rather than rejected.
REQUIRED = {"value", "unit", "device", "drug", "dose", "answers", "total", "unable", "orientation", "naming",
            "commands", "writing", "attention"}


def partial(rng: random.Random, i: int) -> dict:
    record = full(rng, i)

    def thin(value, depth: int):
        if isinstance(value, dict):
            return {k: thin(v, depth + 1) for k, v in value.items()
                    if (depth == 0 and k in ("patient", "time")) or (depth == 1 and k == "id") or k in REQUIRED
                    or rng.random() > 0.2}
        return value
    record = thin(record, 0)
    record["patient"]["id"] = f"P-{i % 500:04d}"
    return record


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    flags = sys.argv[1:]
    draw = full if "--full" in flags else (partial if "--partial" in flags else light)
    count = int(args[0]) if args else 100_000
    rng = random.Random(20261125)
    out = sys.stdout
    for i in range(count):
        out.write(json.dumps(draw(rng, i), separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
