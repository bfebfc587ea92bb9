import Foundation

// Writes a Swift source holding each criteria file's exact text as an escaped string literal.
// Usage: CriteriaEmbedder OUTPUT.swift FILE.yaml... [ID.LANGUAGE.tsv...]
// The bytes must survive exactly: the file hash that every stored grade carries is computed from them.
// The translations of the files' reasons (`<id>.<language>.tsv`) go into a second table.

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: CriteriaEmbedder OUTPUT.swift FILE.yaml...\n".utf8))
    exit(2)
}

func literal(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let c where c.value < 0x20: out += "\\u{\(String(c.value, radix: 16))}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

var source = "// Generated at build time from Criteria/*.yaml by CriteriaEmbedder. Do not edit.\n\n"
func read(_ path: String) -> (name: String, text: String) {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("CriteriaEmbedder: cannot read \(path) as UTF-8\n".utf8))
        exit(1)
    }
    return (URL(fileURLWithPath: path).lastPathComponent, text)
}

let inputs = arguments.dropFirst()
source += "enum BundledCriteria {\n    static let files: [(name: String, text: String)] = [\n"
for path in inputs where !path.hasSuffix(".tsv") {
    let (name, text) = read(path)
    source += "        (\(literal(name)), \(literal(text))),\n"
}
source += "    ]\n\n    static let translations: [(name: String, text: String)] = [\n"
for path in inputs where path.hasSuffix(".tsv") {
    let (name, text) = read(path)
    source += "        (\(literal(name)), \(literal(text))),\n"
}
source += "    ]\n}\n"
do {
    try source.write(toFile: output, atomically: true, encoding: .utf8)
} catch {
    FileHandle.standardError.write(Data("CriteriaEmbedder: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
