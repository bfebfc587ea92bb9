import Clinical

extension LogRecorder.Outcome {
    /// Appends the line `aegrade record` prints for this outcome to `out`; returns whether it was
    /// a rejection. A written entry is `{"patient": …, "time": …, "seq": [n, …]}`, with
    /// `"warnings": ["…"]` when its patient id differs from another of the log only in letter
    /// case or by look-alike characters (recorded all the same); a rejected one is the error line
    /// of `aegrade grade`.
    package func write(into out: inout [UInt8], directory: inout PatientDirectory) -> Bool {
        switch self {
        case let .recorded(patient, time, seqs):
            directory.insert(patient)
            var members: [(String, JSONValue)] = [("patient", .string(patient)), ("time", .string(time)),
                                                  ("seq", .array(seqs.map { .number(Double($0)) }))]
            if let warning = directory.warning(for: patient) { members.append(("warnings", .array([.string(warning)]))) }
            JSONValue.object(members).write(into: &out)
            out.append(0x0A)
            return false
        case .rejected(let line):
            out += (line + "\n").utf8
            return true
        }
    }
}
