/// A point in a planar or geographic coordinate system (x = easting or longitude).
public struct Point2: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) { self.x = x; self.y = y }
}

/// An axis-aligned bounding box. An empty envelope has `minX > maxX`.
public struct Envelope: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    public static let empty = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    public var isEmpty: Bool { minX > maxX || minY > maxY }
    public var width: Double { isEmpty ? 0 : maxX - minX }
    public var height: Double { isEmpty ? 0 : maxY - minY }
    public var center: Point2 { Point2(x: (minX + maxX) / 2, y: (minY + maxY) / 2) }

    public mutating func include(_ p: Point2) {
        if p.x < minX { minX = p.x }
        if p.x > maxX { maxX = p.x }
        if p.y < minY { minY = p.y }
        if p.y > maxY { maxY = p.y }
    }

    public mutating func include(_ other: Envelope) {
        guard !other.isEmpty else { return }
        minX = Swift.min(minX, other.minX); minY = Swift.min(minY, other.minY)
        maxX = Swift.max(maxX, other.maxX); maxY = Swift.max(maxY, other.maxY)
    }

    public func contains(_ p: Point2) -> Bool {
        p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY
    }

    public func intersects(_ other: Envelope) -> Bool {
        !(other.minX > maxX || other.maxX < minX || other.minY > maxY || other.maxY < minY)
    }
}

/// A polygon as coordinate rings: the first is the exterior, the others are holes.
/// Rings are closed (first point == last point).
public struct PolygonRings: Hashable, Sendable {
    public var rings: [[Point2]]
    public init(rings: [[Point2]]) { self.rings = rings }
    public var exterior: [Point2] { rings.first ?? [] }
}

/// A multipolygon as plain coordinates, the form geometry takes between modules
/// that must not depend on GEOS (rendering, the store's envelope checks).
public struct MultiPolygonCoordinates: Hashable, Sendable {
    public var polygons: [PolygonRings]
    public init(polygons: [PolygonRings]) { self.polygons = polygons }

    public var envelope: Envelope {
        var e = Envelope.empty
        for polygon in polygons { for p in polygon.exterior { e.include(p) } }
        return e
    }

    public var pointCount: Int { polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }
}

/// A geometry encoded as ISO WKB (little-endian), with its envelope, as the store keeps it.
public struct WKBGeometry: Hashable, Sendable {
    public var wkb: [UInt8]
    public var envelope: Envelope
    public init(wkb: [UInt8], envelope: Envelope) { self.wkb = wkb; self.envelope = envelope }
}
