import Foundation
import JumeauModel

/// An official file read as its portal publishes it, recognised by its header: its rows
/// turned into attribute values per commune (units converted, rows of one commune added up)
/// and the provenance of each attribute. docs/data.md lists the schemas.
public struct PublishedFile {
    enum Kind: String {
        /// Cerema's land consumption per commune ("consommation d'espaces", fichiers fonciers).
        case ceremaConsumption = "Cerema land consumption"
        /// INSEE's census housing columns (dossier complet, base logement): `Pnn_LOG`…
        case inseeHousing = "INSEE census housing"
        /// ODRÉ's national register of electricity production installations.
        case electricityRegister = "ODRÉ register of electricity installations"
        /// INSEE's legal populations of one vintage.
        case legalPopulations = "INSEE legal populations"
    }

    struct Row {
        var code: String
        var line: Int
        var values: [(id: String, value: Double)]
    }

    let kind: Kind
    /// Attribute ids in the order they are listed.
    var ids: [String] = []
    var rows: [Row] = []
    var provenance: [String: ColumnProvenance] = [:]
    /// Rows left out because they name no commune (the register's rows for installations
    /// counted above the commune, for confidentiality).
    var rowsWithoutCommune = 0
    /// The legal populations' vintage (from a `PMUNyyyy` column or the file's name).
    var vintage: Int?

    /// The file as one of the published formats; nil when it is none of them. A header that
    /// is almost one (its key and some of its columns, but not all) throws, naming what is
    /// missing, unless `strict` is false (the user named the key: a plain table then).
    /// - Parameter referenceYear: the twin's; consumption since 2021 runs to it.
    public static func recognise(
        _ csv: CSVTable, fileName: String, referenceYear: Int = 2024, strict: Bool = true
    ) throws -> PublishedFile? {
        let columns = Dictionary(
            csv.header.enumerated().map { ($1.trimmedSpaces.lowercased(), $0) }, uniquingKeysWith: { first, _ in first }
        )
        do {
            if let file = try cerema(csv, columns, fileName, referenceYear: referenceYear) { return file }
            if let file = try housing(csv, columns, fileName) { return file }
            if let file = try register(csv, columns, fileName) { return file }
            if let file = try populations(csv, columns, fileName) { return file }
        } catch let error as ImportError where !strict && error.message.key == "import.published_near_miss" {
            return nil
        }
        return nil
    }

    /// Refuses a header that names the format's key and some of its columns but not all.
    private static func require(
        _ wanted: [String], in columns: [String: Int], kind: Kind, fileName: String
    ) throws -> [Int]? {
        let missing = wanted.filter { columns[$0] == nil }
        guard !missing.isEmpty else { return wanted.compactMap { columns[$0] } }
        // A near miss has the key and some of the format's own columns: a key alone is any table.
        let matched = wanted.dropFirst().filter { columns[$0] != nil }.count
        if columns[wanted[0]] != nil && matched > 0 && (missing.count * 2 < wanted.count || wanted.count <= 4) {
            throw ImportError(
                "import.published_near_miss",
                ["file": fileName, "format": kind.rawValue, "missing": missing.joined(separator: ", ")])
        }
        return nil
    }

    /// A commune code as the portals write it: "1001" (a number that lost its zero) is 01001.
    static func communeCode(_ raw: String) -> String {
        let code = raw.trimmedSpaces
        if code.count == 4, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) { return "0" + code }
        return code
    }

    private static func number(
        _ csv: CSVTable, _ row: (line: Int, fields: [String]), _ index: Int, fileName: String
    ) throws -> Double? {
        let raw = row.fields[index]
        if raw.trimmedSpaces.isEmpty { return nil }
        guard let value = csv.number(raw), value.isFinite else {
            throw ImportError(
                "import.not_a_number",
                [
                    "file": fileName, "line": row.line, "column": TerritoryImporter.visible(csv.header[index]),
                    "value": TerritoryImporter.visible(raw),
                ])
        }
        return value
    }

    // MARK: Cerema

    /// Yearly ENAF consumption, m², in `nafYYartZZ` columns (YY from 09): the law's
    /// reference decade is 2011–2020 (1 Jan 2011 to 1 Jan 2021).
    private static func cerema(
        _ csv: CSVTable, _ columns: [String: Int], _ fileName: String, referenceYear: Int
    ) throws -> PublishedFile? {
        guard columns["idcom"] != nil,
            columns.keys.contains(where: { $0.hasPrefix("naf") && $0.contains("art") })
        else { return nil }
        func yearly(_ year: Int, _ part: String) -> String {
            String(
                format: "%@%02d%@%02d", part == "naf" ? "naf" : "art", year % 100, part == "naf" ? "art" : part,
                (year + 1) % 100)
        }
        let decade = Array(2011...2020)
        let wanted = ["idcom"] + decade.flatMap { [yearly($0, "naf"), yearly($0, "hab"), yearly($0, "mix")] }
        guard let found = try require(wanted, in: columns, kind: .ceremaConsumption, fileName: fileName) else {
            return nil
        }
        let key = found[0]
        // Every yearly column the file has, from 2009 on: the series before the projection.
        var years: [(year: Int, index: Int)] = []
        for year in 2009...2100 {
            guard let index = columns[yearly(year, "naf")] else { if year > 2020 { break } else { continue } }
            years.append((year, index))
        }
        let last = years.last?.year ?? 2020
        var file = PublishedFile(kind: .ceremaConsumption)
        let source =
            "Cerema, consommation d'espaces naturels, agricoles et forestiers (fichiers fonciers), "
            + "\(years.first?.year ?? 2009)–\(last + 1), \((fileName as NSString).lastPathComponent)"
        let licence = "Licence Ouverte / Etalab"
        func observed(_ method: String, year: Int? = last + 1) -> ColumnProvenance {
            ColumnProvenance(source: source, licence: licence, year: year, status: .observed, method: method)
        }
        file.ids = [
            StandardAttribute.naf2011To2020Ha.id, StandardAttribute.nafSince2021Ha.id,
            StandardAttribute.nafHousingSharePct.id,
        ]
        file.provenance[StandardAttribute.naf2011To2020Ha.id] = observed(
            "sum of naf11art12 … naf20art21 (1 Jan 2011 to 1 Jan 2021), m² / 10,000", year: 2021)
        // Since 2021 to the twin's reference year: the years the file has, and for the years it
        // lacks, the mean of its last two (Cerema's file ends a year or two before the reference year).
        let lastCounted = min(last, referenceYear - 1)
        let missingYears = max(0, referenceYear - 1 - last)
        if last >= 2021 && referenceYear > 2021 {
            let extrapolated = missingYears == 0 ? ""
                : "; \(missingYears == 1 ? "1 year" : "\(missingYears) years") after the file's last "
                    + "(\(last + 1)–\(referenceYear - 1)) at the mean of its last two years"
            file.provenance[StandardAttribute.nafSince2021Ha.id] = observed(
                "sum of naf21art22 … naf\(lastCounted % 100)art\((lastCounted + 1) % 100), m² / 10,000"
                    + extrapolated, year: referenceYear)
        } else {
            file.ids.removeAll { $0 == StandardAttribute.nafSince2021Ha.id }
        }
        file.provenance[StandardAttribute.nafHousingSharePct.id] = observed(
            "(housing + half of mixed) / total ENAF consumption over 2011–2020, %: artYYhabZZ plus half of "
                + "artYYmixZZ (Cerema's mixed destination is housing and activity together)", year: 2021)
        for (year, _) in years {
            let id = "naf_consumed_\(year)_ha"
            file.ids.append(id)
            file.provenance[id] = ColumnProvenance(
                labelFR: "Consommation d'ENAF en \(year)", labelEN: "ENAF land consumed in \(year)", unit: "ha/yr",
                source: source, licence: licence, year: year + 1, status: .observed,
                method: "\(yearly(year, "naf")) (1 Jan \(year) to 1 Jan \(year + 1)), m² / 10,000")
        }
        // The indices `require` found, in the order asked: the key, then each year's three.
        let decadeColumns = stride(from: 1, to: found.count - 2, by: 3).map {
            (naf: found[$0], hab: found[$0 + 1], mix: found[$0 + 2])
        }
        for row in csv.rows {
            let code = communeCode(row.fields[key])
            guard !code.isEmpty else { continue }
            var values: [(String, Double)] = []
            var total = 0.0
            var housing = 0.0
            var since = 0.0
            /// Square metres consumed: never negative (the cell is named when it is).
            func area(_ index: Int) throws -> Double {
                let m2 = try number(csv, row, index, fileName: fileName) ?? 0
                guard m2 >= 0 else {
                    throw ImportError(
                        "import.value_out_of_range",
                        [
                            "file": fileName, "line": row.line, "column": TerritoryImporter.visible(csv.header[index]),
                            "value": TerritoryImporter.shown(m2), "range": "0 – 10¹² m²",
                        ])
                }
                return m2
            }
            for columnsOfYear in decadeColumns {
                total += try area(columnsOfYear.naf)
                housing += try area(columnsOfYear.hab)
                housing += try area(columnsOfYear.mix) / 2
            }
            var recent: [Double] = []
            for (year, index) in years {
                let m2 = try area(index)
                if year >= 2021 && year < referenceYear { since += m2 }
                recent.append(m2)
                values.append(("naf_consumed_\(year)_ha", m2 / 10_000))
            }
            let lastTwo = recent.suffix(2)
            since += Double(missingYears) * lastTwo.reduce(0, +) / Double(max(1, lastTwo.count))
            values.insert((StandardAttribute.naf2011To2020Ha.id, total / 10_000), at: 0)
            if last >= 2021 && referenceYear > 2021 {
                values.insert((StandardAttribute.nafSince2021Ha.id, since / 10_000), at: 1)
            }
            // No consumption in the decade: no share to speak of (the estimate's national share stands).
            if total > 0 {
                values.insert((StandardAttribute.nafHousingSharePct.id, min(100, housing / total * 100)), at: 1)
            }
            file.rows.append(Row(code: code, line: row.line, values: values.map { (id: $0.0, value: $0.1) }))
        }
        return file
    }

    // MARK: INSEE housing

    /// Census housing columns of one vintage `Pnn_`: the latest the file holds.
    private static func housing(_ csv: CSVTable, _ columns: [String: Int], _ fileName: String) throws -> PublishedFile?
    {
        let prefixes = Set(
            columns.keys.compactMap { name -> Int? in
                guard name.hasPrefix("p"), name.hasSuffix("_log"), name.count == 7,
                    let year = Int(name.dropFirst().prefix(2))
                else { return nil }
                return year
            })
        guard let yy = prefixes.max() else { return nil }
        let p = String(format: "p%02d_", yy)
        let key = ["codgeo", "com", "depcom", "code_insee"].first { columns[$0] != nil } ?? "codgeo"
        let wanted = [key, p + "log", p + "rp", p + "rsecocc", p + "logvac"]
        guard let found = try require(wanted, in: columns, kind: .inseeHousing, fileName: fileName) else { return nil }
        let vintage = 2000 + yy
        var file = PublishedFile(kind: .inseeHousing)
        let ids: [StandardAttribute] = [.dwellings, .households, .secondHomes, .vacantDwellings]
        let upper = p.uppercased()
        let methods = [
            "\(upper)LOG, dwellings", "\(upper)RP, principal residences (one household each)",
            "\(upper)RSECOCC, second homes and occasional dwellings", "\(upper)LOGVAC, vacant dwellings",
        ]
        file.ids = ids.map(\.id)
        for (attribute, method) in zip(ids, methods) {
            file.provenance[attribute.id] = ColumnProvenance(
                source: "INSEE, recensement de la population \(vintage), logement, "
                    + (fileName as NSString).lastPathComponent,
                licence: "Licence Ouverte 2.0", year: vintage, status: .observed, method: method)
        }
        for row in csv.rows {
            let code = communeCode(row.fields[found[0]])
            guard !code.isEmpty else { continue }
            var values: [(id: String, value: Double)] = []
            for (attribute, index) in zip(ids, found.dropFirst()) {
                if let value = try number(csv, row, index, fileName: fileName) { values.append((attribute.id, value)) }
            }
            file.rows.append(Row(code: code, line: row.line, values: values))
        }
        return file
    }

    // MARK: ODRÉ register

    /// One row per installation (or per commune and sector for small ones): capacities in
    /// kW, added up per commune; solar is PV, wind is wind (onshore: offshore parks have no commune).
    private static func register(_ csv: CSVTable, _ columns: [String: Int], _ fileName: String) throws -> PublishedFile?
    {
        guard columns["codeinseecommune"] != nil || columns["filiere"] != nil && columns["puismaxinstallee"] != nil
        else { return nil }
        let wanted = ["codeinseecommune", "filiere", "puismaxinstallee"]
        guard let found = try require(wanted, in: columns, kind: .electricityRegister, fileName: fileName) else {
            return nil
        }
        var file = PublishedFile(kind: .electricityRegister)
        let dateColumn = ["datemiseenservice", "dateraccordement"].compactMap { columns[$0] }.first
        var pv: [String: Double] = [:]
        var wind: [String: Double] = [:]
        var firstLine: [String: Int] = [:]
        var order: [String] = []
        var latest = 0
        for row in csv.rows {
            let code = communeCode(row.fields[found[0]])
            let sector = row.fields[found[1]].trimmedSpaces.folding(
                options: [.diacriticInsensitive, .caseInsensitive],
                locale: nil)
            guard !code.isEmpty else {
                file.rowsWithoutCommune += 1
                continue
            }
            if firstLine[code] == nil {
                firstLine[code] = row.line
                order.append(code)
            }
            guard let kilowatts = try number(csv, row, found[2], fileName: fileName) else { continue }
            guard kilowatts >= 0 else {
                throw ImportError(
                    "import.value_out_of_range",
                    [
                        "file": fileName, "line": row.line, "column": csv.header[found[2]], "value": String(kilowatts),
                        "range": "0 – 10⁷ kW",
                    ])
            }
            // Offshore parks are not a commune's: left out should one name a commune.
            let technology = columns["technologie"].map {
                row.fields[$0].folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            } ?? ""
            if technology.contains("en mer") || technology.contains("offshore") || technology.contains("marin") {
                continue
            }
            if sector.hasPrefix("solaire") {
                pv[code, default: 0] += kilowatts / 1_000
            } else if sector.hasPrefix("eolien") {
                wind[code, default: 0] += kilowatts / 1_000
            }
            if let dateColumn, let year = Int(row.fields[dateColumn].trimmedSpaces.prefix(4)) {
                latest = max(latest, year)
            }
        }
        let source =
            "ODRÉ, registre national des installations de production et de stockage d'électricité, "
            + (fileName as NSString).lastPathComponent
        file.ids = [StandardAttribute.installedPVMWp.id, StandardAttribute.installedWindMW.id]
        for (id, sector) in [
            (StandardAttribute.installedPVMWp.id, "Solaire"), (StandardAttribute.installedWindMW.id, "Eolien"),
        ] {
            file.provenance[id] = ColumnProvenance(
                source: source, licence: "Licence Ouverte / Etalab", year: latest > 0 ? latest : nil, status: .observed,
                method: "sum of puismaxinstallee (kW) / 1,000 over the commune's rows of filière \(sector)")
        }
        // Every commune the register names: one without wind has 0 MW of it, observed.
        for code in order {
            file.rows.append(
                Row(
                    code: code, line: firstLine[code] ?? 0,
                    values: [
                        (StandardAttribute.installedPVMWp.id, pv[code] ?? 0),
                        (StandardAttribute.installedWindMW.id, wind[code] ?? 0),
                    ]))
        }
        return file
    }

    // MARK: Legal populations

    /// INSEE's municipal populations, keyed by commune: `PMUN` (its vintage the year in the
    /// file's name) or one or more `PMUNyyyy` columns. Each vintage gives `population_<year>`,
    /// from which the importer computes each commune's trend; the latest is `population`.
    private static func populations(
        _ csv: CSVTable, _ columns: [String: Int], _ fileName: String
    ) throws -> PublishedFile? {
        guard let key = ["com", "codgeo", "depcom"].compactMap({ columns[$0] }).first else { return nil }
        // (vintage, column), the latest last.
        var vintages: [(year: Int?, column: Int)] = columns.compactMap { name, index in
            guard name.hasPrefix("pmun"), name.count == 8, let year = Int(name.dropFirst(4)) else { return nil }
            return (year, index)
        }.sorted { ($0.year ?? 0) < ($1.year ?? 0) }
        if vintages.isEmpty {
            guard let column = columns["pmun"] else { return nil }
            // A year in the file's name ("populations-legales-2023.csv") is the vintage.
            let name = (fileName as NSString).lastPathComponent
            let year = name.range(of: #"(19|20)[0-9]{2}"#, options: .regularExpression).flatMap { Int(name[$0]) }
            vintages = [(year, column)]
        }
        guard let latest = vintages.last else { return nil }
        var file = PublishedFile(kind: .legalPopulations)
        file.vintage = latest.year
        let base = (fileName as NSString).lastPathComponent
        func source(_ year: Int?) -> String {
            "INSEE, populations légales" + (year.map { " \($0)" } ?? "") + ", " + base
        }
        file.ids = [StandardAttribute.population.id]
        file.provenance[StandardAttribute.population.id] = ColumnProvenance(
            source: source(latest.year), licence: "Licence Ouverte 2.0", year: latest.year, status: .observed,
            method: "municipal population (\(TerritoryImporter.visible(csv.header[latest.column])))")
        for (year, column) in vintages {
            guard let year else { continue }
            let id = "population_\(year)"
            file.ids.append(id)
            file.provenance[id] = ColumnProvenance(
                labelFR: "Population municipale \(year)", labelEN: "Municipal population \(year)",
                unit: "inhabitants", source: source(year), licence: "Licence Ouverte 2.0", year: year,
                status: .observed, method: "municipal population (\(TerritoryImporter.visible(csv.header[column])))")
        }
        for row in csv.rows {
            let code = communeCode(row.fields[key])
            guard !code.isEmpty else { continue }
            var values: [(id: String, value: Double)] = []
            for (year, column) in vintages {
                guard let value = try number(csv, row, column, fileName: fileName) else { continue }
                if let year { values.append(("population_\(year)", value)) }
                if column == latest.column { values.insert((StandardAttribute.population.id, value), at: 0) }
            }
            file.rows.append(Row(code: code, line: row.line, values: values))
        }
        return file
    }
}
