import Foundation
import JumeauModel
import XCTest

@testable import JumeauSimulation

/// A large twin's run is split between the cores in tiles (a pooled intercommunality never
/// split): every zone must come out as it would alone, and the sums the same on any number
/// of threads.
final class ParallelRunTests: XCTestCase {
    static let copies = 200

    /// Bordeaux Métropole's 28 communes copied 200 times (5,600 zones, enough to be split),
    /// the copies interleaved so that no copy is a run of consecutive zones; copy c is EPCI
    /// "E<c>" of département "D<c % 7>".
    func replicated() throws -> (sample: Simulator, copies: Simulator) {
        let (table, referenceYear) = try Samples.table("bordeaux-metropole")
        let count = table.count
        var big = table.subset((0..<count).flatMap { zone in repeatElement(zone, count: Self.copies) })
        big.codes = big.codes.indices.map { String(format: "Z%06d", $0) }
        big.regions = Array(repeating: "R", count: big.count)
        big.departments = big.codes.indices.map { "D\($0 % Self.copies % 7)" }
        big.epcis = big.codes.indices.map { "E\($0 % Self.copies)" }
        var single = table
        single.regions = Array(repeating: "R", count: count)
        single.departments = Array(repeating: "D0", count: count)
        single.epcis = Array(repeating: "E0", count: count)
        return (
            Simulator(base: try BaseState(table: single, referenceYear: referenceYear)),
            Simulator(base: try BaseState(table: big, referenceYear: referenceYear))
        )
    }

    func settings(_ simulator: Simulator, _ assignments: [String]) throws -> LeverSettings {
        var settings = LeverSettings()
        for assignment in assignments { try settings.apply(assignment, catalog: simulator.catalog) }
        return settings
    }

    func assertEveryCopyRunsAsTheSample(
        _ assignments: [String], file: StaticString = #filePath, line: UInt = #line
    )
        throws
    {
        let (sample, copies) = try replicated()
        let alone = sample.run(try settings(sample, assignments))
        let together = copies.run(try settings(copies, assignments), to: nil, recording: Indicator.allCases, threads: 4)
        let onOneThread = copies.run(
            try settings(copies, assignments), to: nil, recording: Indicator.allCases, threads: 1)
        XCTAssertEqual(
            together.territoryValues, onOneThread.territoryValues, "sums differ with threads", file: file, line: line)
        for indicator in Indicator.allCases {
            for year in alone.years {
                guard let one = alone.zones(indicator, year: year), let many = together.zones(indicator, year: year),
                    let serial = onOneThread.zones(indicator, year: year)
                else { return XCTFail("\(indicator) \(year) not recorded", file: file, line: line) }
                XCTAssertEqual(many, serial, "\(indicator) \(year): zones differ with threads", file: file, line: line)
                for zone in 0..<many.count where !close(many[zone], one[zone / Self.copies]) {
                    return XCTFail(
                        "\(assignments) \(indicator) \(year): zone \(zone) \(many[zone]), "
                            + "alone \(one[zone / Self.copies])",
                        file: file, line: line)
                }
            }
            let total = together.territory(indicator)
            let sampleTotal = alone.territory(indicator)
            let additive = indicator.isAdditive
            for (year, value) in zip(alone.years, zip(total, sampleTotal)) {
                let expected = additive ? value.1 * Double(Self.copies) : value.1
                XCTAssertTrue(
                    close(value.0, expected), "\(indicator) \(year): \(value.0) vs \(expected)", file: file, line: line)
            }
        }
    }

    /// Equal but for the last bits: the copies' catalogue sums 5,600 zones, the sample's 28.
    func close(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b)) || (a.isNaN && b.isNaN)
    }

    func testEveryZoneRunsAsItWouldAloneOnAnyNumberOfThreads() throws {
        try assertEveryCopyRunsAsTheSample(["zan=70", "renewables=60"])
    }

    func testPooledIntercommunalitiesAreNeverSplitBetweenTiles() throws {
        // Each copy is one intercommunality pooling its envelope, as the sample alone.
        try assertEveryCopyRunsAsTheSample(["zan=80", "zan_pooling=1"])
        // Set by the région that holds every zone, in both twins.
        try assertEveryCopyRunsAsTheSample(["zan=50", "reg:R:zan=80", "reg:R:zan_pooling=1"])
    }
}
