import CGEOS
import JumeauModel

/// A geometry prepared for repeated point-in-polygon and intersection tests.
public final class PreparedGeometry {
    private let prepared: OpaquePointer
    /// Kept alive: the prepared geometry points into it.
    public let geometry: Geometry

    public init(_ geometry: Geometry) throws {
        guard let prepared = GEOSPrepare_r(geometry.context.handle, geometry.ptr) else {
            throw geometry.context.takeError("geos.preparing_geometry")
        }
        self.prepared = prepared
        self.geometry = geometry
    }

    deinit { GEOSPreparedGeom_destroy_r(geometry.context.handle, prepared) }

    /// Whether the point lies inside or on the boundary.
    public func covers(_ point: Point2) throws -> Bool {
        let p = try geometry.context.point(point.x, point.y)
        return GEOSPreparedCovers_r(geometry.context.handle, prepared, p.ptr) == 1
    }

    public func intersects(_ other: Geometry) -> Bool {
        GEOSPreparedIntersects_r(geometry.context.handle, prepared, other.ptr) == 1
    }
}

/// Finds the zone under a point: an STRtree over zone envelopes narrows the
/// candidates, prepared geometries decide.
public final class ZoneLocator {
    private let context: GeometryContext
    private let tree: OpaquePointer
    /// The prepared zones; they also keep alive the geometries the tree refers to.
    private let zones: [PreparedGeometry]

    /// - Parameter geometries: the zones, in index order; `locate` returns these indices.
    public init(context: GeometryContext, geometries: [Geometry]) throws {
        self.context = context
        guard let tree = GEOSSTRtree_create_r(context.handle, 10) else {
            throw context.takeError("geos.creating_an_strtree")
        }
        self.tree = tree
        var zones: [PreparedGeometry] = []
        for (index, geometry) in geometries.enumerated() {
            zones.append(try PreparedGeometry(geometry))
            // The tree stores the item pointer only: encode the index in it.
            GEOSSTRtree_insert_r(context.handle, tree, geometry.ptr, UnsafeMutableRawPointer(bitPattern: index + 1))
        }
        self.zones = zones
    }

    deinit { GEOSSTRtree_destroy_r(context.handle, tree) }

    /// The index of the zone covering the point, or nil (outside every zone).
    /// Where zones share a boundary, the lowest index wins, so the answer is stable.
    public func locate(_ point: Point2) throws -> Int? {
        let probe = try context.point(point.x, point.y)
        final class Hits { var indices: [Int] = [] }
        let hits = Hits()
        withExtendedLifetime(hits) {
            GEOSSTRtree_query_r(context.handle, tree, probe.ptr, { item, userdata in
                guard let item, let userdata else { return }
                Unmanaged<Hits>.fromOpaque(userdata).takeUnretainedValue().indices.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(hits).toOpaque())
        }
        for index in hits.indices.sorted() where try zones[index].covers(point) {
            return index
        }
        return nil
    }
}
