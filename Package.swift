// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "aegrade",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "aegrade", targets: ["aegrade"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // The clinical vocabulary: assessments, units, plausibility, derived values. No I/O.
        .target(name: "Clinical"),
        // Criteria files as data: loading, validation, the criteria language, evaluation.
        .target(
            name: "Grading",
            dependencies: [
                "Clinical",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            plugins: ["EmbedCriteria"]
        ),
        // Build tool: embeds Criteria/*.yaml into Grading so the binary carries its criteria.
        .executableTarget(name: "CriteriaEmbedder"),
        .plugin(name: "EmbedCriteria", capability: .buildTool(), dependencies: ["CriteriaEmbedder"]),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "aegrade",
            dependencies: [
                "Clinical", "Grading",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["Clinical", "Grading"], path: "Tests/TestSupport"),
        .testTarget(name: "ClinicalTests", dependencies: ["Clinical", "TestSupport"]),
        .testTarget(
            name: "GradingTests",
            dependencies: [
                "Clinical", "Grading", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "aegradeTests", dependencies: ["aegrade", "Clinical", "Grading"], exclude: ["Fixtures"]),
    ]
)

for target in package.targets where target.type != .plugin {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
