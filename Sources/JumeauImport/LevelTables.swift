import Foundation
import JumeauModel

/// The names of régions, départements and EPCIs, and which EPCI each commune belongs to,
/// from INSEE's and the DGCL's published tables (recognised by their header).
public struct LevelTables: Sendable {
    /// Names by level and code.
    public var names: [TerritoryLevel: [String: String]] = [:]
    /// The région of each département.
    public var regionOfDepartment: [String: String] = [:]
    /// The EPCI (SIREN) of each commune, from the DGCL's membership table.
    public var epciOfCommune: [String: String] = [:]

    public init() {}

    /// France's 101 départements and 18 régions (INSEE COG), embedded: a twin always names them.
    public static let france: LevelTables = {
        var tables = LevelTables()
        // The embedded file is Jumeau's own: it always parses.
        try? tables.read(
            ImportSource(name: "departements-regions.csv", bytes: Data(PackageResources.departements_regions_csv)))
        return tables
    }()

    /// Reads one table: INSEE's `dep;dep_nom;reg;reg_nom`, or the DGCL's EPCI membership
    /// (`siren;raison_sociale;…;insee`). Anything else is refused with the columns it lacks.
    public mutating func read(_ source: ImportSource) throws {
        let csv: CSVTable
        do { csv = try CSVTable(bytes: [UInt8](source.bytes), fileName: source.name) } catch {
            throw ImportError(Message.of(error))
        }
        let departmentColumns = ["dep", "dep_nom", "reg", "reg_nom"]
        let epciColumns = ["siren", "raison_sociale", "insee"]
        func indices(_ names: [String]) -> [Int?] { names.map { csv.columnIndex($0) } }
        let department = indices(departmentColumns)
        let epci = indices(epciColumns)
        if department.allSatisfy({ $0 != nil }) {
            let i = department.compactMap { $0 }
            for row in csv.rows {
                let f = row.fields.map { $0.trimmedSpaces }
                guard !f[i[0]].isEmpty else { continue }
                names[.department, default: [:]][f[i[0]]] = f[i[1]]
                names[.region, default: [:]][f[i[2]]] = f[i[3]]
                regionOfDepartment[f[i[0]]] = f[i[2]]
            }
        } else if epci.allSatisfy({ $0 != nil }) {
            let i = epci.compactMap { $0 }
            for row in csv.rows {
                let f = row.fields.map { $0.trimmedSpaces }
                guard !f[i[0]].isEmpty, !f[i[2]].isEmpty else { continue }
                names[.epci, default: [:]][f[i[0]]] = f[i[1]]
                epciOfCommune[f[i[2]]] = f[i[0]]
            }
        } else {
            // Name what is missing from the closer of the two.
            let closest =
                department.compactMap { $0 }.count >= epci.compactMap { $0 }.count
                ? zip(departmentColumns, department) : zip(epciColumns, epci)
            let missing = closest.filter { $0.1 == nil }.map(\.0)
            throw ImportError(
                "import.levels_unknown",
                [
                    "file": source.name, "missing": missing.joined(separator: ", "),
                    "columns": csv.header.joined(separator: ", "),
                ])
        }
    }

    /// The other's names and memberships fill what this one lacks.
    public func merged(with other: LevelTables) -> LevelTables {
        var out = self
        for (level, byCode) in other.names { out.names[level, default: [:]].merge(byCode) { mine, _ in mine } }
        out.regionOfDepartment.merge(other.regionOfDepartment) { mine, _ in mine }
        out.epciOfCommune.merge(other.epciOfCommune) { mine, _ in mine }
        return out
    }
}
