/// The coordinate reference systems Jumeau uses.
public enum CRS {
    /// WGS 84 longitude/latitude, as RFC 7946 GeoJSON uses.
    public static let wgs84 = 4326
    /// RGF93 v1 / Lambert-93, France's official metric projection: the twin's storage CRS.
    public static let lambert93 = 2154
    /// The geodetic systems of France's territories: RGF93 v1 (mainland and Corsica),
    /// RGAF09 (Antilles), RGFG95 (Guyane), RGR92 (La Réunion), RGM04 (Mayotte). Their areas
    /// of use, onshore and offshore, are where a commune of France can lie.
    public static let franceTerritories = [4171, 5489, 4624, 4627, 4470]
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
