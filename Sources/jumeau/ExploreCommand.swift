import ArgumentParser
import Foundation
import JumeauExplorer
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauTerminal
import JumeauThemes

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the full-screen explorer of a twin (what `jumeau` alone does in a terminal).",
        discussion: "Press ? in the explorer for its keys. Nothing needs the mouse.")

    @Argument(help: "Twin file or sample id (default: the default sample territory).")
    var twin: String?

    @OptionGroup var display: DisplayOptions

    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse.")
    var noMouse = false

    @Option(name: .long, help: "Indicator or attribute shown first (default: population).")
    var indicator: String = "population"

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure(message: "the explorer needs a terminal; use `jumeau render` for one frame or `jumeau info` for a summary")
        }
        let environment = ProcessInfo.processInfo.environment
        let loadedTheme = try display.loadTheme()
        let session = try TwinSession(twin, geometry: .outlines)
        let source = try MapSource(session: session)
        _ = try source.variable(indicator)
        let data = Self.explorerData(source)
        let tier = ColorTier.detect(environment: environment, requested: display.requestedTier)
        let glyphs = display.glyphs(environment)

        let terminal: CursesTerminal
        do { terminal = try CursesTerminal(tier: tier, mouse: !noMouse) } catch { throw CommandFailure(message: "\(error)") }
        let simulator = session.simulator
        let attributes = source.attributes
        let variables = data.variables
        let zoneCount = data.names.count
        let runtime = ExplorerRuntime(data: data, display: terminal) { request in
            let variable = variables[request.variable]
            if let indicator = Indicator.named(variable.id), variable.varies {
                let result = simulator.run(LeverSettings(), to: request.year, recording: [indicator])
                return result.zones(indicator, year: request.year) ?? Array(repeating: .nan, count: zoneCount)
            }
            return attributes[variable.id] ?? Array(repeating: .nan, count: zoneCount)
        }
        runtime.run(theme: loadedTheme, tier: terminal.tier, glyphs: glyphs, variable: indicator,
                    breaks: display.classBreaks, classes: display.classes)
        terminal.close()
    }

    /// Indicators first (they move with the year), then the twin's own attributes.
    static func explorerData(_ source: MapSource) -> ExplorerData {
        var variables = Indicator.allCases.map { MapVariable(id: $0.id, label: $0.definition.labelEN, unit: $0.definition.unit, varies: true) }
        for attribute in source.attributeDefinitions where Indicator.named(attribute.id) == nil {
            variables.append(MapVariable(id: attribute.id, label: attribute.labelEN, unit: attribute.unit, varies: false))
        }
        let shown = ["population", "households", "dwellings", "jobs", "area_ha", "artificialized_ha", "naf_2011_2020_ha",
                     "coastline_km", "erosion_m_per_yr"]
        let details = shown.compactMap { id -> (label: String, unit: String, values: [Double])? in
            guard let definition = source.attributeDefinitions.first(where: { $0.id == id }), let values = source.attributes[id] else { return nil }
            return (definition.labelEN + (definition.unit.isEmpty ? "" : " (\(definition.unit))"), definition.unit, values)
        }
        return ExplorerData(title: source.session.metadata.name, attribution: source.session.metadata.attribution,
                            names: source.names, outlines: source.outlines, envelopes: source.envelopes, variables: variables,
                            referenceYear: source.session.metadata.referenceYear, lastYear: 2050, details: details)
    }
}

/// Appends a fatal error to $XDG_STATE_HOME/jumeau/jumeau.log (default ~/.local/state).
func logFatal(_ message: String) {
    let environment = ProcessInfo.processInfo.environment
    let state = environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
    let directory = state + "/jumeau"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let line = "\(ISO8601DateFormatter().string(from: Date())) \(message)\n"
    let path = directory + "/jumeau.log"
    if let handle = FileHandle(forWritingAtPath: path) {
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try? handle.close()
    } else {
        FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
    }
}
