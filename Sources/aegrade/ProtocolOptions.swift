import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Safety
import Localization

/// `--protocol FILE`, loaded against the criteria.
struct ProtocolOptions: ParsableArguments {
    @Option(name: .customLong("protocol"), help: ArgumentHelp("The trial protocol (YAML).", valueName: "PROTOCOL"))
    var path: String

    init() {}
    init(path: String) { self.path = path }

    func load(criteria: CriteriaSet) throws -> TrialProtocol {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("aegrade: " + localized("cannot read {path}", ["path": path]))
            throw ExitCode(2)
        }
        do {
            return try TrialProtocol.load(bytes: Array(data), name: path, criteria: criteria)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}
