import ArgumentParser
import Foundation
import JumeauRender
import JumeauSimulation
import JumeauThemes

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one frame of the map with its legend (ANSI, or plain text), for handouts and scripts.")

    @Argument(help: "Twin file or sample id (default: the default sample territory).")
    var twin: String?

    @Option(name: .long, help: "Indicator or attribute to map (default: population).")
    var indicator: String = "population"

    @Option(name: .long, help: "Year shown (default: the reference year).")
    var year: Int?

    @Option(name: .long, help: "Frame size in cells, WIDTHxHEIGHT.")
    var size: String = "80x24"

    @OptionGroup var display: DisplayOptions

    @OptionGroup var language: LanguageOption

    @OptionGroup var lever: LeverOptions

    func validate() throws {
        guard parsedSize != nil else { throw ValidationError("--size takes WIDTHxHEIGHT, like 80x24 (at least 20x8, at most 1000x500)") }
    }

    var parsedSize: (Int, Int)? {
        let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (20...1000).contains(parts[0]), (8...500).contains(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let (width, height) = parsedSize!
        let session = try TwinSession(twin, geometry: .outlines)
        let settings = try lever.settings(in: session).settings
        let source = try MapSource(session: session)
        let variable = try source.variable(indicator)
        let reference = session.metadata.referenceYear
        let shownYear = year ?? reference
        guard shownYear >= reference && shownYear <= 2050 else {
            throw CommandFailure(message: "--year must be between \(reference) and 2050", status: 2)
        }
        if case .attribute = variable, shownYear != reference {
            throw CommandFailure(message: "'\(indicator)' is a twin attribute, known for \(reference) only; map a simulation indicator for other years", status: 2)
        }
        let tier: ColorTier = display.requestedTier
            ?? (isatty(STDOUT_FILENO) == 1 ? ColorTier.detect(environment: environment) : .mono)
        let loadedTheme = try display.loadTheme()

        let (mapRect, _) = MapFrame.layout(width: width, height: height)
        let viewport = Viewport.fitting(source.extent, columns: mapRect.width, rows: mapRect.height)
        let raster = ZoneRaster(zones: source.outlines, envelopes: source.envelopes, viewport: viewport,
                                columns: mapRect.width, rows: mapRect.height)
        let values = source.values(variable, year: shownYear, settings: settings)
        var frame = MapFrame(title: session.metadata.name, indicatorLabel: variable.label(language.localizer), unit: variable.unit,
                             year: shownYear, values: values, names: source.names,
                             classification: display.classBreaks.classify(values, classes: display.classes),
                             raster: raster, theme: loadedTheme, tier: tier, glyphs: display.glyphs(environment),
                             attribution: session.metadata.attribution)
        frame.localizer = language.localizer
        FileHandle.standardOutput.write(Data(ANSIText.render(frame.render(width: width, height: height), tier: tier).utf8))
        // Done: the process ends here rather than free a national twin's hundred thousand
        // arrays one by one (a tenth of the run); the kernel takes the memory back at once.
        withExtendedLifetime(session) { Foundation.exit(0) }
    }
}

/// How the map is drawn, for `explore` and `render`.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: "Theme name or .theme file (default, light, projector, colorblind, mono).")
    var theme: String = "default"

    @Option(name: .long, help: "Colours: mono, 8, 16, 256 or truecolor (default: from the terminal; mono for render when not a terminal).")
    var color: String?

    @Option(name: .long, help: "Number of classes (2–7) for quantiles and equal intervals.")
    var classes: Int = 5

    @Option(name: .long, help: "Class breaks: quantiles, equal, or the break values, e.g. 1000,5000,20000.")
    var breaks: String = "quantiles"

    var classBreaks: ClassBreaks { ClassBreaks(parsing: breaks) ?? .quantiles }

    @Flag(help: "ASCII glyphs only (default when the locale is not UTF-8).")
    var ascii = false

    func validate() throws {
        if let color, ColorTier(rawValue: color) == nil { throw ValidationError("--color takes mono, 8, 16, 256 or truecolor") }
        guard (2...7).contains(classes) else { throw ValidationError("--classes must be between 2 and 7") }
        guard ClassBreaks(parsing: breaks) != nil else {
            throw ValidationError("--breaks takes quantiles, equal, or 1 to 9 numbers separated by commas (e.g. 1000,5000,20000)")
        }
    }

    var requestedTier: ColorTier? { color.flatMap(ColorTier.init(rawValue:)) }

    func loadTheme() throws -> Theme {
        do { return try Themes.load(theme) } catch { throw CommandFailure(message: "\(error)", status: 2) }
    }

    func glyphs(_ environment: [String: String]) -> Glyphs {
        !ascii && Glyphs.localeIsUTF8(environment) ? .unicode : .ascii
    }
}
