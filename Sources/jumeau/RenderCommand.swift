import ArgumentParser
import Foundation
import JumeauRender
import JumeauSimulation
import JumeauThemes

struct Render: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.render.abstract"))
    }

    @Argument(help: ArgumentHelp(t("help.twin")))
    var twin: String?

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

        let (mapRect, _) = MapFrame.layout(width: width, height: height)
        let viewport = Viewport.fitting(source.extent, columns: mapRect.width, rows: mapRect.height)
        let raster = ZoneRaster(zones: source.outlines, envelopes: source.envelopes, viewport: viewport,
                                columns: mapRect.width, rows: mapRect.height)
        let values = source.values(variable, year: shownYear, settings: settings)
        var frame = MapFrame(title: session.title, indicatorLabel: variable.label(t), unit: variable.unit,
                             year: shownYear, values: values, names: source.names,
                             classification: display.classBreaks.classify(values, classes: display.classes),
                             raster: raster, theme: loadedTheme, tier: tier, glyphs: display.glyphs(environment),
                             attribution: session.metadata.attribution)
        frame.localizer = t
        Console.write(ANSIText.render(frame.render(width: width, height: height), tier: tier))
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
