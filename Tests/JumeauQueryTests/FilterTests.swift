import JumeauModel
@testable import JumeauQuery
import XCTest

final class FilterTests: XCTestCase {
    let columns = ["name", "code", "population", "area_ha", "naf_consumption_ha"]
    let rows: [[String: Filter.Value]] = [
        ["name": .text("La Couarde-sur-Mer"), "code": .text("17121"), "population": .number(1_147), "area_ha": .number(1_300), "naf_consumption_ha": .number(0.4)],
        ["name": .text("Saint-Martin-de-Ré"), "code": .text("17369"), "population": .number(2_300), "area_ha": .number(470), "naf_consumption_ha": .number(.nan)],
        ["name": .text("Rivedoux-Plage"), "code": .text("17297"), "population": .number(2_483), "area_ha": .number(480), "naf_consumption_ha": .number(1.2)],
        ["name": .text("Loix"), "code": .text("17207"), "population": .number(745), "area_ha": .number(800), "naf_consumption_ha": .number(0.1)],
    ]

    func names(_ text: String) throws -> [String] {
        let filter = try Filter(parsing: text, columns: columns)
        return rows.filter { row in filter.matches { row[$0]! } }.map { if case .text(let t) = $0["name"]! { return t }; return "" }
    }

    func testComparisonsTextAndBooleans() throws {
        XCTAssertEqual(try names("population > 2000"), ["Saint-Martin-de-Ré", "Rivedoux-Plage"])
        XCTAssertEqual(try names("population > 1000 and name ~ \"sur-Mer\""), ["La Couarde-sur-Mer"])
        XCTAssertEqual(try names("name ~ 'SAINT-MARTIN-DE-RE'"), ["Saint-Martin-de-Ré"], "case and accents ignored")
        XCTAssertEqual(try names("population <= 745 or (area_ha >= 1300 and not population > 2000)"), ["La Couarde-sur-Mer", "Loix"])
        XCTAssertEqual(try names("population >= 2_300 et name !~ plage"), ["Saint-Martin-de-Ré"], "French keywords, _ separators")
        XCTAssertEqual(try names("code = 17207"), ["Loix"], "a code compares as text")
        XCTAssertEqual(try names("naf_consumption_ha < 1"), ["La Couarde-sur-Mer", "Loix"], "no data fails every comparison")
        XCTAssertEqual(try names("naf_consumption_ha > 0,3"), ["La Couarde-sur-Mer", "Rivedoux-Plage"], "decimal comma")
        XCTAssertEqual(try names("NAME ~ loix"), ["Loix"], "column names ignore case")
        // A NUL is a character like any other, not the end of the text.
        XCTAssertEqual(try names("name ~ \"ré\u{0}\""), [])
        let all = rows.map { if case .text(let t) = $0["name"]! { t } else { "" } }
        XCTAssertEqual(try names("name !~ \"x\u{0}\""), all)
        XCTAssertEqual(try Filter(parsing: "population > 5000 and name ~ \"sur-Mer\"", columns: columns).columns, ["population", "name"])
    }

    func testMalformedFiltersSayWhatAndWhere() {
        func error(_ text: String) -> FilterError? {
            do { _ = try Filter(parsing: text, columns: columns); return nil } catch { return error as? FilterError }
        }
        XCTAssertEqual(error("popultion > 5")?.description,
                       "unknown column 'popultion' (did you mean: population); quote text: \"popultion\" (at character 1)")
        XCTAssertEqual(error("population >")?.description, "expected a column or a value after '>', found the end (at character 13)")
        XCTAssertEqual(error("name ~ \"sur")?.position, 8)
        XCTAssertEqual(error("(population > 1")?.key, "filter.unclosed_bracket")
        XCTAssertEqual(error("population > 1 area_ha < 2")?.key, "filter.unexpected")
        XCTAssertEqual(error("")?.key, "filter.empty")
        XCTAssertEqual(error("population > 1; DROP TABLE zones")?.key, "filter.unexpected_character")
        XCTAssertEqual(error("and population > 1")?.key, "filter.expected_before")
        XCTAssertEqual(error("population >")?.message(Localizer(.fr)),
                       "une colonne ou une valeur est attendue après « > », trouvé la fin (au caractère 13)")
    }

    func testStatisticsAndFrequencies() throws {
        let stats = try XCTUnwrap(ColumnStatistics([4, .nan, 1, 3, 2]))
        XCTAssertEqual([stats.count, stats.missing], [4, 1])
        XCTAssertEqual([stats.sum, stats.mean, stats.median, stats.minimum, stats.maximum], [10, 2.5, 2.5, 1, 4])
        XCTAssertEqual(ColumnStatistics([5, 1, 3])?.median, 3)
        XCTAssertNil(ColumnStatistics([.nan]))
        let histogram = Frequency.histogram([0, 1, 2, 3, 4, 10, .nan], bins: 5) { "\($0)-\($1)" }
        XCTAssertEqual(histogram.bins.map(\.count), [2, 2, 1, 0, 1])
        XCTAssertEqual(histogram.total, 6)
        XCTAssertEqual(Frequency.counts(["b", "a", "b", "c"]).bins.map(\.label), ["b", "a", "c"])
    }
}
