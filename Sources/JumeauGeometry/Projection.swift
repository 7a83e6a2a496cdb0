import CPROJ
import Foundation
import JumeauModel

/// A coordinate transformation between two EPSG CRSs, through PROJ, with axes in
/// x = easting/longitude, y = northing/latitude order (as GeoJSON and GeoPackage use).
/// One PROJ context per projector: use a projector from one thread at a time.
public final class Projector {
    private let context: OpaquePointer
    private let transformation: OpaquePointer
    public let source: Int
    public let target: Int

    public init(from source: Int, to target: Int) throws {
        guard let context = proj_context_create() else { throw GeometryError("proj.no_context") }
        // Never reach for the network: the machines running Jumeau may have none.
        proj_context_set_enable_network(context, 0)
        guard let raw = proj_create_crs_to_crs(context, "EPSG:\(source)", "EPSG:\(target)", nil) else {
            let message = Projector.errorMessage(context)
            proj_context_destroy(context)
            throw GeometryError("proj.cannot_transform", ["source": source, "target": target, "detail": message])
        }
        let normalized = proj_normalize_for_visualization(context, raw)
        proj_destroy(raw)
        guard let normalized else {
            let message = Projector.errorMessage(context)
            proj_context_destroy(context)
            throw GeometryError("proj.axis_order", ["detail": message])
        }
        self.context = context
        self.transformation = normalized
        self.source = source
        self.target = target
    }

    deinit {
        proj_destroy(transformation)
        proj_context_destroy(context)
    }

    private static func errorMessage(_ context: OpaquePointer) -> String {
        let code = proj_context_errno(context)
        guard let text = proj_context_errno_string(context, code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// Transforms an interleaved x,y buffer in place, source → target.
    /// Throws if any point could not be transformed (outside the CRS's domain).
    public func transform(interleaved buffer: inout [Double], inverse: Bool = false) throws {
        let count = buffer.count / 2
        guard count > 0 else { return }
        let stride = MemoryLayout<Double>.stride * 2
        let direction = inverse ? PJ_INV : PJ_FWD
        let done = buffer.withUnsafeMutableBufferPointer { raw -> Int in
            let base = raw.baseAddress!
            return proj_trans_generic(transformation, direction,
                                      base, stride, count,
                                      base + 1, stride, count,
                                      nil, 0, 0, nil, 0, 0)
        }
        guard done == count else {
            throw GeometryError("proj.partial", ["done": done, "count": count, "detail": Projector.errorMessage(context)])
        }
        for value in buffer where !value.isFinite {
            throw GeometryError("proj.outside", ["epsg": inverse ? source : target])
        }
    }

    public func transform(_ point: Point2, inverse: Bool = false) throws -> Point2 {
        var buffer = [point.x, point.y]
        try transform(interleaved: &buffer, inverse: inverse)
        return Point2(x: buffer[0], y: buffer[1])
    }

    /// Transforms every ring of a multipolygon.
    public func transform(_ shape: MultiPolygonCoordinates, inverse: Bool = false) throws -> MultiPolygonCoordinates {
        var out = shape
        for p in out.polygons.indices {
            for r in out.polygons[p].rings.indices {
                var flat = [Double]()
                flat.reserveCapacity(out.polygons[p].rings[r].count * 2)
                for point in out.polygons[p].rings[r] { flat.append(point.x); flat.append(point.y) }
                try transform(interleaved: &flat, inverse: inverse)
                out.polygons[p].rings[r] = stride(from: 0, to: flat.count, by: 2).map { Point2(x: flat[$0], y: flat[$0 + 1]) }
            }
        }
        return out
    }
}

/// CRS facts read from PROJ's database.
public enum CRSCatalog {
    /// The gpkg_spatial_ref_sys row for an EPSG code, with PROJ's WKT1 definition.
    public static func spatialReferenceSystem(epsg: Int) throws -> SpatialReferenceSystem {
        guard let context = proj_context_create() else { throw GeometryError("proj.no_context") }
        defer { proj_context_destroy(context) }
        guard let crs = proj_create(context, "EPSG:\(epsg)") else {
            throw GeometryError("proj.unknown_crs", ["epsg": epsg])
        }
        defer { proj_destroy(crs) }
        guard let wkt = proj_as_wkt(context, crs, PJ_WKT1_GDAL, nil) else {
            throw GeometryError("proj.no_wkt", ["epsg": epsg])
        }
        let name = proj_get_name(crs).map { String(cString: $0) } ?? "EPSG:\(epsg)"
        return SpatialReferenceSystem(name: name, srsID: epsg, organization: "EPSG",
                                      organizationCoordsysID: epsg, definition: String(cString: wkt))
    }

    /// Where each CRS is meant to be used, in WGS84 longitude and latitude (PROJ's areas of
    /// use), read through one PROJ context.
    public static func areasOfUse(epsg codes: [Int]) throws -> [Envelope] {
        guard let context = proj_context_create() else { throw GeometryError("proj.no_context") }
        defer { proj_context_destroy(context) }
        return try codes.map { epsg in
            guard let crs = proj_create(context, "EPSG:\(epsg)") else {
                throw GeometryError("proj.unknown_crs", ["epsg": epsg])
            }
            defer { proj_destroy(crs) }
            var west = 0.0, south = 0.0, east = 0.0, north = 0.0
            guard proj_get_area_of_use(context, crs, &west, &south, &east, &north, nil) == 1, west > -1000 else {
                throw GeometryError("proj.no_area_of_use", ["epsg": epsg])
            }
            return Envelope(minX: west, minY: south, maxX: east, maxY: north)
        }
    }

    /// Ratio of projected area to true area at a lon/lat point for a projected CRS
    /// (PROJ's areal scale factor): Lambert-93 is conformal, not equal-area.
    public static func arealScale(epsg: Int, longitude: Double, latitude: Double) throws -> Double {
        guard let context = proj_context_create() else { throw GeometryError("proj.no_context") }
        defer { proj_context_destroy(context) }
        guard let crs = proj_create(context, "EPSG:\(epsg)") else { throw GeometryError("proj.unknown_crs", ["epsg": epsg]) }
        defer { proj_destroy(crs) }
        let factors = proj_factors(crs, proj_coord(proj_torad(longitude), proj_torad(latitude), 0, 0))
        guard factors.areal_scale.isFinite, factors.areal_scale > 0 else {
            throw GeometryError("proj.no_factors", ["longitude": longitude, "latitude": latitude])
        }
        return factors.areal_scale
    }
}

/// Measures on the WGS84 ellipsoid (PROJ's geodesic library, after Karney).
public enum Geodesic {
    /// The area of a lon/lat ring on the ellipsoid, in m² (always positive).
    public static func area(ring: [Point2]) -> Double {
        var geod = geod_geodesic()
        geod_init(&geod, 6_378_137.0, 1.0 / 298.257223563)
        var points = ring
        if let first = points.first, let last = points.last, first == last { points.removeLast() }
        var lats = points.map(\.y)
        var lons = points.map(\.x)
        var area = 0.0, perimeter = 0.0
        geod_polygonarea(&geod, &lats, &lons, Int32(points.count), &area, &perimeter)
        return abs(area)
    }
}
