// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RoCBert",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RoCBert", targets: ["RoCBert"]),
        .library(name: "RoCBertAttack", targets: ["RoCBertAttack"]),
        .library(name: "RoCBertStore", targets: ["RoCBertStore"]),
        .library(name: "RoCBertReport", targets: ["RoCBertReport"]),
        .executable(name: "rocbert", targets: ["rocbert"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // OpenBLAS from Debian's libopenblas-dev (see Makefile `deps`).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .target(name: "RoCBert", dependencies: ["CBLAS"]),
        .target(name: "RoCBertAttack", dependencies: ["RoCBert"]),
        // SQLite from Debian's libsqlite3-dev, linked directly (no GRDB) to keep CI builds fast.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .target(name: "RoCBertStore", dependencies: ["RoCBert", "CSQLite"]),
        .target(name: "RoCBertReport", dependencies: ["RoCBertStore"]),
        .executableTarget(
            name: "rocbert",
            dependencies: [
                "RoCBert", "RoCBertAttack", "RoCBertStore", "RoCBertReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "RoCBertTests", dependencies: ["RoCBert", "rocbert"]),
        .testTarget(name: "RoCBertStoreTests", dependencies: ["RoCBertStore"]),
        .testTarget(name: "RoCBertReportTests", dependencies: ["RoCBertReport", "RoCBertStore", "rocbert"]),
    ]
)
