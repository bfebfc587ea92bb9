import Testing
@testable import Clinical

/// One row of a test table: a sentence that reads as the clinical expectation, and its data.
///
/// Swift Testing prints `testDescription` for each argument, so a failing row reads as the
/// sentence ("10.0 g/dL haemoglobin is 100 g/L") rather than as a dump of the data.
struct Row<Input: Sendable, Expected: Sendable>: Sendable, CustomTestStringConvertible {
    let sentence: String
    let input: Input
    let expected: Expected

    init(_ sentence: String, _ input: Input, _ expected: Expected) {
        self.sentence = sentence
        self.input = input
        self.expected = expected
    }

    var testDescription: String { sentence }
}

/// What a rejected input must say: the field path and words the message must contain.
struct Rejection: Sendable {
    let field: String
    let mentions: [String]

    init(_ field: String, mentioning mentions: String...) {
        self.field = field
        self.mentions = mentions
    }
}

/// The identification every test line shares: spec `grade-io.md`, required `patient.id` and `time`.
let requiredMembers = #""patient": {"id": "P-001"}, "time": "2026-11-22T08:00:00+08:00""#

/// A minimal valid assessment line with `members` (JSON object members, without braces) added.
func line(_ members: String = "") -> String {
    "{" + requiredMembers + (members.isEmpty ? "" : ", " + members) + "}"
}

/// Parses and strictly decodes one assessment line.
func decode(_ text: String) throws -> Assessment {
    try Assessment(json: JSONParser.parse(text))
}

/// The `InputError` that decoding `text` throws; records an issue when it is accepted or fails
/// for another reason (a JSON syntax error means the test line itself is wrong).
func rejection(of text: String, sourceLocation: SourceLocation = #_sourceLocation) -> InputError? {
    let json: JSONValue
    do {
        json = try JSONParser.parse(text)
    } catch {
        Issue.record("test line is not JSON (\(error)): \(text)", sourceLocation: sourceLocation)
        return nil
    }
    do {
        let accepted = try Assessment(json: json)
        Issue.record("expected a rejection, but the line was accepted as \(accepted)", sourceLocation: sourceLocation)
        return nil
    } catch let error as InputError {
        return error
    } catch {
        Issue.record("expected an InputError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Checks that `error` names `expected.field` and mentions every expected fragment.
func expect(_ error: InputError?, matches expected: Rejection, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error else { return }
    #expect(error.field.text == expected.field, "message was: \(error.message)", sourceLocation: sourceLocation)
    for fragment in expected.mentions {
        #expect(error.message.contains(fragment), "message \"\(error.message)\" should mention \"\(fragment)\"",
                sourceLocation: sourceLocation)
    }
}

/// The assessment time of the spec example, 2026-11-22T08:00:00+08:00.
let assessmentTime = ClinicalTime(iso8601: "2026-11-22T08:00:00+08:00")!

/// An assessment of patient P-001 at `assessmentTime` with the given groups.
func assessment(patient: Assessment.Patient = .init(id: "P-001"), vitals: Assessment.Vitals? = nil,
                support: Assessment.Support? = nil, neuro: Assessment.Neuro? = nil,
                labs: Assessment.Labs? = nil) -> Assessment {
    Assessment(patient: patient, time: assessmentTime, vitals: vitals, support: support, neuro: neuro, labs: labs)
}

/// Whether `actual` is within `relative` (a fraction) of `expected`.
func isClose(_ actual: Double?, _ expected: Double, relative: Double) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= abs(expected) * relative
}

/// Whether `actual` is within `absolute` of `expected`.
func isClose(_ actual: Double?, _ expected: Double, absolute: Double) -> Bool {
    guard let actual else { return false }
    return abs(actual - expected) <= absolute
}
