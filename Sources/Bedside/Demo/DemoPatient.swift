import Clinical
import Localization

/// One synthetic subject of the demo trial: when they were enrolled and infused (hours before
/// "now"), the course of CRS and ICANS they run (hours after infusion), what they were given, and
/// the one-off entries the demo needs (a correction, an override, a manufacturing failure).
struct DemoPatient {
    let id: String
    let cohort: String
    let age: Int
    let weightKg: Int
    /// Hours before now.
    let enrolled: Int
    /// Hours before now; nil when never infused.
    let infused: Int?
    /// `(hour after infusion, CRS grade, ICANS grade)`, from hour 0, in order.
    var course: [(hour: Int, crs: Int, icans: Int)] = [(0, 0, 0)]
    /// CRS grade 2 shown by low-flow oxygen rather than by hypotension.
    var crs2ByOxygen = false
    /// `(hour after infusion, drug, dose, why)`.
    var treatments: [(hour: Int, drug: String, dose: String, reason: String)] = []
    /// No assessment in the last hours (one patient is left overdue).
    var lagHours = 0
    /// At this hour after infusion a wrong temperature is typed, then corrected.
    var typo: (hour: Int, typed: Double)?
    /// At this hour after infusion a physician overrides the computed grade.
    var override: (hour: Int, criteria: String, grade: Int, reason: String)?
    /// Hours before now: the product could not be made.
    var failure: (hours: Int, reason: String, replaced: Bool)?
    /// Hours before now: a screening assessment before infusion.
    var screening: Int?
    /// The infusion's clinical time as logged (set from "now").
    var infusionText: String?

    init(id: String, cohort: String, age: Int, weightKg: Int, enrolled: Int, infused: Int?) {
        self.id = id
        self.cohort = cohort
        self.age = age
        self.weightKg = weightKg
        self.enrolled = enrolled
        self.infused = infused
    }

    /// The grades the course sets at `hour` after infusion.
    func grades(at hour: Int) -> (crs: Int, icans: Int) {
        let entry = course.last { $0.hour <= hour } ?? course[0]
        return (entry.crs, entry.icans)
    }

    /// The treatments given in the three days up to `hour`, as the assessment input names them.
    func given(at hour: Int) -> [String] {
        let recent = treatments.filter { $0.hour <= hour && $0.hour >= hour - 72 }.map(\.drug)
        var names: [String] = []
        if recent.contains("tocilizumab") { names.append("tocilizumab") }
        if recent.contains(where: { $0 == "dexamethasone" || $0 == "methylprednisolone" }) { names.append("corticosteroids") }
        return names
    }

    /// The hours after infusion of the routine assessments: every 4 hours in the first week, every
    /// 8 hours after, up to `last`.
    static func schedule(upTo last: Int) -> [Int] {
        var hours: [Int] = []
        var hour = 4
        while hour <= last {
            hours.append(hour)
            hour += hour < 168 ? 4 : 8
        }
        return hours
    }

    /// The demo trial's subjects: two dose cohorts, one subject whose product failed (replaced),
    /// one waiting for infusion.
    /// Computed on each use: its reasons are in the language of the moment (a test may speak
    /// Chinese in one task and English in another).
    static var cast: [DemoPatient] {
        var p1 = DemoPatient(id: "P-001", cohort: "DL1", age: 58, weightKg: 72, enrolled: 330, infused: 312)
        p1.course = [(0, 0, 0), (28, 1, 0), (44, 2, 0), (60, 1, 0), (76, 0, 0)]
        p1.treatments = [(45, "tocilizumab", localized("8 mg/kg IV"), localized("CRS grade 2: hypotension responding to fluids"))]
        p1.lagHours = 1

        var p2 = DemoPatient(id: "P-002", cohort: "DL1", age: 63, weightKg: 80, enrolled: 320, infused: 264)
        p2.course = [(0, 0, 0), (16, 1, 0), (28, 2, 0), (40, 3, 0), (48, 4, 0), (60, 3, 1), (72, 2, 1), (84, 1, 0), (100, 0, 0)]
        p2.crs2ByOxygen = true
        p2.treatments = [(29, "tocilizumab", localized("8 mg/kg IV"), localized("CRS grade 2 needing oxygen")),
                         (41, "dexamethasone", localized("10 mg IV q6h"), localized("CRS grade 3 on norepinephrine")),
                         (49, "tocilizumab", localized("8 mg/kg IV, second dose"), localized("CRS grade 4")),
                         (50, "methylprednisolone", localized("1 g IV daily"), localized("CRS grade 4 on two vasopressors"))]
        p2.lagHours = 2

        var p3 = DemoPatient(id: "P-003", cohort: "DL1", age: 45, weightKg: 65, enrolled: 300, infused: 216)
        p3.course = [(0, 0, 0), (20, 1, 0), (36, 0, 0), (96, 0, 1), (124, 0, 0)]
        p3.override = (100, "astct-2019-icans", 2, localized("awakens only to voice on neurology review; consciousness not charted in this entry"))
        p3.treatments = [(101, "dexamethasone", localized("10 mg IV once"), localized("ICANS grade 2 (override)"))]
        p3.lagHours = 14

        var p4 = DemoPatient(id: "P-004", cohort: "DL1", age: 51, weightKg: 90, enrolled: 260, infused: 188)
        p4.course = [(0, 0, 0), (24, 1, 0), (40, 0, 0)]
        p4.typo = (72, 39.8)
        p4.lagHours = 3

        var p5 = DemoPatient(id: "P-005", cohort: "DL2", age: 38, weightKg: 58, enrolled: 190, infused: 140)
        p5.course = [(0, 0, 0), (10, 1, 0), (22, 2, 0), (36, 1, 0), (48, 0, 0), (84, 0, 1), (92, 0, 2), (100, 0, 3),
                     (116, 0, 2), (128, 0, 1), (136, 0, 0)]
        p5.treatments = [(23, "tocilizumab", localized("8 mg/kg IV"), localized("CRS grade 2")),
                         (93, "dexamethasone", localized("10 mg IV q6h"), localized("ICANS grade 2")),
                         (101, "methylprednisolone", localized("1 g IV daily for 3 days"), localized("ICANS grade 3"))]

        var p6 = DemoPatient(id: "P-006", cohort: "DL2", age: 60, weightKg: 77, enrolled: 96, infused: 20)
        p6.course = [(0, 0, 0), (20, 1, 0)]

        var p7 = DemoPatient(id: "P-007", cohort: "DL2", age: 49, weightKg: 70, enrolled: 200, infused: nil)
        p7.failure = (130, localized("T-cell expansion below the release specification"), true)

        var p8 = DemoPatient(id: "P-008", cohort: "DL2", age: 55, weightKg: 68, enrolled: 30, infused: nil)
        p8.screening = 26

        return [p1, p2, p3, p4, p5, p6, p7, p8]
    }
}
