import Clinical
import Localization
import Yams

extension YAMLReader {
    /// Parses a file's bytes into its root node: refuses text that is not UTF-8 (naming the line
    /// and byte), an empty file (`emptyMessage` says what the file needs), a YAML syntax error and a
    /// key given twice in one mapping (Yams would keep one silently otherwise), each as
    /// `file:line: message`.
    package static func compose(_ bytes: [UInt8], name: String, emptyMessage: String) throws(FileLineError) -> Node {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let position = UTF8Position.firstInvalid(in: bytes)
            throw FileLineError(file: name, line: position?.line ?? 1, message: position.map { localizedMessage($0.message) } ?? localized("not UTF-8 text"))
        }
        do {
            // The basic resolver tags every scalar as text: the readers take each scalar's text and
            // parse it themselves (numbers, booleans, names), so the default resolver's regular
            // expressions, run on every scalar and again whenever a key is hashed for Yams's
            // duplicate-key check, were a fifth of loading the criteria at every start. The
            // encoding is named: Yams's default reads the process's whole environment for an
            // override on every call, 1.5 % of `record`'s start (callgrind), and the text is
            // UTF-8, checked above, whatever the environment says.
            guard let node = try Yams.compose(yaml: text, .basic, .default, .utf8) else { throw FileLineError(file: name, line: 1, message: emptyMessage) }
            return node
        } catch let error as FileLineError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _), let YamlError.composer(_, problem, mark, _) {
            throw FileLineError(file: name, line: mark.line, message: localized("YAML: {problem}", ["problem": localizedMessage(problem)]))
        } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
            // Yams reports the whole file as context; point at the first occurrence instead.
            let keys = duplicates.map { PrintableText.quoted($0) }.joined(separator: ", ")
            throw FileLineError(file: name, line: context.mark.line, message: localized("YAML: the key {keys} is given more than once in one mapping", ["keys": keys]))
        } catch {
            throw FileLineError(file: name, line: 0, message: localized("YAML: {problem}", ["problem": "\(error)"]))
        }
    }
}
