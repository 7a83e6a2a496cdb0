import CGEOS
import JumeauModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A GEOS geometry, owned: released when this object goes.
public final class Geometry {
    private(set) var pointer: OpaquePointer?
    public let context: GeometryContext

    init(owning pointer: OpaquePointer, context: GeometryContext) {
        self.pointer = pointer
        self.context = context
    }

    deinit {
        if let pointer { GEOSGeom_destroy_r(context.handle, pointer) }
    }

    /// Gives up ownership (the pointer now belongs to a collection that took it).
    func release() -> OpaquePointer? {
        defer { pointer = nil }
        return pointer
    }

    var ptr: OpaquePointer {
        guard let pointer else { preconditionFailure("geometry used after its ownership moved to a collection") }
        return pointer
    }

    private var h: GEOSContextHandle_t { context.handle }

    // MARK: Description

    public enum Kind: Equatable, Sendable {
        case point, lineString, linearRing, polygon, multiPoint, multiLineString, multiPolygon, collection
    }

    public var kind: Kind {
        switch GEOSGeomTypeId_r(h, ptr) {
        case Int32(GEOS_POINT.rawValue): return .point
        case Int32(GEOS_LINESTRING.rawValue): return .lineString
        case Int32(GEOS_LINEARRING.rawValue): return .linearRing
        case Int32(GEOS_POLYGON.rawValue): return .polygon
        case Int32(GEOS_MULTIPOINT.rawValue): return .multiPoint
        case Int32(GEOS_MULTILINESTRING.rawValue): return .multiLineString
        case Int32(GEOS_MULTIPOLYGON.rawValue): return .multiPolygon
        default: return .collection
        }
    }

    public var isEmpty: Bool { GEOSisEmpty_r(h, ptr) == 1 }

    /// Planar area, in the square units of the CRS (m² in Lambert-93).
    public func area() throws -> Double {
        var value = 0.0
        guard GEOSArea_r(h, ptr, &value) == 1 else { throw context.takeError("geos.area") }
        return value
    }

    /// Planar length (perimeter for polygons), in CRS units.
    public func length() throws -> Double {
        var value = 0.0
        guard GEOSLength_r(h, ptr, &value) == 1 else { throw context.takeError("geos.length") }
        return value
    }

    public var isValid: Bool { GEOSisValid_r(h, ptr) == 1 }

    /// Why the geometry is invalid ("Self-intersection[x y]"), or "Valid Geometry".
    public var validityReason: String {
        guard let reason = GEOSisValidReason_r(h, ptr) else { return "unknown" }
        defer { GEOSFree_r(h, reason) }
        return String(cString: reason)
    }

    public var numGeometries: Int { Int(GEOSGetNumGeometries_r(h, ptr)) }

    public var envelope: Envelope {
        guard !isEmpty else { return .empty }
        var e = Envelope.empty
        GEOSGeom_getXMin_r(h, ptr, &e.minX)
        GEOSGeom_getYMin_r(h, ptr, &e.minY)
        GEOSGeom_getXMax_r(h, ptr, &e.maxX)
        GEOSGeom_getYMax_r(h, ptr, &e.maxY)
        return e
    }

    // MARK: Operations

    /// Repairs an invalid geometry, keeping all its area: GEOS's "structure" method
    /// (shells united, holes subtracted). The default "linework" method nodes every ring
    /// against every other: k identical rings cost O(k²) memory, self-crossing rings
    /// far worse. A repair that has used `seconds` of this thread's processor time is
    /// abandoned with an error (processor time, not wall time: a loaded machine refuses
    /// nothing that an idle one accepts).
    public func makeValid(within seconds: Double = .infinity) throws -> Geometry {
        guard let params = GEOSMakeValidParams_create_r(h) else { throw context.takeError("geos.repairing_geometry") }
        defer { GEOSMakeValidParams_destroy_r(h, params) }
        GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE)
        GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0)
        repairDeadline = seconds.isFinite ? threadCPUSeconds() + seconds : .infinity
        let previous = GEOS_interruptRegisterCallback(seconds.isFinite ? interruptAfterDeadline : nil)
        defer { _ = GEOS_interruptRegisterCallback(previous); GEOS_interruptCancel() }
        let result = GEOSMakeValidWithParams_r(h, ptr, params)
        if result == nil, threadCPUSeconds() > repairDeadline {
            _ = context.takeError("geos.repairing_geometry")
            throw GeometryError("geometry.repair_too_costly", ["seconds": Message.Argument.number(seconds, decimals: 1)])
        }
        return try context.wrap(result, "geos.repairing_geometry")
    }

    public func intersection(_ other: Geometry) throws -> Geometry {
        try context.wrap(GEOSIntersection_r(h, ptr, other.ptr), "geos.intersection")
    }

    public func difference(_ other: Geometry) throws -> Geometry {
        try context.wrap(GEOSDifference_r(h, ptr, other.ptr), "geos.difference")
    }

    public func union(_ other: Geometry) throws -> Geometry {
        try context.wrap(GEOSUnion_r(h, ptr, other.ptr), "geos.union")
    }

    /// Dissolves all parts into one geometry.
    public func unaryUnion() throws -> Geometry {
        try context.wrap(GEOSUnaryUnion_r(h, ptr), "geos.union")
    }

    /// A buffer of `distance` CRS units (negative shrinks polygons).
    public func buffer(_ distance: Double, quadrantSegments: Int = 8) throws -> Geometry {
        try context.wrap(GEOSBuffer_r(h, ptr, distance, Int32(quadrantSegments)), "geos.buffer")
    }

    /// Simplification within `tolerance` that keeps the topology valid.
    public func simplified(tolerance: Double) throws -> Geometry {
        try context.wrap(GEOSTopologyPreserveSimplify_r(h, ptr, tolerance), "geos.simplification")
    }

    public func boundary() throws -> Geometry {
        try context.wrap(GEOSBoundary_r(h, ptr), "geos.boundary")
    }

    /// A point guaranteed to lie inside the geometry (for labels).
    public func pointOnSurface() throws -> Point2 {
        let point = try context.wrap(GEOSPointOnSurface_r(h, ptr), "geos.point_on_surface")
        return try point.firstCoordinate()
    }

    public func centroid() throws -> Point2 {
        let point = try context.wrap(GEOSGetCentroid_r(h, ptr), "geos.centroid")
        return try point.firstCoordinate()
    }

    private func firstCoordinate() throws -> Point2 {
        var x = 0.0, y = 0.0
        guard GEOSGeomGetX_r(h, ptr, &x) == 1, GEOSGeomGetY_r(h, ptr, &y) == 1 else {
            throw context.takeError("geos.reading_a_point")
        }
        return Point2(x: x, y: y)
    }

    public func intersects(_ other: Geometry) -> Bool { GEOSIntersects_r(h, ptr, other.ptr) == 1 }
    public func contains(_ other: Geometry) -> Bool { GEOSContains_r(h, ptr, other.ptr) == 1 }

    /// Keeps only the polygonal parts, as a MULTIPOLYGON (what repair may leave as a
    /// collection with stray lines). Returns nil when nothing polygonal remains.
    public func polygonalParts() throws -> Geometry? {
        switch kind {
        case .multiPolygon: return isEmpty ? nil : try context.wrap(GEOSGeom_clone_r(h, ptr), "geos.copy")
        case .polygon:
            guard !isEmpty else { return nil }
            return try context.collection([try context.wrap(GEOSGeom_clone_r(h, ptr), "geos.copy")])
        case .collection:
            var parts: [Geometry] = []
            for index in 0..<numGeometries {
                guard let part = GEOSGetGeometryN_r(h, ptr, Int32(index)) else { continue }
                let child = Geometry(owning: GEOSGeom_clone_r(h, part)!, context: context)
                if let polygonal = try child.polygonalParts() {
                    for sub in 0..<polygonal.numGeometries {
                        let piece = GEOSGetGeometryN_r(h, polygonal.ptr, Int32(sub))!
                        parts.append(Geometry(owning: GEOSGeom_clone_r(h, piece)!, context: context))
                    }
                }
            }
            return parts.isEmpty ? nil : try context.collection(parts)
        default:
            return nil
        }
    }

    // MARK: Coordinates

    /// The polygons' coordinates (empty for non-polygonal geometries).
    public func coordinates() throws -> MultiPolygonCoordinates {
        switch kind {
        case .polygon: return MultiPolygonCoordinates(polygons: [try polygonRings(ptr)])
        case .multiPolygon, .collection:
            var polygons: [PolygonRings] = []
            for index in 0..<numGeometries {
                guard let part = GEOSGetGeometryN_r(h, ptr, Int32(index)),
                      GEOSGeomTypeId_r(h, part) == Int32(GEOS_POLYGON.rawValue) else { continue }
                polygons.append(try polygonRings(part))
            }
            return MultiPolygonCoordinates(polygons: polygons)
        default:
            return MultiPolygonCoordinates(polygons: [])
        }
    }

    private func polygonRings(_ polygon: OpaquePointer) throws -> PolygonRings {
        var rings: [[Point2]] = []
        guard let shell = GEOSGetExteriorRing_r(h, polygon) else { return PolygonRings(rings: []) }
        rings.append(try ringPoints(shell))
        let holes = GEOSGetNumInteriorRings_r(h, polygon)
        if holes > 0 {
            for index in 0..<holes {
                if let hole = GEOSGetInteriorRingN_r(h, polygon, index) { rings.append(try ringPoints(hole)) }
            }
        }
        return PolygonRings(rings: rings)
    }

    private func ringPoints(_ ring: OpaquePointer) throws -> [Point2] {
        guard let sequence = GEOSGeom_getCoordSeq_r(h, ring) else { throw context.takeError("geos.reading_a_ring") }
        var size: UInt32 = 0
        GEOSCoordSeq_getSize_r(h, sequence, &size)
        var flat = [Double](repeating: 0, count: Int(size) * 2)
        let ok = flat.withUnsafeMutableBufferPointer { buffer in
            GEOSCoordSeq_copyToBuffer_r(h, sequence, buffer.baseAddress, 0, 0)
        }
        guard ok == 1 else { throw context.takeError("geos.reading_a_ring") }
        var points: [Point2] = []
        points.reserveCapacity(Int(size))
        for i in 0..<Int(size) { points.append(Point2(x: flat[2 * i], y: flat[2 * i + 1])) }
        return points
    }

    // MARK: WKB

    /// ISO WKB, little-endian, 2D: what GeoPackage geometry blobs carry.
    public func wkb() throws -> [UInt8] {
        guard let writer = GEOSWKBWriter_create_r(h) else { throw context.takeError("geos.creating_a_wkb_writer") }
        defer { GEOSWKBWriter_destroy_r(h, writer) }
        GEOSWKBWriter_setByteOrder_r(h, writer, Int32(GEOS_WKB_NDR.rawValue))
        GEOSWKBWriter_setOutputDimension_r(h, writer, 2)
        GEOSWKBWriter_setFlavor_r(h, writer, Int32(GEOS_WKB_ISO.rawValue))
        var size = 0
        guard let bytes = GEOSWKBWriter_write_r(h, writer, ptr, &size) else { throw context.takeError("geos.writing_wkb") }
        defer { GEOSFree_r(h, bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: size))
    }

    /// WKB plus envelope, the form the store takes.
    public func wkbGeometry() throws -> WKBGeometry {
        WKBGeometry(wkb: try wkb(), envelope: envelope)
    }

    public func wkt(precision: Int = 3) -> String {
        guard let writer = GEOSWKTWriter_create_r(h) else { return "" }
        defer { GEOSWKTWriter_destroy_r(h, writer) }
        GEOSWKTWriter_setRoundingPrecision_r(h, writer, Int32(precision))
        GEOSWKTWriter_setTrim_r(h, writer, 1)
        guard let text = GEOSWKTWriter_write_r(h, writer, ptr) else { return "" }
        defer { GEOSFree_r(h, text) }
        return String(cString: text)
    }
}

// GEOS 3.11's interruption is process-wide (3.12 has a callback per context): one repair
// with a deadline at a time, on the thread that set it (the importer repairs on one thread).
nonisolated(unsafe) private var repairDeadline = Double.infinity

private func threadCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

private let interruptAfterDeadline: @convention(c) () -> Void = {
    if threadCPUSeconds() > repairDeadline { GEOS_interruptRequest() }
}
