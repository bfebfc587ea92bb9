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
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // ICU's NFC/NFKC normalisation and UTS #39 confusable skeleton behind a plain C interface
        // (Debian libicu-dev; the ICU headers stay inside the .c file, see its header for why).
        .target(name: "CUnicodeSecurity", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        // The clinical vocabulary: assessments, units, plausibility, derived values. No I/O.
        .target(name: "Clinical", dependencies: ["CUnicodeSecurity"]),
        // The language of the product's own words (--lang, AEGRADE_LANG, the locale) and the
        // catalogue of their translations. No dependency: every layer may name a language.
        .target(name: "Localization"),
        // Criteria files as data: loading, validation, the criteria language, evaluation.
        .target(
            name: "Grading",
            dependencies: [
                "Clinical", "Localization",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedCriteria"]
        ),
        // Build tool: embeds Criteria/*.yaml into Grading so the binary carries its criteria.
        .executableTarget(name: "CriteriaEmbedder"),
        .plugin(name: "EmbedCriteria", capability: .buildTool(), dependencies: ["CriteriaEmbedder"]),
        // Protocol safety rules over a sequence of log events: DLT window, episodes, stopping rules,
        // boundaries, operating characteristics, dosing stagger. No database, no screen.
        .target(
            name: "Safety",
            dependencies: ["Clinical", "Grading", "Localization", .product(name: "Yams", package: "Yams")]
        ),
        // The append-only, hash-chained event log (SQLite through GRDB): record, verify, replay, export.
        .target(
            name: "EventLog",
            dependencies: [
                "Clinical", "Grading", "Safety",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // scrypt for account passwords (21 CFR 11.300; no hand-written KDF).
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        // The same log on a PostgreSQL server (PostgresNIO; libpq for `record`'s pipelined
        // writes), for trials with several sites; callers
        // reach it only through EventLog's `EventStore` protocol.
        .target(
            name: "PostgresLog",
            dependencies: ["Clinical", "EventLog", "Safety", "CLibPQ", .product(name: "PostgresNIO", package: "postgres-nio"),
                           .product(name: "Logging", package: "swift-log")]
        ),
        // ncursesw, for the terminal front end (pkg-config ncursesw; Debian libncursesw5-dev).
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"]), .brew(["ncurses"])]),
        // libpq, PostgreSQL's own client library: `record`'s appends built ahead are sent in one
        // pipelined write from the writer's thread (README, "The log on PostgreSQL").
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        // A thin Swift face over ncursesw: keys, cells, colours, sizes, a pure screen buffer.
        // No clinical word.
        .target(name: "Terminal", dependencies: ["CNcursesw"]),
        // The bedside screens: triage board, assessment form, ICE/CAPD wizards, timeline, rules,
        // replay. The one place where screen, store and grading meet.
        .target(name: "Bedside", dependencies: ["Clinical", "Grading", "Safety", "EventLog", "Terminal", "Localization"]),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "aegrade",
            dependencies: [
                "Clinical", "Grading", "Safety", "EventLog", "PostgresLog", "Bedside", "Localization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks (print figures; never timed tests): Benchmarks/*.sh build and run them.
        .executableTarget(name: "SafetyBenchmark", dependencies: ["Clinical", "Safety"], path: "Benchmarks/SafetyBenchmark"),
        .executableTarget(name: "BedsideBenchmark", dependencies: ["Clinical", "Grading", "Safety", "EventLog", "Terminal", "Bedside"],
                          path: "Benchmarks/BedsideBenchmark"),
        .target(name: "TestSupport", dependencies: ["Clinical", "Grading", "EventLog"], path: "Tests/TestSupport"),
        .testTarget(name: "ClinicalTests", dependencies: ["Clinical", "TestSupport"]),
        .testTarget(
            name: "GradingTests",
            dependencies: [
                "Clinical", "Grading", "Localization", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden"]
        ),
        .testTarget(name: "SafetyTests", dependencies: ["Clinical", "Grading", "Safety", "Localization", "TestSupport"]),
        .testTarget(name: "EventLogTests", dependencies: ["Clinical", "Grading", "Safety", "EventLog", "PostgresLog", "Bedside", "Terminal", "TestSupport",
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "BedsideTests", dependencies: ["Clinical", "Grading", "Safety", "EventLog", "Terminal", "Bedside", "Localization", "TestSupport"]),
        .testTarget(name: "aegradeTests", dependencies: ["aegrade", "Clinical", "Grading", "Localization", "TestSupport"], exclude: ["Fixtures"]),
    ]
)

for target in package.targets where target.type != .plugin && target.type != .system && target.name != "CUnicodeSecurity" {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
