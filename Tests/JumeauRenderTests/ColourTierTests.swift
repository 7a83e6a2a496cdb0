import JumeauModel
import JumeauThemes
import XCTest

@testable import JumeauRender

/// Issue 13, item 6: in every colour tier, with every built-in theme and either glyph
/// set, each class of the map looks different from every other, on the map and in the
/// legend, as a terminal shows it (colours quantised to the tier).
final class ColourTierTests: XCTestCase {
    static let themes = ["default", "light", "projector", "colorblind", "mono"]

    /// What a terminal shows for a cell: its text, its colours as quantised, its attributes.
    struct Look: Hashable, CustomStringConvertible {
        var text: String, foreground: TermColor, background: TermColor, attributes: TextAttributes
        init(_ cell: Cell, tier: ColorTier) {
            text = cell.text
            foreground = Palette.shown(cell.style.foreground, tier: tier)
            background = Palette.shown(cell.style.background, tier: tier)
            attributes = cell.style.attributes
        }
        var description: String { "\"\(text)\" \(foreground) on \(background) \(attributes.rawValue)" }
    }

    /// `count` zones side by side, 6 km wide, one per class (equal intervals over 1…count).
    func frame(classes count: Int, theme name: String, tier: ColorTier, glyphs: Glyphs) throws -> (MapFrame, Buffer) {
        let zones = (0..<count).map { RasterTests.square(Double($0) * 6_000, 0, 6_000) }
        let values = (1...count).map(Double.init)
        let (mapRect, _) = MapFrame.layout(width: 100, height: 30)
        let extent = Envelope(minX: 0, minY: 0, maxX: Double(count) * 6_000, maxY: 6_000)
        let viewport = Viewport.fitting(extent, columns: mapRect.width, rows: mapRect.height)
        let raster = ZoneRaster(
            zones: zones, envelopes: zones.map(\.envelope), viewport: viewport,
            columns: mapRect.width, rows: mapRect.height)
        var frame = MapFrame(
            title: "t", indicatorLabel: "v", unit: "", year: 2024, values: values,
            names: values.map { "z\(Int($0))" },
            classification: Classification(values: values, classes: count, method: .equalIntervals),
            raster: raster, theme: try Themes.load(name, environment: [:]), tier: tier, glyphs: glyphs,
            attribution: "")
        frame.labels = false
        XCTAssertEqual(frame.classification.classCount, count)
        return (frame, frame.render(width: 100, height: 30))
    }

    /// The looks of the map's cells whose two pixels both lie inside zone `zone`, away
    /// from its edges.
    func mapLooks(_ frame: MapFrame, _ buffer: Buffer, zone: Int) -> Set<Look> {
        let map = MapFrame.layout(width: 100, height: 30).map
        var looks = Set<Look>()
        for row in 0..<min(map.height, frame.raster.rows) {
            for column in 0..<min(map.width, frame.raster.columns) {
                let inside = (-1...1).allSatisfy { dx in
                    (0...2).allSatisfy { dy in frame.raster[column + dx, 2 * row + dy] == Int32(zone) }
                }
                if inside { looks.insert(Look(buffer[map.x + column, map.y + row], tier: frame.tier)) }
            }
        }
        return looks
    }

    /// The legend's swatch for each class: two cells at the start of its row.
    func swatches(_ buffer: Buffer, classes: Int, tier: ColorTier) -> [(Look, Look)] {
        let panel = MapFrame.layout(width: 100, height: 30).panel
        // Title, unit and year, method: then one row per class.
        return (0..<classes).map { i in
            (Look(buffer[panel.x, panel.y + 3 + i], tier: tier), Look(buffer[panel.x + 1, panel.y + 3 + i], tier: tier))
        }
    }

    func testEveryClassLooksDifferentInEveryTierThemeAndGlyphSet() throws {
        for tier in ColorTier.allCases {
            for name in Self.themes {
                for glyphs in [Glyphs.unicode, Glyphs.ascii] {
                    for count in [2, 5, 7] { try checkLooks(tier: tier, theme: name, glyphs: glyphs, count: count) }
                }
            }
        }
    }

    func checkLooks(tier: ColorTier, theme name: String, glyphs: Glyphs, count: Int) throws {
        let context = "\(tier) \(name) \(glyphs.halfBlock == nil ? "ascii" : "unicode") \(count) classes"
        let (frame, buffer) = try frame(classes: count, theme: name, tier: tier, glyphs: glyphs)
        var seen: [Look: Int] = [:]
        var legend: [Look: Int] = [:]
        let rows = swatches(buffer, classes: count, tier: tier)
        for zone in 0..<count {
            let looks = mapLooks(frame, buffer, zone: zone)
            XCTAssertEqual(looks.count, 1, "\(context): class \(zone) has one look inside: \(looks)")
            guard let look = looks.first else { continue }
            if let other = seen[look] { XCTFail("\(context): classes \(other) and \(zone) both look \(look)") }
            seen[look] = zone
            // The swatch is the map's cell, twice, as the terminal shows it.
            let (swatch, second) = rows[zone]
            XCTAssertEqual(swatch, second, context)
            XCTAssertEqual(swatch, look, "\(context): class \(zone)'s swatch looks like its map cells")
            if let other = legend[swatch] { XCTFail("\(context): swatches \(other) and \(zone) look alike") }
            legend[swatch] = zone
            if glyphs.halfBlock == nil { XCTAssertTrue(look.text.unicodeScalars.allSatisfy(\.isASCII), context) }
            // A pattern is drawn in a colour that shows on its background.
            if look.text != " " && tier != .mono && name != "mono" {
                XCTAssertNotEqual(look.foreground, look.background, "\(context): class \(zone)'s pattern is invisible")
            }
            // Eight and sixteen colours: each class also has its pattern.
            if tier == .ansi8 || tier == .ansi16 || tier == .mono || name == "mono" {
                XCTAssertEqual(look.text, glyphs.patterns(count)[zone], context)
            }
        }
    }

    func testPatternsAreDistinctForEveryNumberOfClasses() {
        for glyphs in [Glyphs.unicode, Glyphs.ascii] {
            for count in 1...10 {
                let patterns = glyphs.patterns(count)
                XCTAssertEqual(patterns.count, count)
                XCTAssertEqual(Set(patterns).count, count, "\(patterns)")
                XCTAssertTrue(patterns.allSatisfy { DisplayWidth.of($0) == 1 }, "\(patterns)")
                XCTAssertFalse(patterns.contains("/"), "/ hatches zones without data")
            }
            XCTAssertEqual(glyphs.patterns(12).count, 12, "more classes than patterns still get one each")
        }
        XCTAssertEqual(Glyphs.unicode.patterns(4), ["░", "▒", "▓", "█"])
        XCTAssertEqual(Glyphs.ascii.patterns(4), [".", ":", "+", "#"])
    }

    func testEightColoursNoLongerMergeTheDefaultRamp() throws {
        // Nearest entries alone gave white, yellow, yellow, red, red (the issue).
        let theme = try Themes.load("default", environment: [:])
        let ramp = theme.ramp(5, tier: .ansi8)
        let shown = ramp.map { Palette.shown($0, tier: .ansi8) }
        XCTAssertEqual(Set(shown).count, 5, "\(shown)")
        let background = Palette.shown(theme.color(.background, tier: .ansi8), tier: .ansi8)
        XCTAssertFalse(shown.contains(background), "none is the background")
        XCTAssertEqual(shown.first, Palette.entry(7), "the palest class stays white")
        XCTAssertEqual(
            shown.last.map { [Palette.entry(1), Palette.entry(5)].contains($0) }, true,
            "the darkest stays red or magenta")
        // And the colours ANSI output writes are those entries.
        for (color, entry) in zip(ramp, shown) {
            XCTAssertEqual(
                ANSIText.sgr(Style(foreground: color), tier: .ansi8),
                ANSIText.sgr(Style(foreground: entry), tier: .ansi8))
        }
        // Sixteen colours: distinct too; 256 and truecolor keep the ramp's own colours.
        XCTAssertEqual(Set(theme.ramp(7, tier: .ansi16).map { Palette.shown($0, tier: .ansi16) }).count, 7)
        XCTAssertEqual(theme.ramp(5, tier: .ansi256), theme.ramp(5, tier: .truecolor))
    }

    func testTwoHundredFiftySixColoursPickDistinctEntriesWhenTheNearestMerge() throws {
        // Eight classes (manual breaks) of the default ramp: nearest entries merge two (215, 215).
        let theme = try Themes.load("default", environment: [:])
        let nearest = theme.ramp(8, tier: .truecolor).map { Palette.shown($0, tier: .ansi256) }
        XCTAssertLessThan(Set(nearest).count, 8, "the case this test is about")
        let shown = theme.ramp(8, tier: .ansi256).map { Palette.shown($0, tier: .ansi256) }
        XCTAssertEqual(Set(shown).count, 8, "\(shown)")
        // Every entry of the palette quantises back to itself.
        for index in 16..<256 {
            XCTAssertEqual(Palette.shown(Palette.entry(index), tier: .ansi256), Palette.entry(index), "entry \(index)")
        }
        for index in 0..<16 { XCTAssertEqual(Palette.shown(Palette.entry(index), tier: .ansi16), Palette.entry(index)) }
        // A ramp whose colours are all the same cannot be told apart by colour: patterns.
        let flat = try Theme(name: "flat", text: "background = #000000\nsequential = #808080, #808080")
        let zones = [RasterTests.square(0, 0, 1_000), RasterTests.square(1_000, 0, 1_000)]
        let viewport = Viewport.fitting(Envelope(minX: 0, minY: 0, maxX: 2_000, maxY: 1_000), columns: 20, rows: 5)
        let frame = MapFrame(
            title: "", indicatorLabel: "", unit: "", year: 2024, values: [1, 2], names: ["a", "b"],
            classification: Classification(values: [1, 2], classes: 2, method: .equalIntervals),
            raster: ZoneRaster(
                zones: zones, envelopes: zones.map(\.envelope), viewport: viewport,
                columns: 20, rows: 5),
            theme: flat, tier: .truecolor, glyphs: .unicode, attribution: "")
        XCTAssertEqual(frame.classLook(frame.classColors), .colouredPatterns)
    }

    func testTheCheapestAssignmentIsFound() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let rows = Int.random(in: 1...4, using: &generator)
            let columns = Int.random(in: rows...6, using: &generator)
            let cost = (0..<rows).map { _ in (0..<columns).map { _ in Int.random(in: 0...100, using: &generator) } }
            let chosen = Assignment.cheapest(cost)
            XCTAssertEqual(Set(chosen).count, rows, "distinct columns")
            func best(_ row: Int, _ used: Set<Int>) -> Int {
                guard row < rows else { return 0 }
                let free = (0..<columns).filter { !used.contains($0) }
                return free.map { cost[row][$0] + best(row + 1, used.union([$0])) }.min() ?? 0
            }
            XCTAssertEqual(chosen.enumerated().map { cost[$0.offset][$0.element] }.reduce(0, +), best(0, []), "\(cost)")
        }
    }

    /// A boundary between two zones of one class shows on its background in every tier
    /// (the default theme's border was black on black in eight colours).
    func testBoundaryMarksAreVisibleInEveryTier() throws {
        let zones = (0..<2).map { RasterTests.square(Double($0) * 6_000, 0, 6_000) }
        let values = [1.0, 1.0]
        let (mapRect, _) = MapFrame.layout(width: 100, height: 30)
        let extent = Envelope(minX: 0, minY: 0, maxX: 12_000, maxY: 6_000)
        let viewport = Viewport.fitting(extent, columns: mapRect.width, rows: mapRect.height)
        let raster = ZoneRaster(
            zones: zones, envelopes: zones.map(\.envelope), viewport: viewport,
            columns: mapRect.width, rows: mapRect.height)
        for tier in [ColorTier.ansi8, .ansi16] {
            for name in Self.themes where name != "mono" {
                var frame = MapFrame(
                    title: "t", indicatorLabel: "v", unit: "", year: 2024, values: values, names: ["a", "b"],
                    classification: Classification(values: values, classes: 2), raster: raster,
                    theme: try Themes.load(name, environment: [:]), tier: tier, glyphs: .ascii, attribution: "")
                frame.labels = false
                let buffer = frame.render(width: 100, height: 30)
                let marks = (mapRect.y..<mapRect.maxY).flatMap { y in (mapRect.x..<mapRect.maxX).map { buffer[$0, y] } }
                    .filter { $0.text == Glyphs.ascii.boundary }
                XCTAssertFalse(marks.isEmpty, "\(tier) \(name): the two zones have a boundary")
                for mark in marks {
                    XCTAssertNotEqual(
                        Palette.shown(mark.style.foreground, tier: tier),
                        Palette.shown(mark.style.background, tier: tier),
                        "\(tier) \(name)")
                }
            }
        }
    }
}
