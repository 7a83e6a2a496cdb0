import ArgumentParser
import Foundation
import JumeauImport
import JumeauModel
import JumeauPostGIS
import JumeauRender
import JumeauStore

struct Import: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.import.abstract"),
            discussion: t("help.import.discussion"))
    }

    @Argument(help: ArgumentHelp(t("help.import.files")))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp(t("help.import.into")))
    var into: String

    @Option(name: .long, help: ArgumentHelp(t("help.import.codeField")))
    var codeField: String?

    @Option(name: .long, help: ArgumentHelp(t("help.import.nameField")))
    var nameField: String?

    @Option(name: .long, help: ArgumentHelp(t("help.import.attributes")))
    var attributes: [String] = []

    @Option(name: .long, help: ArgumentHelp(t("help.import.key")))
    var key: [String] = []

    @Option(name: .long, help: ArgumentHelp(t("help.import.columns")))
    var columns: [String] = []

    @Option(name: .long, help: ArgumentHelp(t("help.import.levels")))
    var levels: [String] = []

    @Option(name: .long, help: ArgumentHelp(t("help.import.codeChanges")))
    var codeChanges: String?

    @Option(name: .long, help: ArgumentHelp(t("help.import.boundariesDate")))
    var boundariesDate = "2018-01-01"

    @Flag(help: ArgumentHelp(t("help.import.skipUnmatchedRows")))
    var skipUnmatchedRows = false

    @Option(name: .long, help: ArgumentHelp(t("help.import.provenance")))
    var provenance: String?

    @Option(name: .long, help: ArgumentHelp(t("help.import.territory")))
    var territory: String?

    @Option(name: .long, help: ArgumentHelp(t("help.import.referenceYear")))
    var referenceYear: Int = 2024

    @Flag(help: ArgumentHelp(t("help.import.force")))
    var force = false

    @OptionGroup var language: LanguageOption

    /// "COLUMN" or "COLUMN=ATTRIBUTE", trimmed.
    static func columnItem(_ item: Substring) -> [String] {
        item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    func validate() throws {
        // A twin is built in a file; a server gets it from there (`jumeau publish`).
        if ServerAddress.isServer(into) {
            throw ValidationError(t("cli.import.into_server", ["address": ServerAddress.redacted(into)]))
        }
        // "=x", "a=" or "=": a column or an attribute without a name.
        for item in columns.flatMap({ $0.split(separator: ",") }) {
            let parts = Self.columnItem(item)
            guard let column = parts.first, !column.isEmpty, parts.count == 1 || !parts[1].isEmpty else {
                throw ValidationError(t("cli.import.columns_item", ["item": String(item)]))
            }
        }
        guard !files.isEmpty else { throw ValidationError(t("cli.import.no_file")) }
        guard into.lowercased().hasSuffix(".gpkg") else { throw ValidationError(t("cli.import.into")) }
        if let territory, territory.trimmingCharacters(in: .whitespaces).isEmpty || territory.count > 200 {
            throw ValidationError(t("cli.import.territory"))
        }
        if attributes.isEmpty && !key.isEmpty {
            throw ValidationError(t("cli.only_with_attributes", ["option": "--key"]))
        }
        if key.count > 1 && key.count != attributes.count { throw ValidationError(t("cli.import.key_count")) }
        if !columns.isEmpty && attributes.isEmpty {
            throw ValidationError(t("cli.only_with_attributes", ["option": "--columns"]))
        }
        if columns.count > 1 && columns.count != attributes.count {
            throw ValidationError(t("cli.import.columns_count"))
        }
        if skipUnmatchedRows && attributes.isEmpty {
            throw ValidationError(t("cli.only_with_attributes", ["option": "--skip-unmatched-rows"]))
        }
        let datePattern = /^\d{4}-\d{2}-\d{2}$/
        guard boundariesDate.wholeMatch(of: datePattern) != nil else { throw ValidationError(t("cli.import.date")) }
        // The simulation runs from the reference year to 2050.
        guard TerritoryMetadata.referenceYears.contains(referenceYear) else {
            throw ValidationError(
                t(
                    "cli.year_range",
                    [
                        "option": "--reference-year",
                        "first": String(TerritoryMetadata.referenceYears.lowerBound),
                        "last": String(TerritoryMetadata.referenceYears.upperBound),
                    ]))
        }
    }

    func run() throws {
        var options = ImportOptions(
            sources: try files.map { path in try failing { try ImportSource.file(path) } }, destination: into)
        options.codeField = codeField
        options.nameField = nameField
        options.territoryName = territory
        options.referenceYear = referenceYear
        options.force = force
        let columnLists: [[(column: String, attribute: String)]] = columns.map { list in
            list.split(separator: ",").map { item in
                let parts = Self.columnItem(item)
                return (parts.first ?? "", parts.count > 1 ? parts[1] : parts.first ?? "")
            }
        }
        for (index, path) in attributes.enumerated() {
            let source = try failing { try ImportSource.file(path) }
            let columnList = columnLists.isEmpty ? nil : columnLists[columnLists.count == 1 ? 0 : index]
            options.attributeTables.append(
                AttributeTableSource(
                    source: source, key: key.isEmpty ? "" : key.count == 1 ? key[0] : key[index],
                    columns: columnList,
                    skipUnmatchedRows: skipUnmatchedRows))
        }
        options.levelTables = try levels.map { path in try failing { try ImportSource.file(path) } }
        if let codeChanges {
            options.codeChanges = try failing {
                try CodeChanges(source: try ImportSource.file(codeChanges), since: boundariesDate)
            }
        }
        if let provenance {
            let data = try failing { try ImportSource.file(provenance).bytes }
            do {
                options.provenance = try JSONDecoder().decode([String: ColumnProvenance].self, from: data)
            } catch {
                throw CommandFailure(
                    message: t("cli.import.provenance", ["path": provenance, "cause": error.localizedDescription]))
            }
        }
        let cleanup = ScratchCleanup(path: TwinStore.scratchPath(for: into))
        defer { withExtendedLifetime(cleanup) {} }
        let importer = TerritoryImporter(options: options)
        let bar = ProgressBar()
        importer.progress = bar.map { bar in
            { phase, done, total in bar.update(t("import.phase." + phase.rawValue), done, total) }
        }
        let report = try failing { try importer.run() }
        bar?.finish()
        for path in report.removedScratchFiles { Console.note(t("cli.import.removed_partial", ["path": path])) }
        for (code, reason) in report.repaired {
            Console.note(t("cli.import.repaired", ["code": Sanitize.text(code), "reason": reason]))
        }
        for (code, from) in report.merged {
            Console.note(t("cli.import.merged", ["from": from.joined(separator: ", "), "code": code]))
        }
        for warning in report.warnings { Console.note(t("cli.warning", ["text": warning.text(t)])) }
        if !report.overseasZones.isEmpty {
            let systems = report.overseasZones.sorted { $0.key < $1.key }
                .map { t("cli.import.overseas_system", ["count": String($0.value), "epsg": String($0.key)]) }
            Console.note(t("cli.import.overseas", ["systems": systems.joined(separator: ", ")]))
        }
        if let departments = report.levelCounts[.department], departments > 1 {
            Console.note(
                t(
                    "cli.import.levels",
                    [
                        "regions": String(report.levelCounts[.region] ?? 0),
                        "departments": String(departments),
                        "epcis": String(report.levelCounts[.epci] ?? 0),
                    ]))
        }
        let estimated = report.attributes.filter { $0.status == .estimated }.count
        Console.print(
            t(
                "cli.imported",
                [
                    "path": into, "zones": t.number(Double(report.zoneCount), decimals: 0),
                    "area": t.number(report.areaHa, decimals: 1), "attributes": String(report.attributes.count),
                    "estimated": String(estimated), "repaired": String(report.repaired.count),
                ]))
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
        Console.error(
            "\r\(phase.padding(toLength: 8, withPad: " ", startingAt: 0)) [\(bar)] \(String(format: "%3d", percent))%")
    }

    func finish() {
        Console.error("\r\u{1B}[K")
    }
}

/// Removes an import's scratch file when the process is interrupted (Ctrl-C, SIGTERM,
/// a dropped SSH connection). The destination is only written once the new twin is
/// complete, in one SQLite transaction that an interruption rolls back, so this leaves
/// neither a changed twin nor a stray partial file.
final class ScratchCleanup {
    private var sources: [DispatchSourceSignal] = []

    /// - Parameter message: what is said when interrupted (a catalogue key).
    init(path: String, message: String = "cli.import.interrupted") {
        let queue = DispatchQueue(label: "jumeau.signals")
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                unlink(path)
                // The progress line is cleared only on a terminal.
                if isatty(STDERR_FILENO) == 1 { Console.error("\r\u{1B}[K") }
                Console.note(t(message))
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
