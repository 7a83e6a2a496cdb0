/// Reads the rings of a polygonal WKB (what the twin stores) straight into coordinates.
/// The map needs only the vertices: going through GEOS objects (or even a copy of the
/// WKB) would cost a national map's start-up more than the query.
public enum WKBCoordinates {
    public struct Malformed: MessageError {
        public var message: Message
        init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) { message = Message(key, arguments) }
    }

    /// Polygon or MultiPolygon, 2D (Z and M variants are refused), either
    /// byte order. Other geometry types give no polygons.
    public static func read(_ wkb: UnsafeRawBufferPointer) throws -> MultiPolygonCoordinates {
        var rings = ZoneRings()
        try rings.appendWKB(wkb)
        return rings.outline(0)
    }

    /// Reads the polygons of `wkb` onto the end of `rings`, leaving the zone open.
    static func read(_ wkb: UnsafeRawBufferPointer, into rings: inout ZoneRings) throws {
        var reader = Reader(bytes: wkb)
        try reader.geometry(into: &rings)
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var littleEndian = true

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Malformed("wkb.ends_early", ["offset": offset]) }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32() throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw Malformed("wkb.ends_early", ["offset": offset]) }
            let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
            offset += 4
            return littleEndian ? value : value.byteSwapped
        }

        /// Byte order and type of the next geometry.
        mutating func header() throws -> UInt32 {
            let order = try byte()
            guard order <= 1 else { throw Malformed("wkb.byte_order", ["order": Int(order), "offset": offset - 1]) }
            littleEndian = order == 1
            return try uint32()
        }

        mutating func geometry(into rings: inout ZoneRings) throws {
            switch try header() {
            case 3: try polygonBody(into: &rings)
            case 6:
                let count = try uint32()
                for _ in 0..<count {
                    let type = try header()
                    guard type == 3 else { throw Malformed("wkb.part_type", ["type": Int(type)]) }
                    try polygonBody(into: &rings)
                }
            case let type where type % 1000 == 3 || type % 1000 == 6:
                throw Malformed("wkb.not_2d", ["type": Int(type)])
            default:
                return
            }
        }

        mutating func polygonBody(into rings: inout ZoneRings) throws {
            let ringCount = try uint32()
            for _ in 0..<ringCount {
                let count = Int(try uint32())
                guard count <= (bytes.count - offset) / 16 else {
                    throw Malformed("wkb.overrun", ["count": Int(count)])
                }
                let start = offset, swap = !littleEndian
                let raw = bytes
                rings.appendRing(count: count) { target in
                    // Little-endian pairs of doubles are Point2s already: one copy, no loop (a
                    // national twin's million vertices are read before its first frame).
                    if !swap && MemoryLayout<Point2>.size == 16 && MemoryLayout<Point2>.stride == 16
                        && 1.littleEndian == 1, let base = raw.baseAddress, let to = target.baseAddress
                    {
                        UnsafeMutableRawPointer(to).copyMemory(from: base + start, byteCount: 16 * count)
                        return
                    }
                    for i in 0..<count {
                        var x = raw.loadUnaligned(fromByteOffset: start + 16 * i, as: UInt64.self).littleEndian
                        var y = raw.loadUnaligned(fromByteOffset: start + 16 * i + 8, as: UInt64.self).littleEndian
                        if swap { x = x.byteSwapped; y = y.byteSwapped }
                        target[i] = Point2(x: Double(bitPattern: x), y: Double(bitPattern: y))
                    }
                }
                offset += 16 * count
            }
            rings.endPolygon()
        }
    }
}
