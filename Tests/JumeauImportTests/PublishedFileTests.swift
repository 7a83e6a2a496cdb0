import Foundation
import JumeauModel
import JumeauStore
import XCTest

@testable import JumeauImport

/// Official files read as their portals publish them (issue "numbers a mayor recognises",
/// §1): recognised by their header, no `--key` or `--columns`, units converted, provenance
/// recorded. Fixtures in Published/: Cerema's nine real rows and the nine communes of Ain
/// they name (from communes-france.geojson), INSEE's real legal populations of those
/// communes, and a housing file and register extract written from the published columns.
final class PublishedFileTests: XCTestCase {
    var directory: String!
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Published").path

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "jumeau-published-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func table(_ name: String) throws -> AttributeTableSource {
        AttributeTableSource(source: try ImportSource.file(fixtures + "/" + name), key: "")
    }

    /// The nine communes with the given official files, imported; the twin's store.
    func importTwin(_ files: [String]) throws -> (TwinStore, ImportReport) {
        var options = ImportOptions(
            sources: [try ImportSource.file(fixtures + "/ain-communes.geojson")], destination: directory + "/ain.gpkg")
        options.attributeTables = try files.map(table)
        let report = try TerritoryImporter(options: options).run()
        return (try TwinStore.open(at: options.destination), report)
    }

    /// Rows of a `;` CSV by its first column, cells by header name.
    func rows(_ name: String) throws -> [String: [String: String]] {
        let text = try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        let header = lines[0].map(String.init)
        var result: [String: [String: String]] = [:]
        for line in lines.dropFirst() {
            let cells = line.map(String.init)
            result[cells[0]] = Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
        return result
    }

    func values(_ store: TwinStore, _ id: String) throws -> [String: Double] {
        let zones = try store.zoneTable()
        let column = try XCTUnwrap(zones.columns[id], "no \(id)")
        return Dictionary(uniqueKeysWithValues: zip(zones.codes, column))
    }

    func testCeremasFileGivesTheLawsReferenceDecadeExactly() throws {
        let (store, _) = try importTwin(["cerema-conso-espaces-2009-2023-extract.csv", "populations-legales-2023.csv"])
        let cerema = try rows("cerema-conso-espaces-2009-2023-extract.csv")
        let decade = try values(store, StandardAttribute.naf2011To2020Ha.id)
        let since = try values(store, StandardAttribute.nafSince2021Ha.id)
        let share = try values(store, StandardAttribute.nafHousingSharePct.id)
        XCTAssertEqual(decade.count, 9)
        for (code, row) in cerema {
            func m2(_ column: String) -> Double { Double(row[column] ?? "") ?? .nan }
            let yy = (11...20).map { String(format: "%02d", $0) }
            let total = yy.reduce(0) { $0 + m2("naf\($1)art\(String(format: "%02d", Int($1)! + 1))") }
            XCTAssertEqual(decade[code] ?? .nan, total / 10_000, accuracy: 1e-9, code)
            // 2021 and 2022 from the file, 2023 (before the reference year 2024) at their mean.
            let recent = m2("naf21art22") + m2("naf22art23")
            XCTAssertEqual(since[code] ?? .nan, recent * 1.5 / 10_000, accuracy: 1e-9, code)
            let housing = yy.reduce(0) {
                let next = String(format: "%02d", Int($1)! + 1)
                return $0 + m2("art\($1)hab\(next)") + m2("art\($1)mix\(next)") / 2
            }
            if total > 0 { XCTAssertEqual(share[code] ?? .nan, housing / total * 100, accuracy: 1e-9, code) }
            // The yearly series, stored before the projection starts.
            XCTAssertEqual(
                try values(store, "naf_consumed_2015_ha")[code] ?? .nan, m2("naf15art16") / 10_000, accuracy: 1e-9)
        }
        // L'Abergement-Clémenciat: 33,518 m² in 2011–2020, 32,110 of it housing (the rest roads).
        XCTAssertEqual(decade["01001"] ?? .nan, 3.3518, accuracy: 1e-9)
        XCTAssertEqual(share["01001"] ?? .nan, 32_110 / 33_518 * 100, accuracy: 1e-9)
        let attributes = Dictionary(uniqueKeysWithValues: try store.attributes().map { ($0.id, $0) })
        let definition = try XCTUnwrap(attributes[StandardAttribute.naf2011To2020Ha.id])
        XCTAssertEqual(definition.status, .observed)
        XCTAssertTrue(definition.source.contains("Cerema"), definition.source)
        XCTAssertEqual(definition.licence, "Licence Ouverte / Etalab")
        XCTAssertEqual(definition.year, 2021)
        XCTAssertEqual(attributes["naf_consumed_2022_ha"]?.unit, "ha/yr")
        XCTAssertEqual(attributes["naf_consumed_2009_ha"]?.year, 2010)
        XCTAssertEqual(attributes[StandardAttribute.population.id]?.year, 2023)
    }

    func testINSEEHousingColumnsOfTheLatestVintage() throws {
        let (store, _) = try importTwin(["insee-logement-2021.csv", "populations-legales-2023.csv"])
        let housing = try rows("insee-logement-2021.csv")
        let expected: [(StandardAttribute, String)] = [
            (.dwellings, "P21_LOG"), (.households, "P21_RP"), (.secondHomes, "P21_RSECOCC"),
            (.vacantDwellings, "P21_LOGVAC"),
        ]
        let attributes = Dictionary(uniqueKeysWithValues: try store.attributes().map { ($0.id, $0) })
        for (attribute, column) in expected {
            let stored = try values(store, attribute.id)
            for (code, row) in housing {
                XCTAssertEqual(
                    stored[code] ?? .nan, Double(row[column] ?? "") ?? .nan, accuracy: 1e-9, "\(code) \(column)")
            }
            XCTAssertEqual(attributes[attribute.id]?.status, .observed)
            XCTAssertEqual(attributes[attribute.id]?.year, 2021, "the P21_ vintage, not P15_")
            XCTAssertTrue(attributes[attribute.id]?.method.contains(column) == true)
        }
    }

    func testTheRegisterAddsUpEachCommunesInstallations() throws {
        let (store, report) = try importTwin(["odre-registre-installations.csv", "populations-legales-2023.csv"])
        let pv = try values(store, StandardAttribute.installedPVMWp.id)
        let wind = try values(store, StandardAttribute.installedWindMW.id)
        // Ambérieu-en-Bugey: small installations (1,523.4 kW), a ground plant (4,990) and a roof (250).
        XCTAssertEqual(pv["01004"] ?? .nan, 6.7634, accuracy: 1e-9)
        XCTAssertEqual(pv["01001"] ?? .nan, 0.0982, accuracy: 1e-9)
        XCTAssertEqual(wind["01010"] ?? .nan, 12, accuracy: 1e-9)
        XCTAssertEqual(wind["01004"] ?? .nan, 0, "named by the register: no wind, observed")
        XCTAssertEqual(pv["01006"] ?? .nan, 0, "hydropower is neither")
        XCTAssertTrue(
            report.warnings.contains { $0.key == "import.rows_without_commune" && "\($0)".contains(": 1 rows") },
            "\(report.warnings)")
        let attributes = Dictionary(uniqueKeysWithValues: try store.attributes().map { ($0.id, $0) })
        // Communes the register does not name are estimated: the attribute is mixed.
        XCTAssertEqual(attributes[StandardAttribute.installedPVMWp.id]?.status, .mixed)
        XCTAssertTrue(attributes[StandardAttribute.installedPVMWp.id]?.source.contains("ODRÉ") == true)
        XCTAssertEqual(attributes[StandardAttribute.installedPVMWp.id]?.year, 2023)
    }

    /// Two vintages give each commune its own trend, damped toward its EPCI's for small ones.
    func testTwoVintagesOfLegalPopulationsGiveEachCommuneItsTrend() throws {
        let (store, _) = try importTwin(["populations-legales-2023.csv", "populations-legales-2017.csv"])
        let population = try values(store, StandardAttribute.population.id)
        let trend = try values(store, "population_trend_pct_yr")
        XCTAssertEqual(population["01004"], 15_934, "2023 kept as the population")
        XCTAssertEqual(try values(store, "population_2017")["01004"], 14_035)
        // A commune leans on its EPCI's rate (of those here with both vintages, when two or more),
        // else its département's (these nine).
        let zones = try store.zoneTable()
        let p17 = try values(store, "population_2017")
        let p23 = try values(store, "population_2023")
        func rate(_ codes: [String]) -> Double {
            pow(codes.reduce(0) { $0 + (p23[$1] ?? 0) } / codes.reduce(0) { $0 + (p17[$1] ?? 0) }, 1.0 / 6) - 1
        }
        var checked = 0
        for (index, code) in zones.codes.enumerated() {
            let sameEPCI = zones.codes.indices.filter { zones.epcis[$0] == zones.epcis[index] }.map { zones.codes[$0] }
            let parent = sameEPCI.count >= 2 ? rate(sameEPCI) : rate(zones.codes)
            let own = rate([code])
            let weight = (p23[code] ?? 0) / ((p23[code] ?? 0) + 2_000)
            XCTAssertEqual(trend[code] ?? .nan, 100 * (weight * own + (1 - weight) * parent), accuracy: 1e-9, code)
            checked += 1
        }
        XCTAssertEqual(checked, 9)
        XCTAssertFalse(zones.epcis.contains(""), "communes-france.geojson names every EPCI here")
        // Ambérieu (15,934 inhabitants) keeps most of its own rate, Ambléon (115) its EPCI's.
        let ambleonEPCI = zones.codes.indices.filter {
            zones.epcis[$0] == zones.epcis[zones.codes.firstIndex(of: "01006")!]
        }
        XCTAssertLessThan(abs((trend["01006"] ?? .nan) - 100 * rate(ambleonEPCI.map { zones.codes[$0] })), 0.1)
        XCTAssertGreaterThan(
            abs((trend["01006"] ?? .nan) - 100 * rate(["01006"])),
            abs((trend["01006"] ?? .nan) - 100 * rate(ambleonEPCI.map { zones.codes[$0] })), "damped")
        let definition = try XCTUnwrap(try store.attributes().first { $0.id == "population_trend_pct_yr" })
        XCTAssertEqual(definition.unit, "%/yr")
        XCTAssertEqual(definition.status, .observed)
        XCTAssertTrue(definition.method.contains("2,000"), definition.method)
    }

    /// A commune that more than doubled between the vintages has changed boundaries: its
    /// trend is held at 4 %/yr, marked estimated, and the import says how many.
    func testATrendBeyondFourPercentAYearIsHeld() throws {
        let populations: [String: [Double]] = [
            "population_2017": [2_121, 10_000, 5_000], "population_2023": [5_039, 10_600, 5_100],
        ]
        let trend = try XCTUnwrap(
            PopulationTrend.compute(
                vintages: [2017, 2023], population: { id, row in populations[id]?[row] },
                departments: ["51", "51", "51"], epcis: ["E", "E", "E"]))
        XCTAssertEqual(trend.capped, 1)
        XCTAssertEqual(trend.values[0], 4)
        XCTAssertEqual(trend.estimated, [true, false, false])
        XCTAssertLessThan(trend.values[1] ?? .nan, 4)
    }

    func testTheLatestVintageIsThePopulationWhateverTheOrder() throws {
        let (store, _) = try importTwin(["populations-legales-2017.csv", "populations-legales-2023.csv"])
        XCTAssertEqual(try values(store, StandardAttribute.population.id)["01004"], 15_934)
        XCTAssertEqual(try store.attributes().first { $0.id == StandardAttribute.population.id }?.year, 2023)
        XCTAssertNotNil(try values(store, "population_trend_pct_yr")["01004"])
    }

    func testAHeaderThatIsAlmostOneNamesWhatIsMissing() throws {
        func damaged(_ name: String, dropping column: String) throws -> String {
            let text = try String(contentsOfFile: fixtures + "/" + name, encoding: .utf8)
            let lines = text.split(separator: "\n").map { $0.components(separatedBy: ";") }
            guard let index = lines[0].firstIndex(of: column) else { throw XCTSkip("no \(column)") }
            let kept = lines.map { cells in cells.enumerated().filter { $0.offset != index }.map(\.element) }
            let path = directory + "/" + name
            try kept.map { $0.joined(separator: ";") }.joined(separator: "\n").write(
                toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        for (name, column) in [
            ("cerema-conso-espaces-2009-2023-extract.csv", "art15hab16"),
            ("insee-logement-2021.csv", "P21_LOGVAC"),
            ("odre-registre-installations.csv", "filiere"),
        ] {
            var options = ImportOptions(
                sources: [try ImportSource.file(fixtures + "/ain-communes.geojson")], destination: directory + "/x.gpkg"
            )
            options.attributeTables = [
                AttributeTableSource(source: try ImportSource.file(try damaged(name, dropping: column)), key: ""),
                try table("populations-legales-2023.csv"),
            ]
            XCTAssertThrowsError(try TerritoryImporter(options: options).run(), name) { error in
                let message = "\(error)"
                XCTAssertTrue(message.contains(column.lowercased()), message)
                XCTAssertTrue(message.contains(name), message)
                XCTAssertFalse(message.contains("\n"), message)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: options.destination), "no twin left behind")
        }
    }
}
