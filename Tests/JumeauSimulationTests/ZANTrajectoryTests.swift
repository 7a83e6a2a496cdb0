import Foundation
import JumeauSimulation
import XCTest

/// The law's ZAN trajectory the charts and the report hold scenarios against (issue 13).
final class ZANTrajectoryTests: XCTestCase {
    func testTheLawsTrajectoryByHand() throws {
        // Two communes consumed 100 ha and 4 ha over 2011–2020. Halved over 2021–2030:
        // 50 + 2 = 52 ha, 5.2 ha a year; then 5.2 × (2050 − t) / 19 down to 0 in 2050.
        let law = ZANTrajectory(reference: [100, 4])
        XCTAssertEqual(law.years.first, 2021)
        XCTAssertEqual(law.years.last, 2050)
        XCTAssertEqual(law.firstPeriodBudget, 52, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(law.yearly(in: 2021)), 5.2, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(law.yearly(in: 2030)), 5.2, accuracy: 1e-9)
        XCTAssertEqual(
            try XCTUnwrap(law.yearly(in: 2031)), 5.2, accuracy: 1e-9,
            "the milestone year starts the line at the same pace")
        XCTAssertEqual(try XCTUnwrap(law.yearly(in: 2040)), 5.2 * 10 / 19, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(law.yearly(in: 2050)), 0, accuracy: 1e-12, "net zero in 2050")
        XCTAssertEqual(try XCTUnwrap(law.cumulative(through: 2030)), 52, accuracy: 1e-9)
        // 2031–2040: 5.2 / 19 × (19 + 18 + … + 10) = 5.2 / 19 × 145.
        XCTAssertEqual(try XCTUnwrap(law.cumulative(through: 2040)), 52 + 5.2 / 19 * 145, accuracy: 1e-9)
        // The second period adds 5.2 / 19 × (19 + … + 0) = 52: the envelope is twice the first budget.
        XCTAssertEqual(law.envelope, 104, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(law.envelopeShare(through: 2030)), 50, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(law.envelopeShare(through: 2050)), 100, accuracy: 1e-9)
        XCTAssertNil(law.yearly(in: 2020))
        XCTAssertNil(law.cumulative(through: 2051))
    }

    func testTheGuaranteeAndTheTRACEMilestone() {
        // 1 ha × 0.5 is below the 1 ha guarantee of the loi du 20 juillet 2023: 1 ha.
        XCTAssertEqual(ZANTrajectory(reference: [1, 0]).firstPeriodBudget, 2, accuracy: 1e-12)
        // 2034: 13 years at the same halved pace (65 ha), then 16 years down to zero:
        // envelope 65 × (1 + 17 / 26).
        let trace = ZANTrajectory(reference: [100], milestone: 2034)
        XCTAssertEqual(trace.firstPeriodBudget, 65, accuracy: 1e-9)
        XCTAssertEqual(trace.yearly(in: 2033) ?? 0, 5, accuracy: 1e-9)
        XCTAssertEqual(trace.envelope, 65 * (1 + 17.0 / 26), accuracy: 1e-9)
        // A 70 % cut: 30 ha over 2021–2030.
        XCTAssertEqual(ZANTrajectory(reference: [100], cut: 0.7).cumulative(through: 2030) ?? 0, 30, accuracy: 1e-9)
    }

    func testTheEnvelopeIsTheOneTheModelDividesBy() throws {
        // zan_budget_used_pct = consumed since 2021 / envelope: at the law's setting, the
        // trajectory's envelope must be the model's, on a real territory.
        let simulator = Simulator(base: try Samples.base("medoc-atlantique"))
        var settings = LeverSettings()
        try settings.set(LeverID.zan, LeverSchedule(50), catalog: simulator.catalog)
        let result = simulator.run(settings, recording: [])
        let consumed = try XCTUnwrap(result.territory(.nafConsumedSince2021, year: 2050))
        let share = try XCTUnwrap(result.territory(.zanBudgetUsed, year: 2050))
        let law = simulator.zanTrajectory()
        XCTAssertEqual(consumed / share * 100, law.envelope, accuracy: law.envelope * 1e-9)
        // And the model holds to it: never more consumed than the trajectory allows by 2050.
        XCTAssertLessThanOrEqual(consumed, law.envelope * (1 + 1e-9))
    }

    /// The twin's "land consumed since 2021" attribute is the indicator's starting value:
    /// lists of what to show name it once, as the indicator (issue 13, item 3).
    func testAnAttributeTheSimulationCarriesOnIsItsIndicator() {
        XCTAssertEqual(Indicator.continuing("naf_since_2021_ha"), .nafConsumedSince2021)
        XCTAssertEqual(Indicator.continuing("population"), .population)
        XCTAssertNil(Indicator.continuing("area_ha"))
    }
}
