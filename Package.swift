// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RoCBert",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "RoCBertCore", targets: ["RoCBertCore"]),
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
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // OpenBLAS from Debian's libopenblas-dev (see Makefile `deps`).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        // bf16 GEMM and fused row kernels in C; AVX2/AVX-512 code is enabled per function
        // (target attributes) and chosen at run time, so the package builds for any x86-64.
        .target(name: "CRoCBertKernels", linkerSettings: [.linkedLibrary("pthread")]),
        // What every layer shares: JSON, the error type, and the typed run description (attack spec,
        // run key, example status) that crosses from suite to store to report.
        .target(name: "RoCBertCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "RoCBert", dependencies: ["RoCBertCore", "CBLAS", "CRoCBertKernels"]),
        .target(name: "RoCBertAttack", dependencies: ["RoCBertCore"]),
        // SQLite from Debian's libsqlite3-dev, linked directly (no GRDB) to keep CI builds fast.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        .target(name: "RoCBertStore", dependencies: ["RoCBertCore", "CSQLite"]),
        .target(name: "RoCBertReport", dependencies: ["RoCBertCore", "RoCBertStore"]),
        // Suites, data sets, the model as a victim, and the runner that records into the store.
        .target(
            name: "RoCBertHarness",
            dependencies: [
                "RoCBertCore", "RoCBert", "RoCBertAttack", "RoCBertStore",
                .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
            ]
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
                "RoCBertCore", "RoCBert", "RoCBertAttack", "RoCBertStore", "RoCBertReport", "RoCBertHarness", "RoCBertGlyphs",
                "CBLAS", "CRoCBertKernels", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // GFLOP/s of OpenBLAS sgemm vs the bf16 kernel (scripts/bench_gemm.sh runs it).
        .executableTarget(name: "rocbert-kernel-bench", dependencies: ["RoCBert", "CRoCBertKernels"]),
        .testTarget(name: "RoCBertCoreTests", dependencies: ["RoCBertCore"]),
        .testTarget(name: "RoCBertTests", dependencies: ["RoCBertCore", "RoCBert", "CBLAS", "CRoCBertKernels", "rocbert"]),
        .testTarget(
            name: "RoCBertHarnessTests",
            dependencies: [
                "RoCBertCore", "RoCBert", "RoCBertHarness", "RoCBertAttack", "RoCBertStore", "rocbert",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "RoCBertStoreTests", dependencies: ["RoCBertCore", "RoCBertStore"]),
        .testTarget(name: "RoCBertAttackTests", dependencies: ["RoCBertAttack"], exclude: ["Fixtures"]),
        .testTarget(name: "RoCBertGlyphsTests", dependencies: ["RoCBertGlyphs"]),
        .testTarget(name: "RoCBertReportTests", dependencies: ["RoCBertCore", "RoCBertReport", "RoCBertStore", "rocbert"]),
    ]
)
