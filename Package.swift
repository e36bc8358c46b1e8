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
        .library(name: "RoCBertHarness", targets: ["RoCBertHarness"]),
        .library(name: "RoCBertGlyphs", targets: ["RoCBertGlyphs"]),
        .executable(name: "rocbert", targets: ["rocbert"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // OpenBLAS from Debian's libopenblas-dev (see Makefile `deps`).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        // bf16 GEMM and fused row kernels in C; AVX2/AVX-512 code is enabled per function
        // (target attributes) and chosen at run time, so the package builds for any x86-64.
        .target(name: "CRoCBertKernels", linkerSettings: [.linkedLibrary("pthread")]),
        .target(name: "RoCBert", dependencies: ["CBLAS", "CRoCBertKernels"]),
        .target(name: "RoCBertAttack", dependencies: ["RoCBert"]),
        // SQLite from Debian's libsqlite3-dev, linked directly (no GRDB) to keep CI builds fast.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .target(name: "RoCBertStore", dependencies: ["RoCBert", "CSQLite"]),
        .target(name: "RoCBertReport", dependencies: ["RoCBertStore"]),
        // Suites, data sets, the model as a victim, and the runner that records into the store.
        .target(
            name: "RoCBertHarness",
            dependencies: ["RoCBert", "RoCBertAttack", "RoCBertStore", .product(name: "Yams", package: "Yams")]
        ),
        // FreeType from Debian's libfreetype-dev: renders glyphs for the visual-similarity table.
        .systemLibrary(
            name: "CFreeType", path: "Sources/CFreeType", pkgConfig: "freetype2",
            providers: [.apt(["libfreetype-dev"])]
        ),
        // Glyph rendering and the shape-similarity table (sgemm straight from CBLAS).
        .target(name: "RoCBertGlyphs", dependencies: ["CFreeType", "CBLAS"]),
        .executableTarget(
            name: "rocbert",
            dependencies: [
                "RoCBert", "RoCBertAttack", "RoCBertStore", "RoCBertReport", "RoCBertHarness", "RoCBertGlyphs",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // GFLOP/s of OpenBLAS sgemm vs the bf16 kernel (scripts/bench_gemm.sh runs it).
        .executableTarget(name: "rocbert-kernel-bench", dependencies: ["RoCBert", "CRoCBertKernels"]),
        .testTarget(name: "RoCBertTests", dependencies: ["RoCBert", "rocbert"]),
        .testTarget(name: "RoCBertHarnessTests", dependencies: ["RoCBertHarness", "RoCBertAttack", "RoCBertStore", "rocbert"]),
        .testTarget(name: "RoCBertStoreTests", dependencies: ["RoCBertStore"]),
        .testTarget(name: "RoCBertAttackTests", dependencies: ["RoCBertAttack"], exclude: ["Fixtures"]),
        .testTarget(name: "RoCBertGlyphsTests", dependencies: ["RoCBertGlyphs"]),
        .testTarget(name: "RoCBertReportTests", dependencies: ["RoCBertReport", "RoCBertStore", "rocbert"]),
    ]
)
