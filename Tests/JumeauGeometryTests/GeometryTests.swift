import Foundation
import JumeauGeometry
import JumeauModel
import XCTest

final class GeometryTests: XCTestCase {
    let context = GeometryContext()

    func square(_ x: Double, _ y: Double, _ size: Double) -> PolygonRings {
        PolygonRings(rings: [[Point2(x: x, y: y), Point2(x: x + size, y: y), Point2(x: x + size, y: y + size),
                              Point2(x: x, y: y + size), Point2(x: x, y: y)]])
    }

    func testAreaAndLengthOfKnownPolygons() throws {
        let km = try context.polygon(square(700_000, 6_600_000, 1_000))
        XCTAssertEqual(try km.area(), 1_000_000, accuracy: 1_000_000 * 0.001)
        XCTAssertEqual(try km.length(), 4_000, accuracy: 1e-6)

        // A square with a square hole: 100 − 36.
        var holed = square(0, 0, 10)
        holed.rings.append([Point2(x: 2, y: 2), Point2(x: 2, y: 8), Point2(x: 8, y: 8), Point2(x: 8, y: 2), Point2(x: 2, y: 2)])
        XCTAssertEqual(try context.polygon(holed).area(), 64, accuracy: 64 * 0.001)

        // An L shape from WKT: 3×1 + 1×2 = 5.
        let l = try context.readWKT("POLYGON((0 0,3 0,3 1,1 1,1 3,0 3,0 0))")
        XCTAssertEqual(try l.area(), 5, accuracy: 0.005)
        XCTAssertEqual(try l.length(), 12, accuracy: 1e-9)
    }

    func testInvalidBowtieIsDetectedAndRepairedKeepingItsArea() throws {
        let bowtie = try context.readWKT("POLYGON((0 0,2 2,2 0,0 2,0 0))")
        XCTAssertFalse(bowtie.isValid)
        XCTAssertTrue(bowtie.validityReason.contains("Self-intersection"), bowtie.validityReason)
        let repaired = try XCTUnwrap(try bowtie.makeValid().polygonalParts())
        XCTAssertTrue(repaired.isValid)
        XCTAssertEqual(repaired.kind, .multiPolygon)
        XCTAssertEqual(try repaired.area(), 2, accuracy: 1e-9)
    }

    func testIntersectionDifferenceUnionBuffer() throws {
        let a = try context.polygon(square(0, 0, 10))
        let b = try context.polygon(square(5, 5, 10))
        XCTAssertEqual(try a.intersection(b).area(), 25, accuracy: 1e-9)
        XCTAssertEqual(try a.difference(b).area(), 75, accuracy: 1e-9)
        XCTAssertEqual(try a.union(b).area(), 175, accuracy: 1e-9)
        XCTAssertTrue(a.intersects(b))
        // Buffer of a square by 1: 100 + perimeter × 1 + π (rounded corners, within 0.5 %).
        XCTAssertEqual(try a.buffer(1, quadrantSegments: 16).area(), 100 + 40 + .pi, accuracy: 0.5)
        XCTAssertEqual(try a.buffer(-1).area(), 64, accuracy: 1e-9)
    }

    func testSimplificationKeepsShapeAndValidity() throws {
        // A ring with 400 nearly collinear points along each side.
        var ring: [Point2] = []
        for i in 0..<400 { ring.append(Point2(x: Double(i) / 40, y: sin(Double(i)) * 0.001)) }
        for i in 0..<400 { ring.append(Point2(x: 10, y: Double(i) / 40)) }
        ring.append(Point2(x: 0, y: 10))
        ring.append(ring[0])
        let dense = try context.polygon(PolygonRings(rings: [ring]))
        let simple = try dense.simplified(tolerance: 0.01)
        XCTAssertTrue(simple.isValid)
        XCTAssertLessThan(try simple.coordinates().pointCount, 20)
        XCTAssertEqual(try simple.area(), try dense.area(), accuracy: try dense.area() * 0.01)
    }

    func testWKBRoundTripPreservesCoordinates() throws {
        let shape = MultiPolygonCoordinates(polygons: [square(1.5, 2.5, 3), square(10, 10, 1)])
        let geometry = try context.multiPolygon(shape)
        let wkb = try geometry.wkb()
        XCTAssertEqual(wkb[0], 1, "little-endian")
        XCTAssertEqual(wkb[1], 6, "ISO WKB type 6 = MultiPolygon")
        let back = try context.readWKB(wkb)
        XCTAssertEqual(try back.coordinates(), shape)
        XCTAssertEqual(back.envelope, Envelope(minX: 1.5, minY: 2.5, maxX: 11, maxY: 11))
        XCTAssertThrowsError(try context.readWKB([1, 2, 3]))
    }

    func testPreparedGeometryAndZoneLocator() throws {
        // A 3×3 grid of 10 m squares; index = row * 3 + column.
        var zones: [Geometry] = []
        for row in 0..<3 { for column in 0..<3 { zones.append(try context.polygon(square(Double(column) * 10, Double(row) * 10, 10))) } }
        let locator = try ZoneLocator(context: context, geometries: zones)
        XCTAssertEqual(try locator.locate(Point2(x: 5, y: 5)), 0)
        XCTAssertEqual(try locator.locate(Point2(x: 25, y: 15)), 5)
        XCTAssertEqual(try locator.locate(Point2(x: 15, y: 29.9)), 7)
        XCTAssertEqual(try locator.locate(Point2(x: 10, y: 10)), 0, "shared corner: lowest index wins")
        XCTAssertNil(try locator.locate(Point2(x: 31, y: 5)))
        XCTAssertNil(try locator.locate(Point2(x: -1, y: -1)))

        let prepared = try PreparedGeometry(zones[4])
        XCTAssertTrue(try prepared.covers(Point2(x: 15, y: 15)))
        XCTAssertFalse(try prepared.covers(Point2(x: 35, y: 15)))
        XCTAssertTrue(prepared.intersects(zones[0]), "corner contact")
    }

    func testRingsThatAreTooShortAreRejected() {
        XCTAssertThrowsError(try context.polygon(PolygonRings(rings: [[Point2(x: 0, y: 0), Point2(x: 1, y: 0), Point2(x: 0, y: 0)]])))
        XCTAssertThrowsError(try context.polygon(PolygonRings(rings: [])))
    }

    func testContextsWorkIndependentlyOnSeveralThreads() {
        // One context per thread, as the workers of the explorer will do.
        final class Results: @unchecked Sendable {
            let lock = NSLock()
            var totals: [Double] = []
            func add(_ value: Double) { lock.lock(); totals.append(value); lock.unlock() }
        }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let local = GeometryContext()
            var total = 0.0
            for i in 0..<200 {
                let g = try! local.readWKT("POLYGON((0 0,\(i + 1) 0,\(i + 1) 1,0 1,0 0))")
                total += try! g.buffer(0.5).area()
            }
            results.add(total)
        }
        XCTAssertEqual(results.totals.count, 4)
        XCTAssertEqual(Set(results.totals).count, 1)
    }
}
