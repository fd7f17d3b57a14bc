// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "svcfit",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "ServiceFit", targets: ["ServiceFit"]),
        .executable(name: "svcfit", targets: ["svcfit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        .target(
            name: "ServiceFit",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "svcfit",
            dependencies: [
                "ServiceFit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "ArchitectureBenchmark",
            dependencies: ["ServiceFit"],
            path: "Benchmarks/architecture"
        ),
        // Benchmarks/run: the measuring tool and the two floors it compares against.
        .executableTarget(
            name: "svcfit-bench",
            dependencies: ["ServiceFit"],
            path: "Benchmarks/bench"
        ),
        .executableTarget(
            name: "svcfit-yaml-floor",
            dependencies: [.product(name: "Yams", package: "Yams")],
            path: "Benchmarks/floor-yaml"
        ),
        .executableTarget(
            name: "svcfit-empty",
            path: "Benchmarks/floor-empty"
        ),
        .testTarget(
            name: "ServiceFitTests",
            dependencies: ["ServiceFit"]
        ),
        .testTarget(
            name: "svcfitTests",
            dependencies: ["ServiceFit", "svcfit"]
        ),
    ]
)
