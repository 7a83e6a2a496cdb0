// swift-tools-version:6.0
// Jumeau — terminal explorer for territorial digital twins.
//
// Dependencies flow one way:
//   JumeauModel ← JumeauGeometry (GEOS, PROJ) / JumeauStore (GRDB) / JumeauSimulation
//               ← JumeauImport ← JumeauSynth, JumeauSamples ← jumeau
// Only JumeauGeometry calls GEOS and PROJ; only the stores (JumeauStore for the GeoPackage,
// JumeauPostGIS for a server) speak SQL.
import PackageDescription

let package = Package(
    name: "Jumeau",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "jumeau", targets: ["jumeau"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Heap, for the shortest paths along a country's outline (JumeauImport/Coastline.swift).
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        // The shared national twin on PostgreSQL/PostGIS (JumeauPostGIS).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries, found with pkg-config.
        .systemLibrary(name: "CGEOS", pkgConfig: "geos",
                       providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj",
                       providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),

        // Value types shared by every module: no dependencies.
        .target(name: "JumeauModel", resources: [.embedInCode("Catalogue/en.catalog"), .embedInCode("Catalogue/fr.catalog")]),
        // Geometry engine: the only module that calls GEOS and PROJ.
        .target(name: "JumeauGeometry", dependencies: ["JumeauModel", "CGEOS", "CPROJ"]),
        // The twin file (OGC GeoPackage): the only module that speaks SQL.
        .target(name: "JumeauStore", dependencies: [
            "JumeauModel", .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C API, for the one read a national twin opens with (TwinStore.zoneTable).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // A twin on a PostgreSQL/PostGIS server: the only module that speaks to one.
        .target(name: "JumeauPostGIS", dependencies: [
            "JumeauModel", "JumeauStore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
        ]),
        // The embedded simulation: pure Swift, no I/O.
        .target(name: "JumeauSimulation", dependencies: ["JumeauModel"]),
        // Pure rendering: cell buffer, rasteriser, classification, widgets, themes. No curses.
        .target(name: "JumeauRender", dependencies: ["JumeauModel"]),
        // The explorer: state, pure update and view, the runtime loop. No curses.
        .target(name: "JumeauExplorer", dependencies: ["JumeauRender", "JumeauModel", "JumeauSimulation", "JumeauQuery", "JumeauExport", "JumeauReport"]),
        // The curses backend: the only code that calls curses.
        .target(name: "JumeauTerminal", dependencies: ["JumeauRender", "JumeauModel", "CNcursesw"]),
        // The built-in themes, embedded in the binary.
        .target(name: "JumeauThemes", dependencies: ["JumeauRender", "JumeauModel"], path: "themes",
                exclude: ["README.md"],
                resources: [.embedInCode("default.theme"), .embedInCode("light.theme"), .embedInCode("projector.theme"),
                            .embedInCode("colorblind.theme"), .embedInCode("mono.theme")]),
        // The table's filter language, column statistics and frequencies. Pure.
        .target(name: "JumeauQuery", dependencies: ["JumeauModel"]),
        // Files for other tools: GeoJSON (RFC 7946) and CSV writers (pure), and the one writer
        // of those files (whole or not at all, never over the twin).
        .target(name: "JumeauExport", dependencies: ["JumeauModel"]),
        // The workshop report: self-contained HTML (inline SVG charts and map) or Markdown. Pure.
        .target(name: "JumeauReport",
                dependencies: ["JumeauModel", "JumeauSimulation", "JumeauRender", "JumeauThemes"]),
        // GeoJSON + CSV → twin, with attribute estimation.
        .target(name: "JumeauImport", dependencies: [
                    "JumeauModel", "JumeauGeometry", "JumeauStore",
                    .product(name: "HeapModule", package: "swift-collections"),
                ],
                resources: [.embedInCode("Resources/departements-regions.csv")]),
        // Deterministic synthetic territories for benchmarks and tests.
        .target(name: "JumeauSynth", dependencies: ["JumeauModel", "JumeauGeometry", "JumeauImport"]),
        // Sample territories, embedded in the binary so `jumeau` works from any directory.
        .target(name: "JumeauSamples", dependencies: ["JumeauModel", "JumeauImport"],
                path: "sample-territories",
                exclude: ["README.md", "extract.py"],
                resources: [
                    .embedInCode("bordeaux-metropole.geojson"),
                    .embedInCode("bordeaux-metropole.csv"),
                    .embedInCode("ile-de-re.geojson"),
                    .embedInCode("ile-de-re.csv"),
                    .embedInCode("medoc-atlantique.geojson"),
                    .embedInCode("medoc-atlantique.csv"),
                    .embedInCode("grand-annecy.geojson"),
                    .embedInCode("grand-annecy.csv"),
                ]),
        .executableTarget(name: "jumeau", dependencies: [
            "JumeauModel", "JumeauGeometry", "JumeauStore", "JumeauImport", "JumeauSynth", "JumeauSamples",
            "JumeauSimulation", "JumeauRender", "JumeauThemes", "JumeauExplorer", "JumeauTerminal", "JumeauExport", "JumeauReport",
            "JumeauPostGIS",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Simulation and explorer-frame benchmark (make bench), release build.
        .executableTarget(name: "jumeau-bench",
                          dependencies: ["JumeauSimulation", "JumeauStore", "JumeauImport", "JumeauSynth",
                                         "JumeauSamples", "JumeauGeometry", "JumeauRender", "JumeauExplorer",
                                         "JumeauThemes", "JumeauModel", "JumeauPostGIS"],
                          path: "Sources/JumeauBench"),

        // Fuzz targets (make fuzz): built with -DFUZZING and -sanitize=fuzzer,address, a libFuzzer
        // binary; otherwise a tool that replays saved inputs (Fuzz/regressions, in make test).
        .executableTarget(name: "jumeau-fuzz", dependencies: ["JumeauImport", "JumeauSimulation", "JumeauQuery",
                                                             "JumeauStore", "JumeauModel"],
                          path: "Sources/JumeauFuzz"),

        .testTarget(name: "JumeauGeometryTests", dependencies: ["JumeauGeometry"]),
        .testTarget(name: "JumeauStoreTests", dependencies: ["JumeauStore", "JumeauGeometry"]),
        .testTarget(name: "JumeauImportTests",
                    dependencies: ["JumeauImport", "JumeauStore", "JumeauGeometry", "JumeauSynth", "JumeauSamples",
                                   "JumeauModel"],
                    exclude: ["Published"]),
        .testTarget(name: "JumeauCLITests", dependencies: ["JumeauStore", "JumeauPostGIS", "JumeauModel"]),
        .testTarget(name: "JumeauPostGISTests",
                    dependencies: ["JumeauPostGIS", .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "JumeauQueryTests", dependencies: ["JumeauQuery", "JumeauModel"]),
        .testTarget(name: "JumeauExplorerTests",
                    dependencies: ["JumeauExplorer", "JumeauRender", "JumeauThemes", "JumeauModel", "JumeauSimulation"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "JumeauRenderTests", dependencies: ["JumeauRender", "JumeauThemes", "JumeauModel"],
                    resources: [.copy("Snapshots")]),
        .testTarget(name: "JumeauSimulationTests", dependencies: ["JumeauSimulation", "JumeauImport", "JumeauSamples", "JumeauStore", "JumeauSynth"]),
    ]
)
