/// The coordinate reference systems Jumeau uses.
public enum CRS {
    /// WGS 84 longitude/latitude, as RFC 7946 GeoJSON uses.
    public static let wgs84 = 4326
    /// RGF93 v1 / Lambert-93, France's official metric projection: the twin's storage CRS.
    public static let lambert93 = 2154
    /// The official projections of France's territories: Lambert-93 for the mainland and
    /// Corsica, then the UTM zones of the overseas départements (Guadeloupe and Martinique
    /// RGAF09 / UTM 20N, Guyane RGFG95 / UTM 22N, La Réunion RGR92 / UTM 40S, Mayotte
    /// RGM04 / UTM 38S). Their areas of use are where a commune of France can lie.
    public static let franceProjections = [2154, 5490, 2972, 2975, 4471]
}

/// One row of a GeoPackage's gpkg_spatial_ref_sys.
public struct SpatialReferenceSystem: Hashable, Sendable {
    public var name: String
    public var srsID: Int
    public var organization: String
    public var organizationCoordsysID: Int
    public var definition: String
    public var description: String?

    public init(name: String, srsID: Int, organization: String = "EPSG", organizationCoordsysID: Int,
                definition: String, description: String? = nil) {
        self.name = name; self.srsID = srsID; self.organization = organization
        self.organizationCoordsysID = organizationCoordsysID; self.definition = definition
        self.description = description
    }
}
