import ArgumentParser
import Foundation
import JumeauRender
import JumeauImport
import JumeauModel

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a twin from GeoJSON polygons (WGS84) and optional CSV attributes.",
        discussion: """
            Polygons are reprojected to Lambert-93 (EPSG:2154), invalid rings repaired and reported. \
            Numeric properties and CSV columns become attributes; attributes the simulation needs and \
            the files lack are estimated (docs/data.md) and marked so. An existing twin is replaced \
            only with --force, and only once the new one is complete.
            """)

    @Argument(help: "GeoJSON FeatureCollection files of Polygon/MultiPolygon features.")
    var files: [String]

    @Option(name: .long, help: "The twin file to write (.gpkg).")
    var into: String

    @Option(name: .long, help: "Property holding the zone code (default: code, insee, codgeo…).")
    var codeField: String?

    @Option(name: .long, help: "Property holding the zone name (default: nom, name, libelle…).")
    var nameField: String?

    @Option(name: .long, help: "CSV of attributes joined on the zone code (';' or ',' separated). Repeatable.")
    var attributes: [String] = []

    @Option(name: .long, help: "CSV column holding the zone code, one per --attributes (or one for all).")
    var key: [String] = []

    @Option(name: .long, help: "CSV columns to import, as COLUMN or COLUMN=ATTRIBUTE, comma-separated (default: every numeric column).")
    var columns: String?

    @Option(name: .long, help: "INSEE history of commune changes (mouvements des communes CSV): unites communes merged since the boundaries' date and applies renamings.")
    var codeChanges: String?

    @Option(name: .long, help: "Date of the boundaries' commune list, YYYY-MM-DD: only later changes apply.")
    var boundariesDate = "2018-01-01"

    @Flag(help: "Skip CSV rows whose code matches no zone (joining a national file to one territory); the count is reported.")
    var skipUnmatchedRows = false

    @Option(name: .long, help: "JSON file giving the provenance of imported attributes (docs/user-guide.md).")
    var provenance: String?

    @Option(name: .long, help: "Territory name (default: the first file's name).")
    var territory: String?

    @Option(name: .long, help: "Reference year of the base state.")
    var referenceYear: Int = 2024

    @Flag(help: "Replace an existing twin (atomically, once the new one is complete).")
    var force = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one GeoJSON file") }
        guard into.lowercased().hasSuffix(".gpkg") else { throw ValidationError("--into must name a .gpkg file") }
        if !attributes.isEmpty && key.isEmpty { throw ValidationError("--attributes needs --key COLUMN (the CSV column holding the zone code)") }
        if attributes.isEmpty && !key.isEmpty { throw ValidationError("--key is only meaningful with --attributes") }
        if key.count > 1 && key.count != attributes.count { throw ValidationError("give one --key per --attributes file, or a single one") }
        if columns != nil && attributes.isEmpty { throw ValidationError("--columns is only meaningful with --attributes") }
        if skipUnmatchedRows && attributes.isEmpty { throw ValidationError("--skip-unmatched-rows is only meaningful with --attributes") }
        let datePattern = /^\d{4}-\d{2}-\d{2}$/
        guard boundariesDate.wholeMatch(of: datePattern) != nil else { throw ValidationError("--boundaries-date must be YYYY-MM-DD") }
        guard (1900...2100).contains(referenceYear) else { throw ValidationError("--reference-year must be between 1900 and 2100") }
    }

    func run() throws {
        var options = ImportOptions(sources: try files.map { path in try failing { try ImportSource.file(path) } }, destination: into)
        options.codeField = codeField
        options.nameField = nameField
        options.territoryName = territory
        options.referenceYear = referenceYear
        options.force = force
        let columnList: [(column: String, attribute: String)]? = columns.map { list in
            list.split(separator: ",").map { item in
                let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return (parts[0], parts.count > 1 ? parts[1] : parts[0])
            }
        }
        for (index, path) in attributes.enumerated() {
            let source = try failing { try ImportSource.file(path) }
            options.attributeTables.append(AttributeTableSource(source: source, key: key.count == 1 ? key[0] : key[index], columns: columnList,
                                                                skipUnmatchedRows: skipUnmatchedRows))
        }
        if let codeChanges {
            options.codeChanges = try failing { try CodeChanges(source: try ImportSource.file(codeChanges), since: boundariesDate) }
        }
        if let provenance {
            let data = try failing { try ImportSource.file(provenance).bytes }
            do {
                options.provenance = try JSONDecoder().decode([String: ColumnProvenance].self, from: data)
            } catch {
                throw CommandFailure(message: "\(provenance): not a provenance file (an object of attribute id → {source, licence, year, status}): \(error.localizedDescription)")
            }
        }
        let cleanup = ScratchCleanup(path: TerritoryImporter.scratchPath(for: into))
        defer { withExtendedLifetime(cleanup) {} }
        let importer = TerritoryImporter(options: options)
        let bar = ProgressBar()
        importer.progress = bar.map { bar in { phase, done, total in bar.update(phase.rawValue, done, total) } }
        let report = try failing { try importer.run() }
        bar?.finish()
        for (code, reason) in report.repaired {
            FileHandle.standardError.write(Data("jumeau: repaired zone \(Sanitize.text(code)): \(reason)\n".utf8))
        }
        for (code, from) in report.merged {
            FileHandle.standardError.write(Data("jumeau: merged \(from.joined(separator: ", ")) into \(code)\n".utf8))
        }
        for warning in report.warnings { FileHandle.standardError.write(Data("jumeau: warning: \(warning)\n".utf8)) }
        let estimated = report.attributes.filter { $0.status == .estimated }.count
        print("\(into): \(Format.integer(report.zoneCount)) zones, \(Format.number(report.areaHa, decimals: 1)) ha, \(report.attributes.count) attributes (\(estimated) estimated), \(report.repaired.count) geometries repaired")
    }
}

/// A one-line progress bar on stderr, only when stderr is a terminal.
final class ProgressBar {
    private var last = -1
    private var lastPhase = ""

    init?() {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
    }

    func update(_ phase: String, _ done: Int, _ total: Int) {
        let percent = total > 0 ? min(100, done * 100 / total) : 100
        guard percent != last || phase != lastPhase else { return }
        last = percent
        lastPhase = phase
        let width = 30
        let filled = width * percent / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(phase.padding(toLength: 8, withPad: " ", startingAt: 0)) [\(bar)] \(String(format: "%3d", percent))%".utf8))
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Removes an import's scratch file when the process is interrupted (Ctrl-C, SIGTERM,
/// a dropped SSH connection): the destination is never touched before the final
/// rename, and this leaves no stray partial file either.
final class ScratchCleanup {
    private var sources: [DispatchSourceSignal] = []

    init(path: String) {
        let queue = DispatchQueue(label: "jumeau.signals")
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                unlink(path)
                FileHandle.standardError.write(Data("\r\u{1B}[Kjumeau: import interrupted\n".utf8))
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
