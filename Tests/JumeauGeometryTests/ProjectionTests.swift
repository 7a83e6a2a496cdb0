import Foundation
import JumeauGeometry
import JumeauModel
import XCTest

/// Lambert-93 through PROJ, checked against IGN's own definition and algorithms.
final class ProjectionTests: XCTestCase {
    /// IGN's published constants of the Lambert-93 projection (NTG_71 algorithms
    /// ALG0001 and ALG0003, with n, C, Xs, Ys as IGN lists them for Lambert-93).
    enum IGNLambert93 {
        static let n = 0.7256077650
        static let c = 11_754_255.426
        static let xs = 700_000.0
        static let ys = 12_655_612.050
        static let e = 0.081_819_191_042_815_79   // GRS 80 first eccentricity
        static let lambdaC = 3.0 * .pi / 180

        /// ALG0001: isometric latitude; ALG0003: Lambert conformal conic projection.
        static func project(longitude: Double, latitude: Double) -> Point2 {
            let phi = latitude * .pi / 180, lambda = longitude * .pi / 180
            let isometric = log(tan(.pi / 4 + phi / 2) * pow((1 - e * sin(phi)) / (1 + e * sin(phi)), e / 2))
            let r = c * exp(-n * isometric)
            let gamma = n * (lambda - lambdaC)
            return Point2(x: xs + r * sin(gamma), y: ys - r * cos(gamma))
        }
    }

    func testProjectionOriginIsIGNFalseOrigin() throws {
        // Lambert-93: central meridian 3° E, latitude of origin 46.5° N → (700 000, 6 600 000).
        let projector = try Projector(from: CRS.wgs84, to: CRS.lambert93)
        let origin = try projector.transform(Point2(x: 3, y: 46.5))
        XCTAssertEqual(origin.x, 700_000, accuracy: 0.001)
        XCTAssertEqual(origin.y, 6_600_000, accuracy: 0.001)
    }

    func testProjectionMatchesIGNAlgorithmWithinOneMetre() throws {
        let projector = try Projector(from: CRS.wgs84, to: CRS.lambert93)
        // Bordeaux, Brest, Strasbourg, Nice, Dunkerque, Annecy, Île de Ré, Ajaccio.
        let places = [(-0.5792, 44.8378), (-4.4861, 48.3904), (7.7521, 48.5734), (7.2620, 43.7102),
                      (2.3768, 51.0343), (6.1294, 45.8992), (-1.3667, 46.2000), (8.7369, 41.9192)]
        for (lon, lat) in places {
            let proj = try projector.transform(Point2(x: lon, y: lat))
            let ign = IGNLambert93.project(longitude: lon, latitude: lat)
            XCTAssertEqual(proj.x, ign.x, accuracy: 1.0, "easting at \(lon), \(lat)")
            XCTAssertEqual(proj.y, ign.y, accuracy: 1.0, "northing at \(lon), \(lat)")
        }
    }

    func testInverseProjectionRoundTrips() throws {
        let projector = try Projector(from: CRS.wgs84, to: CRS.lambert93)
        var buffer = [-1.3667, 46.2, 6.1294, 45.8992, 2.35, 48.85]
        let original = buffer
        try projector.transform(interleaved: &buffer)
        XCTAssertGreaterThan(buffer[0], 100_000)
        try projector.transform(interleaved: &buffer, inverse: true)
        for (a, b) in zip(buffer, original) { XCTAssertEqual(a, b, accuracy: 1e-9) }
    }

    func testSpatialReferenceDefinitionsComeFromPROJ() throws {
        let lambert = try CRSCatalog.spatialReferenceSystem(epsg: 2154)
        XCTAssertEqual(lambert.srsID, 2154)
        XCTAssertTrue(lambert.name.contains("Lambert-93"), lambert.name)
        XCTAssertTrue(lambert.definition.hasPrefix("PROJCS["), lambert.definition)
        let wgs84 = try CRSCatalog.spatialReferenceSystem(epsg: 4326)
        XCTAssertTrue(wgs84.definition.hasPrefix("GEOGCS["))
        XCTAssertThrowsError(try CRSCatalog.spatialReferenceSystem(epsg: 999_999))
    }

    func testProjectedAreaMatchesEllipsoidAreaWithinATenthOfAPercent() throws {
        // A 0.1° cell near Bordeaux: projected area / PROJ's areal scale = true area.
        let projector = try Projector(from: CRS.wgs84, to: CRS.lambert93)
        let ring = [Point2(x: -0.6, y: 44.8), Point2(x: -0.5, y: 44.8), Point2(x: -0.5, y: 44.9),
                    Point2(x: -0.6, y: 44.9), Point2(x: -0.6, y: 44.8)]
        let context = GeometryContext()
        let projected = try projector.transform(MultiPolygonCoordinates(polygons: [PolygonRings(rings: [ring])]))
        let planar = try context.multiPolygon(projected).area()
        let scale = try CRSCatalog.arealScale(epsg: 2154, longitude: -0.55, latitude: 44.85)
        let geodesic = Geodesic.area(ring: ring)
        XCTAssertEqual(planar / scale, geodesic, accuracy: geodesic * 0.001)
        // And the geodesic area agrees with the spherical-zone formula on the ellipsoid's
        // authalic sphere to 0.1 %: a cell of 0.1° × 0.1° at 44.85° N ≈ 87.7 km².
        let radius = 6_371_007.2
        let zone = radius * radius * (0.1 * .pi / 180) * (sin(44.9 * .pi / 180) - sin(44.8 * .pi / 180))
        XCTAssertEqual(geodesic, zone, accuracy: zone * 0.003)
    }

    func testTransformRejectsNonFiniteResults() throws {
        let projector = try Projector(from: CRS.wgs84, to: CRS.lambert93)
        var buffer = [0.0, 95.0]   // latitude beyond the pole
        XCTAssertThrowsError(try projector.transform(interleaved: &buffer))
    }
}
