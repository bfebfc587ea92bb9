import Foundation
import PackagePlugin

/// Embeds the reviewed criteria files of `Criteria/` into the Grading module at build time, so that
/// the `aegrade` binary carries them wherever it is copied and never reads a stale copy; their
/// translations (`<id>.<language>.tsv`, Criteria/README.md) travel with them the same way.
@main
struct EmbedCriteria: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let criteria = context.package.directoryURL.appendingPathComponent("Criteria")
        let names = try FileManager.default.contentsOfDirectory(atPath: criteria.path)
            .filter { $0.hasSuffix(".yaml") || ($0.hasSuffix(".tsv") && $0.split(separator: ".").count == 3) }
            .sorted()
        let inputs = names.map { criteria.appendingPathComponent($0) }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("BundledCriteria.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(names.count) criteria and translation files",
                executable: try context.tool(named: "CriteriaEmbedder").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}
