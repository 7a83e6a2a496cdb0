import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauStore

/// What a twin can map (explore, render): its attributes' definitions, read once, and
/// the check of a variable named on the command line.
struct MapSource {
    let session: TwinSession
    let attributeDefinitions: [AttributeDefinition]

    init(session: TwinSession) throws {
        self.session = session
        attributeDefinitions = try failing { try session.store.attributes() }
    }

    /// What can be mapped: simulation indicators (any year) and twin attributes (the base year).
    enum Variable {
        case indicator(Indicator)
        case attribute(AttributeDefinition)

        var id: String {
            switch self { case .indicator(let i): return i.id; case .attribute(let a): return a.id }
        }
    }

    func variable(_ id: String) throws -> Variable {
        if let indicator = Indicator.named(id) { return .indicator(indicator) }
        if let attribute = attributeDefinitions.first(where: { $0.id == id }) { return .attribute(attribute) }
        throw CommandFailure(
            message: t("cli.unknown_variable", [
                "id": Sanitize.text(id), "indicators": Indicator.allCases.map(\.id).joined(separator: ", "),
                "attributes": attributeDefinitions.map(\.id).joined(separator: ", "),
            ]), status: 2)
    }
}
