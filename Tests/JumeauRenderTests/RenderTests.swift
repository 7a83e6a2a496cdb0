import Foundation
import JumeauModel
@testable import JumeauRender
import JumeauThemes
import XCTest

final class BufferTests: XCTestCase {
    func testWideAndCombiningCharactersKeepColumnsAligned() {
        var buffer = Buffer(width: 10, height: 2)
        XCTAssertEqual(buffer.write("Saint-Émilion", x: 0, y: 0), 10, "clipped to the width")
        XCTAssertEqual(buffer.write("東京ab", x: 0, y: 1), 6)
        XCTAssertEqual(buffer[0, 1].text, "東")
        XCTAssertTrue(buffer[1, 1].isContinuation)
        XCTAssertEqual(buffer[4, 1].text, "a")
        // "e" + combining acute is one cell.
        var other = Buffer(width: 4, height: 1)
        XCTAssertEqual(other.write("e\u{301}x", x: 0, y: 0), 2)
        XCTAssertEqual(other[1, 0].text, "x")
    }

    func testHostileTextNeverWritesControlCharacters() {
        var buffer = Buffer(width: 40, height: 1)
        buffer.write("Evil\u{1B}[2J\u{1B}]0;x\u{07}\u{202E}town\n", x: 0, y: 0)
        let line = buffer.lines[0]
        XCTAssertFalse(line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{202E}" }, line)
        XCTAssertTrue(line.hasPrefix("Evil"), line)
    }

    func testTruncationUsesAnEllipsis() {
        XCTAssertEqual(DisplayWidth.truncate("Bordeaux Métropole", to: 10), "Bordeaux …")
        XCTAssertEqual(DisplayWidth.truncate("short", to: 10), "short")
        XCTAssertEqual(DisplayWidth.of(DisplayWidth.truncate("東京東京東京", to: 5)), 5)
    }
}

final class ClassificationTests: XCTestCase {
    func testQuantilesSplitZonesEvenly() {
        let values = (1...100).map(Double.init)
        let classes = Classification(values: values, classes: 5)
        XCTAssertEqual(classes.classCount, 5)
        let counts = (0..<5).map { i in values.filter { classes.classOf($0) == i }.count }
        XCTAssertTrue(counts.allSatisfy { (19...21).contains($0) }, "\(counts)")
        XCTAssertNil(classes.classOf(.nan))
        XCTAssertEqual(classes.bounds(0).0, 1)
        XCTAssertEqual(classes.bounds(4).1, 100)
    }

    func testEqualIntervalsAndDegenerateInputs() {
        let equal = Classification(values: [0, 10, 20, 100], classes: 4, method: .equalIntervals)
        XCTAssertEqual(equal.breaks, [25, 50, 75])
        XCTAssertEqual(equal.classOf(100), 3)
        XCTAssertEqual(Classification(values: [5, 5, 5], classes: 5).classCount, 1, "no empty classes")
        XCTAssertEqual(Classification(values: [], classes: 5).classCount, 1)
    }

    func testManualBreaksAreSortedAndParsedFromWhatPeopleType() {
        let manual = Classification(values: [10, 600, 3_000, 50_000], manualBreaks: [5_000, 1_000, 1_000])
        XCTAssertEqual(manual.breaks, [1_000, 5_000])
        XCTAssertEqual(manual.method, .manual)
        XCTAssertEqual(manual.classOf(600), 0)
        XCTAssertEqual(manual.classOf(3_000), 1)
        XCTAssertEqual(manual.classOf(50_000), 2)
        XCTAssertEqual(Classification.parseBreaks("1000, 5000;20000 1e5"), [1_000, 5_000, 20_000, 100_000])
        XCTAssertNil(Classification.parseBreaks("1000 lots"))
        XCTAssertEqual(ClassBreaks(parsing: "equal"), .equalIntervals)
        XCTAssertEqual(ClassBreaks(parsing: "10,20"), .manual([10, 20]))
        XCTAssertNil(ClassBreaks(parsing: "1,2,3,4,5,6,7,8,9,10"), "at most nine breaks")
    }
}

final class RasterTests: XCTestCase {
    static func square(_ x: Double, _ y: Double, _ size: Double, hole: Bool = false) -> MultiPolygonCoordinates {
        var rings = [[Point2(x: x, y: y), Point2(x: x + size, y: y), Point2(x: x + size, y: y + size),
                      Point2(x: x, y: y + size), Point2(x: x, y: y)]]
        if hole {
            // Off the pixel grid, so no pixel centre lies on its edge.
            let a = size * 0.22, b = size * 0.78
            rings.append([Point2(x: x + a, y: y + a), Point2(x: x + a, y: y + b), Point2(x: x + b, y: y + b),
                          Point2(x: x + b, y: y + a), Point2(x: x + a, y: y + a)])
        }
        return MultiPolygonCoordinates(polygons: [PolygonRings(rings: rings)])
    }

    func testSquaresFillTheirPixelsAndHolesStayEmpty() {
        let zones = [Self.square(0, 0, 100, hole: true), Self.square(100, 0, 100)]
        let viewport = Viewport(center: Point2(x: 100, y: 50), metresPerPixel: 10)
        let raster = ZoneRaster(zones: zones, envelopes: zones.map(\.envelope), viewport: viewport, columns: 20, rows: 5)
        XCTAssertEqual(raster[1, 1], 0)
        XCTAssertEqual(raster[15, 5], 1)
        XCTAssertEqual(raster[5, 5], -1, "the hole")
        XCTAssertEqual(raster[9, 9], 0)
        XCTAssertEqual(raster[10, 9], 1, "neighbours meet without a gap")
        let counts = (0..<2).map { z in raster.ids.filter { $0 == Int32(z) }.count }
        XCTAssertEqual(counts, [64, 100], "a 6×6-pixel hole in a 10×10-pixel square")
    }

    func testAZoneSmallerThanAPixelStillShows() {
        let zones = [Self.square(0, 0, 1000), Self.square(5000, 5000, 1)]
        let viewport = Viewport.fitting(Envelope(minX: 0, minY: 0, maxX: 6000, maxY: 6000), columns: 20, rows: 10)
        let raster = ZoneRaster(zones: zones, envelopes: zones.map(\.envelope), viewport: viewport, columns: 20, rows: 10)
        XCTAssertTrue(raster.ids.contains(1))
    }

    func testFittingShowsTheWholeExtentAndZoomKeepsTheCentre() {
        let extent = Envelope(minX: 0, minY: 0, maxX: 40_000, maxY: 20_000)
        let viewport = Viewport.fitting(extent, columns: 40, rows: 10)
        let corner = viewport.pixel(Point2(x: 0, y: 20_000), columns: 40, rows: 10)
        XCTAssertGreaterThanOrEqual(corner.x, 0)
        XCTAssertGreaterThanOrEqual(corner.y, 0)
        XCTAssertEqual(viewport.zoomed(by: 2).center, viewport.center)
        XCTAssertEqual(viewport.zoomed(by: 2).metresPerPixel, viewport.metresPerPixel / 2, accuracy: 1e-9)
    }
}

final class TerminalTests: XCTestCase {
    func testColourTierFollowsTheEnvironment() {
        XCTAssertEqual(ColorTier.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"]), .mono)
        XCTAssertEqual(ColorTier.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"]), .truecolor)
        XCTAssertEqual(ColorTier.detect(environment: ["TERM": "tmux-256color"]), .ansi256)
        XCTAssertEqual(ColorTier.detect(environment: ["TERM": "linux"]), .ansi16)
        XCTAssertEqual(ColorTier.detect(environment: ["TERM": "vt100"]), .mono)
        XCTAssertEqual(ColorTier.detect(environment: [:]), .mono)
        XCTAssertEqual(ColorTier.detect(environment: ["TERM": "xterm"], requested: .ansi8), .ansi8)
    }

    func testANSIOutputAtEachTier() {
        var buffer = Buffer(width: 3, height: 1)
        buffer[0, 0] = Cell("a", style: Style(foreground: .rgb(255, 0, 0), background: .rgb(0, 0, 0), attributes: .bold))
        XCTAssertEqual(ANSIText.render(buffer, tier: .mono), "a\n")
        XCTAssertTrue(ANSIText.render(buffer, tier: .truecolor).contains("38;2;255;0;0"))
        XCTAssertTrue(ANSIText.render(buffer, tier: .ansi256).contains("38;5;196"))
        XCTAssertTrue(ANSIText.render(buffer, tier: .ansi8).contains(";31;40m"))
        XCTAssertTrue(ANSIText.render(buffer, tier: .ansi16).contains(";91;40m"))
    }

    func testEveryBuiltInThemeLoadsAndBadFilesAreRefused() throws {
        for name in ["default", "light", "projector", "colorblind", "mono"] {
            let theme = try Themes.load(name, environment: [:])
            XCTAssertEqual(theme.ramp(5, tier: .truecolor).count, 5, name)
        }
        XCTAssertTrue(try Themes.load("mono", environment: [:]).monochrome)
        XCTAssertEqual(try Themes.load("default", environment: [:]).color(.text, tier: .ansi8), .rgb(229, 229, 229))
        XCTAssertThrowsError(try Themes.load("nope", environment: [:]))
        XCTAssertThrowsError(try Theme(name: "t", text: "text = notacolour\nsequential = #000000, #ffffff"))
        XCTAssertThrowsError(try Theme(name: "t", text: "sequential = #000000, #ffffff\nshout = #ff0000"))
        XCTAssertThrowsError(try Theme(name: "t", text: "text = #ffffff"), "a ramp is required")
    }
}

/// Golden snapshots of rendered frames: the text, and a style layer (one letter per
/// cell, indexing the styles listed after it). Set UPDATE_SNAPSHOTS=1 to rewrite them.
final class SnapshotTests: XCTestCase {
    func frame(tier: ColorTier, glyphs: Glyphs, width: Int, height: Int) throws -> Buffer {
        // A 4×3 grid of 2 km communes with a gap, values 1…12 (one no data).
        var zones: [MultiPolygonCoordinates] = []
        for row in 0..<3 { for column in 0..<4 { zones.append(RasterTests.square(Double(column) * 2_000, Double(row) * 2_000, 2_000)) } }
        zones[5] = RasterTests.square(2_000, 2_000, 1_000)
        var values = (1...12).map(Double.init)
        values[7] = .nan
        let (mapRect, _) = MapFrame.layout(width: width, height: height)
        let extent = Envelope(minX: 0, minY: 0, maxX: 8_000, maxY: 6_000)
        let viewport = Viewport.fitting(extent, columns: mapRect.width, rows: mapRect.height)
        let raster = ZoneRaster(zones: zones, envelopes: zones.map(\.envelope), viewport: viewport,
                                columns: mapRect.width, rows: mapRect.height)
        let frame = MapFrame(title: "Test territory", indicatorLabel: "Population", unit: "inhabitants", year: 2024,
                             values: values, names: (1...12).map { "Zone \($0)" },
                             classification: Classification(values: values, classes: 5), raster: raster,
                             theme: try Themes.load("default", environment: [:]), tier: tier, glyphs: glyphs,
                             attribution: "Synthetic data", highlighted: 2)
        return frame.render(width: width, height: height)
    }

    static func snapshot(_ buffer: Buffer) -> String { Snapshot.text(buffer) }

    func assertSnapshot(_ name: String, _ buffer: Buffer, file: StaticString = #filePath, line: UInt = #line) throws {
        let text = Self.snapshot(buffer)
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let url = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: url.path) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] != "1" {
                XCTFail("snapshot \(name) was missing and has been written; check it and run again", file: file, line: line)
            }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        XCTAssertEqual(text, expected, "snapshot \(name) differs (UPDATE_SNAPSHOTS=1 rewrites it)", file: file, line: line)
    }

    func testFrameAt80x24InColour() throws {
        try assertSnapshot("frame-80x24-256", try frame(tier: .ansi256, glyphs: .unicode, width: 80, height: 24))
    }

    func testFrameAt160x48InColour() throws {
        try assertSnapshot("frame-160x48-truecolor", try frame(tier: .truecolor, glyphs: .unicode, width: 160, height: 48))
    }

    func testFrameAt80x24InMonoASCII() throws {
        let buffer = try frame(tier: .mono, glyphs: .ascii, width: 80, height: 24)
        try assertSnapshot("frame-80x24-mono-ascii", buffer)
        XCTAssertTrue(buffer.lines.joined().unicodeScalars.allSatisfy { $0.isASCII }, "ASCII only")
    }

    func testNarrowFramesStackThePanelUnderTheMap() throws {
        let buffer = try frame(tier: .ansi8, glyphs: .unicode, width: 60, height: 24)
        let (map, panel) = MapFrame.layout(width: 60, height: 24)
        XCTAssertEqual(map.width, 60)
        XCTAssertGreaterThan(panel.y, map.y)
        XCTAssertTrue(buffer.lines[panel.y].contains("Population"), buffer.lines.joined(separator: "\n"))
    }
}

final class LabelTests: XCTestCase {
    func testNamesSitInsideTheirZoneAndNeverTouch() throws {
        var zones: [MultiPolygonCoordinates] = []
        for row in 0..<3 { for column in 0..<3 { zones.append(RasterTests.square(Double(column) * 3_000, Double(row) * 3_000, 3_000)) } }
        let names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India"]
        let viewport = Viewport.fitting(Envelope(minX: 0, minY: 0, maxX: 9_000, maxY: 9_000), columns: 50, rows: 20)
        let raster = ZoneRaster(zones: zones, envelopes: zones.map(\.envelope), viewport: viewport, columns: 50, rows: 20)
        let frame = MapFrame(title: "t", indicatorLabel: "v", unit: "", year: 2024, values: (1...9).map(Double.init), names: names,
                             classification: Classification(values: (1...9).map(Double.init), classes: 3), raster: raster,
                             theme: try Themes.load("default", environment: [:]), tier: .ansi256, glyphs: .unicode, attribution: "")
        let buffer = frame.render(width: 80, height: 24)
        let map = MapFrame.layout(width: 80, height: 24).map
        var placed = 0
        for (zone, name) in names.enumerated() {
            for y in map.y..<map.maxY {
                let line = (map.x..<map.maxX).map { buffer[$0, y].text }.joined()
                guard let range = line.range(of: name) else { continue }
                placed += 1
                let start = line.distance(from: line.startIndex, to: range.lowerBound)
                for column in start..<(start + name.count) {
                    XCTAssertEqual(raster[column, 2 * (y - map.y)], Int32(zone), "\(name) stays inside its zone")
                }
                // Never touching another label.
                if start > 0 { XCTAssertFalse(buffer[map.x + start - 1, y].text.first?.isLetter ?? false) }
            }
        }
        XCTAssertGreaterThanOrEqual(placed, 7, "most names fit")
        var off = frame
        off.labels = false
        XCTAssertFalse(off.render(width: 80, height: 24).lines.joined().contains("Alpha"))
    }
}

final class WKBCoordinatesTests: XCTestCase {
    /// A polygon of two rings, written in either byte order, reads back the same points
    /// (the little-endian path copies the doubles whole).
    func testBothByteOrdersReadTheSameRings() throws {
        let rings: [[Point2]] = [
            [Point2(x: 0, y: 0), Point2(x: 10.5, y: 0), Point2(x: 10.5, y: -3.25), Point2(x: 0, y: 0)],
            [
                Point2(x: 1e6, y: 6.5e6), Point2(x: 1e6 + 1, y: 6.5e6), Point2(x: 1e6, y: 6.5e6 + 2),
                Point2(x: 1e6, y: 6.5e6),
            ],
        ]
        func wkb(littleEndian: Bool) -> [UInt8] {
            var out: [UInt8] = [littleEndian ? 1 : 0]
            func u32(_ v: UInt32) { withUnsafeBytes(of: littleEndian ? v.littleEndian : v.bigEndian) { out += $0 } }
            func f64(_ v: Double) {
                let bits = v.bitPattern
                withUnsafeBytes(of: littleEndian ? bits.littleEndian : bits.bigEndian) { out += $0 }
            }
            u32(3)
            u32(UInt32(rings.count))
            for ring in rings {
                u32(UInt32(ring.count))
                for p in ring { f64(p.x); f64(p.y) }
            }
            return out
        }
        for order in [true, false] {
            let bytes = wkb(littleEndian: order)
            let shape = try bytes.withUnsafeBytes { try WKBCoordinates.read($0) }
            XCTAssertEqual(shape.polygons.first?.rings, rings, "little-endian: \(order)")
        }
        // A ring longer than the bytes left is refused, never read past the end.
        var short = wkb(littleEndian: true)
        short.removeLast(8)
        XCTAssertThrowsError(try short.withUnsafeBytes { try WKBCoordinates.read($0) })
    }

    /// The packed rings the map reads give back every zone's polygons, holes and empty
    /// zones as they were, whatever is picked, replaced or refused.
    func testPackedRingsKeepEachZonesPolygons() throws {
        let hole = [Point2(x: 2, y: 2), Point2(x: 3, y: 2), Point2(x: 3, y: 3), Point2(x: 2, y: 2)]
        var holed = RasterTests.square(0, 0, 10)
        holed.polygons[0].rings.append(hole)
        let twoParts = MultiPolygonCoordinates(
            polygons: RasterTests.square(20, 0, 5).polygons + RasterTests.square(40, 0, 1).polygons)
        let zones = [holed, MultiPolygonCoordinates(polygons: []), twoParts]
        var packed = ZoneRings(zones)
        XCTAssertEqual(packed.count, 3)
        XCTAssertEqual(packed.outlines, zones)
        XCTAssertEqual(packed.rings(of: 0).count, 2, "the exterior and its hole")
        XCTAssertEqual(packed.rings(of: 1).count, 0)
        XCTAssertEqual(packed.envelope(of: 2), twoParts.envelope)
        XCTAssertTrue(packed.envelope(of: 1).isEmpty)
        XCTAssertEqual(packed.subset([2, 0]).outlines, [twoParts, holed])
        // A malformed blob is refused and leaves what was read before untouched: here a
        // multipolygon whose first part is whole and whose second ring runs past the end.
        var truncated: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { truncated += $0 } }
        truncated.append(1); u32(6); u32(2)
        truncated.append(1); u32(3); u32(1); u32(4)
        for p in hole { withUnsafeBytes(of: p.x.bitPattern.littleEndian) { truncated += $0 } }
        for p in hole { withUnsafeBytes(of: p.y.bitPattern.littleEndian) { truncated += $0 } }
        truncated.append(1); u32(3); u32(1); u32(9)
        XCTAssertThrowsError(try truncated.withUnsafeBytes { try packed.appendWKB($0) })
        XCTAssertEqual(packed, ZoneRings(zones))
    }
}

final class SanitizeTests: XCTestCase {
    /// Names reach the screen as they read, hostile bytes never do: accented Latin passes
    /// untouched, controls become U+FFFD and invisible format characters go.
    func testSanitizeKeepsLettersAndDefusesControls() {
        for name in ["Saint-Étienne", "L'Haÿ-les-Roses", "Œuilly", "Bordeaux Métropole", "Plœmeur"] {
            XCTAssertEqual(Sanitize.text(name), name)
        }
        XCTAssertEqual(Sanitize.text("A\u{1B}[31mB"), "A\u{FFFD}[31mB")
        XCTAssertEqual(Sanitize.text("É\u{0085}x"), "É\u{FFFD}x", "a C1 control, led by C2")
        XCTAssertEqual(Sanitize.text("ab\u{00AD}c"), "abc", "a soft hyphen is invisible")
        XCTAssertEqual(Sanitize.text("x\u{202E}y"), "xy", "a bidi override")
        XCTAssertEqual(Sanitize.text("é\u{2028}"), "é\u{FFFD}")
    }
}
