import Foundation
import JumeauModel
import XCTest

@testable import JumeauImport

/// The coastline from a whole country's boundaries (issue 15 §3), on small made-up countries:
/// unshared edges are coast, land borders and the slivers between neighbours are not.
final class CoastlineTests: XCTestCase {
    /// A square of side `size` degrees at (x, y), as GeoJSON polygons (one ring, closed).
    static func square(_ x: Double, _ y: Double, _ size: Double) -> [[Double]] {
        [[x, y, x + size, y, x + size, y + size, x, y + size, x, y]]
    }

    /// Kilometres of a side of 0.01° at 45° N, east-west and north-south.
    static let east = CoastlineFinder.kilometres(
        .init(x0: 0, y0: 450_000_000, x1: 100_000, y1: 450_000_000, zone: 0, part: 0, forward: true))
    static let north = CoastlineFinder.kilometres(
        .init(x0: 0, y0: 449_950_000, x1: 0, y1: 450_050_000, zone: 0, part: 0, forward: true))

    func testSharedEdgesAreNotCoastAndEveryIslandPartIs() {
        var finder = CoastlineFinder()
        // Two communes side by side; the second also owns a small island to the east.
        finder.add(zone: 0, polygons: [Self.square(0, 45, 0.01)].map { [$0[0]] })
        finder.add(zone: 1, polygons: [Self.square(0.01, 45, 0.01), Self.square(0.05, 45, 0.002)])
        let km = finder.coastlineKm(zoneCount: 2, landBorders: [])
        XCTAssertEqual(km[0], Self.east * 2 + Self.north, accuracy: 0.01)
        XCTAssertEqual(km[1], Self.east * 2 + Self.north + (Self.east + Self.north) * 2 * 0.2, accuracy: 0.01)
    }

    /// Nine communes in a square; the middle one's southern boundary was simplified
    /// differently (a vertex more, off the line), so a thin gap opens between it and its
    /// southern neighbour: that sliver is no coast, the outer ring is.
    func testTheSliverBetweenMisfittingNeighboursIsNotCoast() {
        var finder = CoastlineFinder()
        for row in 0..<3 {
            for column in 0..<3 {
                var ring = Self.square(Double(column) * 0.01, 45 + Double(row) * 0.01, 0.01)[0]
                if row == 1 && column == 1 {
                    ring = [0.01, 45.01, 0.015, 45.0102, 0.02, 45.01, 0.02, 45.02, 0.01, 45.02, 0.01, 45.01]
                }
                finder.add(zone: row * 3 + column, polygons: [[ring]])
            }
        }
        let km = finder.coastlineKm(zoneCount: 9, landBorders: [])
        XCTAssertEqual(km[4], 0, "the middle commune is inland")
        XCTAssertEqual(km[1], Self.east, accuracy: 0.01, "a side commune: its outer side only")
        XCTAssertEqual(km[0], Self.east + Self.north, accuracy: 0.01, "a corner: two sides")
    }

    /// A country of four communes in a row, its land border running along the north side
    /// from the west end to the east end: the shorter arc between them is land.
    func testTheLandBorderArcIsLeftOut() {
        var finder = CoastlineFinder()
        for zone in 0..<4 { finder.add(zone: zone, polygons: [Self.square(Double(zone) * 0.01, 45, 0.01)]) }
        let border = CoastlineFinder.LandBorder(
            from: Point2(x: 0, y: 45.01), to: Point2(x: 0.04, y: 45.01), landIsShorterArc: true)
        let km = finder.coastlineKm(zoneCount: 4, landBorders: [border])
        // The north sides are the border; the south sides and the two ends are coast.
        XCTAssertEqual(km[1], Self.east, accuracy: 0.01)
        XCTAssertEqual(km[0], Self.east + Self.north, accuracy: 0.01)
        // A border whose ends are far from this outline is not looked for.
        var far = CoastlineFinder()
        far.add(zone: 0, polygons: [Self.square(0, 45, 0.01)])
        XCTAssertEqual(far.coastlineKm(zoneCount: 1)[0], Self.east * 2 + Self.north * 2, accuracy: 0.01)
    }
}
