import JumeauModel
import JumeauSimulation
import XCTest

final class ScenarioCodeTests: XCTestCase {
    let catalog = LeverCatalog(densityTrend: 23, vacancyTrend: 8.4)

    func testBaselineIsJAndEverySettingOnTheGridRoundTrips() throws {
        XCTAssertEqual(try ScenarioCode.encode(LeverSettings(), catalog: catalog), "J")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var settings = LeverSettings()
            for lever in catalog.levers where Bool.random(using: &generator) {
                let steps = Int(((lever.maximum - lever.minimum) / lever.step).rounded())
                var schedule = LeverSchedule(
                    lever.snapped(lever.minimum + Double(Int.random(in: 0...steps)) * lever.step))
                if Bool.random(using: &generator) {
                    schedule = LeverSchedule(
                        schedule.value,
                        changes: [
                            .init(
                                year: Int.random(in: 2025...2050),
                                value: lever.snapped(lever.maximum))
                        ])
                }
                try settings.set(lever.id, schedule, catalog: catalog)
            }
            let code = try ScenarioCode.encode(settings, catalog: catalog)
            XCTAssertTrue(code.allSatisfy { $0.isLetter || $0.isNumber || $0 == "~" }, code)
            XCTAssertEqual(try ScenarioCode.decode(code, catalog: catalog), settings, code)
            XCTAssertEqual(
                try ScenarioCode.decode(code.lowercased(), catalog: catalog), settings, "codes read case-insensitively")
        }
    }

    func testTheHeadlineSettingHasAShortReadableCode() throws {
        var settings = LeverSettings()
        try settings.apply("zan=50", catalog: catalog)
        try settings.apply("density=40", catalog: catalog)
        let code = try ScenarioCode.encode(settings, catalog: catalog)
        XCTAssertEqual(code, "JA0AB0Z")
        XCTAssertEqual(try ScenarioCode.decode("ja0a-b0z", catalog: catalog), settings)
    }

    func testBadCodesAreRefusedInWordsAndOffGridValuesHaveNoCode() throws {
        for bad in ["", "X12", "JZ00", "JA0", "JA0AA0B", "JAZZ", "J~A01"] {
            XCTAssertThrowsError(try ScenarioCode.decode(bad, catalog: catalog), bad) { error in
                XCTAssertFalse("\(error)".isEmpty)
            }
        }
        // A value set off the lever's steps by other means has no code …
        var settings = LeverSettings()
        try settings.set("zan", LeverSchedule(33), catalog: catalog)
        XCTAssertThrowsError(try ScenarioCode.encode(settings, catalog: catalog))
        // … which is why --set puts typed values on the steps, and says so.
        var typed = LeverSettings()
        let notes = try typed.apply("zan=33", catalog: catalog)
        XCTAssertEqual(notes.map(\.description), ["zan = 33 lies between the lever's steps of 5 %: set to 35"])
        XCTAssertEqual(try ScenarioCode.encode(typed, catalog: catalog), "JA07")
        // Saved settings from before are read on the steps too.
        XCTAssertEqual(try LeverSettings(json: settings.canonicalJSON, catalog: catalog), typed)
        XCTAssertEqual(catalog.lever("zan")!.snapped(33), 35)
        XCTAssertEqual(catalog.lever("zan_milestone")!.snapped(2033), 2034)
    }

    func testOnlyPlainDecimalNumbersAreRead() {
        let read: [String: Double] = [
            "50": 50, "-0.4": -0.4, "+3": 3, "1.5e3": 1500, "2E-2": 0.02, ".5": 0.5, "5.": 5, "007": 7,
        ]
        for (text, value) in read { XCTAssertEqual(PlainNumber.parse(text), value, text) }
        for text in [
            "", ".", "-", "e5", "1e", "1e+", "0x10", "0x1p5", "nan", "NaN", "inf", "-infinity", "1e400", "1,5", " 5",
            "5 ", "1_000", "٣", "5e1.5", "--5", "+-5",
        ] {
            XCTAssertNil(PlainNumber.parse(text), text)
        }
    }
}
