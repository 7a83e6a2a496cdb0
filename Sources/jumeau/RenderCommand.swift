import ArgumentParser
import Foundation
import JumeauExplorer
import JumeauRender
import JumeauSimulation
import JumeauThemes

struct Render: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.render.abstract"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @Option(name: .long, help: ArgumentHelp(t("help.render.indicator")))
    var indicator: String = "population"

    @Option(name: .long, help: ArgumentHelp(t("help.render.year")))
    var year: Int?

    @Option(name: .long, help: ArgumentHelp(t("help.render.size")))
    var size: String = "80x24"

    @OptionGroup var display: DisplayOptions

    @OptionGroup var language: LanguageOption

    @OptionGroup var lever: LeverOptions

    @OptionGroup var selection: SelectionOption

    func validate() throws {
        guard parsedSize != nil else { throw ValidationError(t("cli.render.size")) }
    }

    var parsedSize: (Int, Int)? {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (20...1000).contains(parts[0]), (8...500).contains(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let (width, height) = parsedSize!
        let session = try TwinSession(twin, geometry: .outlines, selection: selection.selection)
        let settings = try lever.settings(in: session).settings
        let source = try MapSource(session: session)
        let variable = try source.variable(indicator)
        let reference = session.metadata.referenceYear
        let shownYear = year ?? reference
        guard shownYear >= reference && shownYear <= 2050 else {
            throw CommandFailure(message: t("cli.year_range", ["option": "--year", "first": String(reference), "last": "2050"]), status: 2)
        }
        if case .attribute = variable, shownYear != reference {
            throw CommandFailure(message: t("cli.render.attribute_year", ["id": indicator, "year": String(reference)]), status: 2)
        }
        let tier: ColorTier = display.requestedTier
            ?? (isatty(STDOUT_FILENO) == 1 ? ColorTier.detect(environment: environment) : .mono)
        let loadedTheme = try display.loadTheme()

        // The explorer's map, drawn once: overseas insets and the level that fits the scale
        // on a national twin, as `explore` shows it.
        let data = Explore.explorerData(
            table: session.table, definitions: source.attributeDefinitions, metadata: session.metadata,
            simulator: session.simulator, units: (try? session.store.levelUnits()) ?? [], title: session.title, t)
        var options = ExplorerOptions(variable: variable.id, breaks: display.classBreaks, classes: display.classes,
                                      levers: settings)
        options.year = shownYear
        options.language = t.language
        // One row more than asked: the explorer keeps its last row for the footer.
        var (state, effects) = Explorer.start(data, width: width, height: height + 1, theme: loadedTheme, tier: tier,
                                              glyphs: display.glyphs(environment), options: options)
        // The classes of the values drawn, as render always made them.
        state.map.classes.fromBaseline = false
        let simulator = session.simulator
        while !effects.isEmpty {
            var more: [Effect] = []
            for effect in effects {
                let next: [Effect]
                switch effect {
                case .rasterize(let request):
                    let raster = ZoneRaster(zones: data.outlines, envelopes: data.envelopes, viewport: request.viewport,
                                            columns: request.columns, rows: request.rows,
                                            frames: data.geography?.frameOfZone, insets: request.insets)
                    (state, next) = Explorer.update(state, .rasterReady(request, raster), data: data)
                // An attribute's map needs no run; an indicator's, the levers' (or Baseline's, the same).
                case .simulate(let request)
                where data.variables[state.map.variable].varies
                    && (request.purpose == .current || request.purpose == .baseline):
                    // The map shows one year: the run stops there (a tenth of a national render).
                    let result = simulator.run(request.settings, to: shownYear, recording: request.recording)
                    (state, next) = Explorer.update(state, .simulated(request, result), data: data)
                default: next = []
                }
                more += next
            }
            effects = more
        }
        let image = Explorer.mapImage(state, data: data)
        var cropped = Buffer(width: width, height: height)
        for y in 0..<height { for x in 0..<width { cropped[x, y] = image[x, y] } }
        Console.write(ANSIText.render(cropped, tier: tier))
        // Done: the process ends here rather than free a national twin's hundred thousand
        // arrays one by one (a tenth of the run); the kernel takes the memory back at once.
        try Console.flush()
        withExtendedLifetime(session) { Foundation.exit(0) }
    }
}

/// How the map is drawn, for `explore` and `render`.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(t("help.displayoptions.theme")))
    var theme: String = "default"

    @Option(name: .long, help: ArgumentHelp(t("help.displayoptions.color")))
    var color: String?

    @Option(name: .long, help: ArgumentHelp(t("help.displayoptions.classes")))
    var classes: Int = 5

    @Option(name: .long, help: ArgumentHelp(t("help.displayoptions.breaks")))
    var breaks: String = "quantiles"

    var classBreaks: ClassBreaks { ClassBreaks(parsing: breaks) ?? .quantiles }

    @Flag(help: ArgumentHelp(t("help.displayoptions.ascii")))
    var ascii = false

    func validate() throws {
        if let color, ColorTier(rawValue: color) == nil { throw ValidationError(t("cli.render.color")) }
        guard (2...7).contains(classes) else { throw ValidationError(t("cli.render.classes")) }
        guard ClassBreaks(parsing: breaks) != nil else {
            throw ValidationError(t("cli.render.breaks"))
        }
    }

    var requestedTier: ColorTier? { color.flatMap(ColorTier.init(rawValue:)) }

    func loadTheme() throws -> Theme {
        do { return try Themes.load(theme) } catch { throw CommandFailure(message: describe(error), status: 2) }
    }

    func glyphs(_ environment: [String: String]) -> Glyphs {
        !ascii && Glyphs.localeIsUTF8(environment) ? .unicode : .ascii
    }
}
