import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauStore

/// A twin's zones ready to draw: outlines, envelopes and names, in zone code order
/// (the simulation's order too).
struct MapSource {
    let session: TwinSession
    let outlines: [MultiPolygonCoordinates]
    let envelopes: [Envelope]
    let names: [String]
    let codes: [String]
    let extent: Envelope
    /// Attribute values by id, from the twin.
    let attributes: [String: [Double]]
    let attributeDefinitions: [AttributeDefinition]

    init(session: TwinSession) throws {
        self.session = session
        let table = session.table
        precondition(table.outlines.count == table.count, "open the session with geometry: .outlines")
        let outlines = table.outlines
        let envelopes = table.envelopes
        // The mainland's extent when there is one: overseas zones are in their own projections.
        var extent = Envelope.empty
        for (zone, envelope) in envelopes.enumerated() where table.srsIDs[zone] == CRS.lambert93 {
            extent.include(envelope)
        }
        if extent.isEmpty { for envelope in envelopes { extent.include(envelope) } }
        self.outlines = outlines
        self.envelopes = envelopes
        self.extent = extent
        names = table.names.map { Sanitize.text($0) }
        codes = table.codes
        attributeDefinitions = try failing { try session.store.attributes() }
        attributes = table.columns
    }

    /// What can be mapped: simulation indicators (any year) and twin attributes (the base year).
    enum Variable {
        case indicator(Indicator)
        case attribute(AttributeDefinition)

        var id: String {
            switch self { case .indicator(let i): return i.id; case .attribute(let a): return a.id }
        }
        func label(_ t: Localizer) -> String {
            switch self {
            case .indicator(let i): return i.definition.label(t)
            case .attribute(let a): return t.pick(fr: a.labelFR, en: a.labelEN)
            }
        }
        var unit: String {
            switch self { case .indicator(let i): return i.definition.unit; case .attribute(let a): return a.unit }
        }
    }

    func variable(_ id: String) throws -> Variable {
        if let indicator = Indicator.named(id) { return .indicator(indicator) }
        if let attribute = attributeDefinitions.first(where: { $0.id == id }) { return .attribute(attribute) }
        throw CommandFailure(message: t("cli.unknown_variable", ["id": Sanitize.text(id), "indicators": Indicator.allCases.map(\.id).joined(separator: ", "), "attributes": attributeDefinitions.map(\.id).joined(separator: ", ")]), status: 2)
    }

    /// Zone values of a variable in a year (attributes: the base year only).
    func values(_ variable: Variable, year: Int, settings: LeverSettings) -> [Double] {
        switch variable {
        case .attribute(let a): return attributes[a.id] ?? Array(repeating: .nan, count: codes.count)
        case .indicator(let i):
            let result = session.simulator.run(settings, to: year, recording: [i])
            return result.zones(i, year: year) ?? Array(repeating: .nan, count: codes.count)
        }
    }
}
