import Foundation
import JumeauModel

/// The GeoPackage geometry blob (spec §2.1.3): a "GP" header with the SRS id and
/// the envelope, followed by ISO WKB.
public enum GeoPackageBinary {
    public struct DecodeError: MessageError {
        public var message: Message
        init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) { message = Message(key, arguments) }
    }

    /// Encodes WKB with an [minx, maxx, miny, maxy] envelope, little-endian.
    public static func encode(_ geometry: WKBGeometry, srsID: Int32) -> [UInt8] {
        let empty = geometry.envelope.isEmpty
        var out = [UInt8]()
        out.reserveCapacity(8 + (empty ? 0 : 32) + geometry.wkb.count)
        out.append(0x47); out.append(0x50)   // "GP"
        out.append(0)                          // version 1
        // flags: little-endian (bit 0), envelope type 1 (bits 1–3), empty (bit 4)
        var flags: UInt8 = 0b0000_0001
        if empty { flags |= 0b0001_0000 } else { flags |= 0b0000_0010 }
        out.append(flags)
        withUnsafeBytes(of: srsID.littleEndian) { out.append(contentsOf: $0) }
        if !empty {
            for value in [geometry.envelope.minX, geometry.envelope.maxX, geometry.envelope.minY, geometry.envelope.maxY] {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        out.append(contentsOf: geometry.wkb)
        return out
    }

    public struct Header {
        public var srsID: Int32
        public var isEmpty: Bool
        /// Nil when the blob carries no envelope.
        public var envelope: Envelope?
        /// Offset of the WKB in the blob.
        public var wkbOffset: Int
    }

    public static func header(_ blob: UnsafeRawBufferPointer) throws -> Header {
        guard blob.count >= 8, blob[0] == 0x47, blob[1] == 0x50 else {
            throw DecodeError("gpkg.not_a_blob")
        }
        let flags = blob[3]
        let littleEndian = flags & 1 == 1
        let envelopeKind = Int((flags >> 1) & 0b111)
        let empty = flags & 0b0001_0000 != 0
        func int32(at offset: Int) -> Int32 {
            let raw = blob.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            return Int32(bitPattern: littleEndian ? UInt32(littleEndian: raw) : UInt32(bigEndian: raw))
        }
        func double(at offset: Int) -> Double {
            let raw = blob.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            return Double(bitPattern: littleEndian ? UInt64(littleEndian: raw) : UInt64(bigEndian: raw))
        }
        let envelopeDoubles: Int
        switch envelopeKind {
        case 0: envelopeDoubles = 0
        case 1: envelopeDoubles = 4
        case 2, 3: envelopeDoubles = 6
        case 4: envelopeDoubles = 8
        default: throw DecodeError("gpkg.envelope", ["kind": Int(envelopeKind)])
        }
        let wkbOffset = 8 + envelopeDoubles * 8
        guard blob.count >= wkbOffset else { throw DecodeError("gpkg.truncated_blob") }
        var envelope: Envelope?
        if envelopeDoubles > 0 {
            envelope = Envelope(minX: double(at: 8), minY: double(at: 24), maxX: double(at: 16), maxY: double(at: 32))
        }
        return Header(srsID: int32(at: 4), isEmpty: empty, envelope: envelope, wkbOffset: wkbOffset)
    }

    /// Splits a blob into its WKB and envelope.
    public static func decode(_ blob: [UInt8]) throws -> WKBGeometry {
        try blob.withUnsafeBytes { try decode($0) }
    }

    /// Decodes a blob in place (SQLite's own buffer): one copy, of the WKB only.
    public static func decode(_ raw: UnsafeRawBufferPointer) throws -> WKBGeometry {
        let header = try header(raw)
        let wkb = Array(raw[header.wkbOffset...])
        let envelope = try header.envelope ?? WKBEnvelope.compute(wkb)
        return WKBGeometry(wkb: wkb, envelope: envelope)
    }
}

/// Envelope of a WKB geometry by walking its coordinates: needed for blobs written
/// without an envelope by other tools (the R-tree triggers ask for it).
public enum WKBEnvelope {
    public static func compute(_ wkb: [UInt8]) throws -> Envelope {
        var envelope = Envelope.empty
        var offset = 0
        try wkb.withUnsafeBytes { raw in try walk(raw, &offset, &envelope) }
        return envelope
    }

    private static func walk(_ raw: UnsafeRawBufferPointer, _ offset: inout Int, _ envelope: inout Envelope) throws {
        guard offset + 5 <= raw.count else { throw GeoPackageBinary.DecodeError("gpkg.truncated_wkb") }
        let little = raw[offset] == 1
        offset += 1
        func u32() throws -> UInt32 {
            guard offset + 4 <= raw.count else { throw GeoPackageBinary.DecodeError("gpkg.truncated_wkb") }
            let v = raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            offset += 4
            return little ? UInt32(littleEndian: v) : UInt32(bigEndian: v)
        }
        func f64() throws -> Double {
            guard offset + 8 <= raw.count else { throw GeoPackageBinary.DecodeError("gpkg.truncated_wkb") }
            let v = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
            return Double(bitPattern: little ? UInt64(littleEndian: v) : UInt64(bigEndian: v))
        }
        var type = try u32()
        // ISO: 1000s add Z, 2000s M, 3000s ZM; extended WKB uses high bits.
        var dims = 2
        if type & 0x8000_0000 != 0 { dims += 1 }
        if type & 0x4000_0000 != 0 { dims += 1 }
        type &= 0x0FFF_FFFF
        switch type / 1000 { case 1, 2: dims = 3; case 3: dims = 4; default: break }
        type %= 1000
        func point() throws {
            let x = try f64(), y = try f64()
            for _ in 2..<dims { _ = try f64() }
            if !x.isNaN && !y.isNaN { envelope.include(Point2(x: x, y: y)) }
        }
        switch type {
        case 1: try point()
        case 2: for _ in 0..<(try u32()) { try point() }
        case 3: for _ in 0..<(try u32()) { for _ in 0..<(try u32()) { try point() } }
        case 4, 5, 6, 7: for _ in 0..<(try u32()) { try walk(raw, &offset, &envelope) }
        default: throw GeoPackageBinary.DecodeError("gpkg.wkb_type", ["type": Int(type)])
        }
    }
}
