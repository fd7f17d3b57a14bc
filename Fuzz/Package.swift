// swift-tools-version: 6.1
// libFuzzer targets for svcfit. Not part of the main package: they need -sanitize=fuzzer, which
// `Fuzz/run` passes, and they build into their own scratch path (.build-fuzz).
import PackageDescription

let targets = ["FuzzRules", "FuzzScenarios", "FuzzJSONLines", "FuzzMarkdown", "FuzzCSV", "FuzzGIFT", "FuzzTextReader"]

let package = Package(
    name: "svcfit-fuzz",
    dependencies: [.package(name: "svcfit", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", .product(name: "ServiceFit", package: "svcfit")]),
    ] + targets.map {
        .executableTarget(name: $0, dependencies: ["FuzzSupport", "CLibFuzzer", .product(name: "ServiceFit", package: "svcfit")])
    }
)
