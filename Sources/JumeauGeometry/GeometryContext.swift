import CGEOS
import JumeauModel

/// An error from the geometry engine, with GEOS's or PROJ's own message.
public struct GeometryError: MessageError, Sendable {
    public var message: Message
    public init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) {
        message = Message(key, arguments)
    }
}

/// Receives GEOS's messages for one context: a class so that C can hold a pointer to it.
private final class MessageSink {
    var lastError: String?
}

/// One reentrant GEOS context. A context, and every geometry made from it, must be
/// used by one thread at a time: give each worker its own context.
public final class GeometryContext {
    let handle: GEOSContextHandle_t
    private let sink = MessageSink()

    public init() {
        guard let handle = GEOS_init_r() else {
            fatalError("GEOS could not allocate a context: out of memory")
        }
        self.handle = handle
        let userdata = Unmanaged.passUnretained(sink).toOpaque()
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<MessageSink>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
        }, userdata)
        // Notices (e.g. why a geometry is invalid) are queried explicitly; drop them here.
        GEOSContext_setNoticeMessageHandler_r(handle, { _, _ in }, nil)
    }

    deinit { GEOS_finish_r(handle) }

    /// The error GEOS reported last, for messages after a NULL result.
    func takeError(_ operation: String) -> GeometryError {
        let detail = sink.lastError ?? "?"
        sink.lastError = nil
        return GeometryError("geometry.failed", ["operation": Message(operation), "detail": detail])
    }

    /// Wraps a GEOS result, turning NULL into an error carrying GEOS's message.
    func wrap(_ pointer: OpaquePointer?, _ operation: String) throws -> Geometry {
        guard let pointer else { throw takeError(operation) }
        return Geometry(owning: pointer, context: self)
    }

    // MARK: Construction

    /// A point.
    public func point(_ x: Double, _ y: Double) throws -> Geometry {
        try wrap(GEOSGeom_createPointFromXY_r(handle, x, y), "geos.creating_a_point")
    }

    /// A polygon from closed rings (exterior first, then holes). Rings are not checked
    /// for validity here: call `isValid` / `makeValid`.
    public func polygon(_ polygon: PolygonRings) throws -> Geometry {
        try self.polygon(interleavedRings: polygon.rings.map { ring in ring.flatMap { [$0.x, $0.y] } })
    }

    /// A multipolygon from polygons' coordinates.
    public func multiPolygon(_ coordinates: MultiPolygonCoordinates) throws -> Geometry {
        var parts: [OpaquePointer?] = []
        parts.reserveCapacity(coordinates.polygons.count)
        for polygon in coordinates.polygons {
            do {
                let part = try self.polygon(polygon)
                parts.append(part.release())
            } catch {
                for part in parts { GEOSGeom_destroy_r(handle, part) }
                throw error
            }
        }
        let result = parts.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(GEOS_MULTIPOLYGON.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        return try wrap(result, "geos.creating_a_multipolygon")
    }

    /// A polygon from an interleaved x,y buffer (the importer's fast path).
    public func polygon(interleavedRings rings: [[Double]]) throws -> Geometry {
        guard let first = rings.first, first.count >= 8 else {
            throw GeometryError("geometry.short_ring")
        }
        let shell = try linearRing(interleaved: first)
        var holes: [OpaquePointer?] = []
        do {
            for ring in rings.dropFirst() { holes.append(try linearRing(interleaved: ring)) }
        } catch {
            GEOSGeom_destroy_r(handle, shell)
            for hole in holes { GEOSGeom_destroy_r(handle, hole) }
            throw error
        }
        let result = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(handle, shell, buffer.baseAddress, UInt32(buffer.count))
        }
        return try wrap(result, "geos.creating_a_polygon")
    }

    /// A collection of the given type, taking ownership of the parts.
    public func collection(_ parts: [Geometry], multiPolygon: Bool = true) throws -> Geometry {
        var pointers: [OpaquePointer?] = parts.map { $0.release() }
        let type = multiPolygon ? GEOS_MULTIPOLYGON : GEOS_GEOMETRYCOLLECTION
        let result = pointers.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(type.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        return try wrap(result, "geos.creating_a_collection")
    }

    private func linearRing(interleaved flat: [Double]) throws -> OpaquePointer {
        guard flat.count >= 8, flat.count % 2 == 0 else {
            throw GeometryError("geometry.short_ring")
        }
        let sequence = flat.withUnsafeBufferPointer { buffer in
            GEOSCoordSeq_copyFromBuffer_r(handle, buffer.baseAddress, UInt32(flat.count / 2), 0, 0)
        }
        guard let sequence else { throw takeError("geos.creating_a_coordinate_sequence") }
        guard let ring = GEOSGeom_createLinearRing_r(handle, sequence) else {
            throw takeError("geos.creating_a_ring")
        }
        return ring
    }

    // MARK: WKB and WKT

    /// Reads ISO or extended WKB.
    public func readWKB(_ bytes: [UInt8]) throws -> Geometry {
        guard let reader = GEOSWKBReader_create_r(handle) else { throw takeError("geos.creating_a_wkb_reader") }
        defer { GEOSWKBReader_destroy_r(handle, reader) }
        let result = bytes.withUnsafeBufferPointer { buffer in
            GEOSWKBReader_read_r(handle, reader, buffer.baseAddress, buffer.count)
        }
        return try wrap(result, "geos.reading_wkb")
    }

    /// Reads WKT (for tests and diagnostics).
    public func readWKT(_ text: String) throws -> Geometry {
        guard let reader = GEOSWKTReader_create_r(handle) else { throw takeError("geos.creating_a_wkt_reader") }
        defer { GEOSWKTReader_destroy_r(handle, reader) }
        return try wrap(GEOSWKTReader_read_r(handle, reader, text), "geos.reading_wkt")
    }
}
