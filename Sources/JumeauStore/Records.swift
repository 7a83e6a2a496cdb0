import Foundation
import GRDB
import JumeauModel

// GRDB records for Jumeau's own tables. Each reads its row through `CheckedRow`, so a
// value of the wrong type (a twin edited by hand or by another tool) is reported as
// damage instead of trapping in a subscript.

/// A row of `jumeau_territory`.
struct TerritoryRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "jumeau_territory"
    var metadata: TerritoryMetadata

    init(_ metadata: TerritoryMetadata) { self.metadata = metadata }

    init(row: Row) throws {
        let r = CheckedRow(row, table: Self.databaseTableName)
        let year: Int = try r("reference_year")
        // What `jumeau import --reference-year` accepts: the simulation counts years from it.
        guard TerritoryMetadata.referenceYears.contains(year) else {
            throw Damage(table: Self.databaseTableName, column: "reference_year", found: "integer \(year)", row: nil)
        }
        metadata = TerritoryMetadata(name: try r("name"), referenceYear: year,
                                     attribution: try r("attribution"), createdAt: try r("created_at"),
                                     writerVersion: try r("writer_version"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = 1
        container["name"] = metadata.name
        container["reference_year"] = metadata.referenceYear
        container["attribution"] = metadata.attribution
        container["created_at"] = metadata.createdAt
        container["writer_version"] = metadata.writerVersion
    }
}

/// A row of `jumeau_attributes`: one attribute's catalogue entry.
struct AttributeRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "jumeau_attributes"
    var definition: AttributeDefinition

    init(_ definition: AttributeDefinition) { self.definition = definition }

    init(row: Row) throws {
        let r = CheckedRow(row, table: Self.databaseTableName)
        let status: String = try r("status")
        guard let known = ValueStatus(rawValue: status) else {
            throw Damage(table: Self.databaseTableName, column: "status", found: "text '\(status)'", row: nil)
        }
        definition = AttributeDefinition(id: try r("attribute"), labelFR: try r("label_fr"), labelEN: try r("label_en"),
                                         unit: try r("unit"), source: try r("source"), licence: try r("licence"),
                                         year: try r.optional("year"), status: known, method: try r("method"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["attribute"] = definition.id
        container["label_fr"] = definition.labelFR
        container["label_en"] = definition.labelEN
        container["unit"] = definition.unit
        container["source"] = definition.source
        container["licence"] = definition.licence
        container["year"] = definition.year
        container["status"] = definition.status.rawValue
        container["method"] = definition.method
    }
}

/// A row of `jumeau_scenarios`.
struct ScenarioRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "jumeau_scenarios"
    var id: Int64?
    var scenario: SavedScenario

    init(_ scenario: SavedScenario) { self.scenario = scenario }

    init(row: Row) throws {
        let r = CheckedRow(row, table: Self.databaseTableName)
        id = try r("id")
        scenario = SavedScenario(name: try r("name"), leversJSON: try r("levers"), notes: try r("notes"),
                                 author: try r("author"), createdAt: try r("created_at"), updatedAt: try r("updated_at"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["name"] = scenario.name
        container["levers"] = scenario.leversJSON
        container["notes"] = scenario.notes
        container["author"] = scenario.author
        container["created_at"] = scenario.createdAt
        container["updated_at"] = scenario.updatedAt
    }
}

/// A row of `jumeau_runs`: which inputs a saved run had.
struct RunRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "jumeau_runs"
    var id: Int64?
    var scenarioID: Int64
    var modelVersion: String
    var inputsHash: String
    var firstYear: Int
    var lastYear: Int
    var createdAt: Date

    init(scenarioID: Int64, run: SavedRun) {
        self.scenarioID = scenarioID
        modelVersion = run.modelVersion
        inputsHash = run.inputsHash
        firstYear = run.years.first ?? 0
        lastYear = run.years.last ?? 0
        createdAt = run.createdAt
    }

    init(row: Row) throws {
        let r = CheckedRow(row, table: Self.databaseTableName)
        id = try r("id")
        scenarioID = try r("scenario_id")
        modelVersion = try r("model_version")
        inputsHash = try r("inputs_hash")
        firstYear = try r("first_year")
        lastYear = try r("last_year")
        createdAt = try r("created_at")
        // A run spans at most the simulation's horizon: anything else was not written by Jumeau.
        guard (1900...2200).contains(firstYear), (firstYear...2200).contains(lastYear) else {
            throw Damage(table: Self.databaseTableName, column: "last_year", found: "years \(firstYear)–\(lastYear)",
                         row: id.map { "row \($0)" })
        }
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["scenario_id"] = scenarioID
        container["model_version"] = modelVersion
        container["inputs_hash"] = inputsHash
        container["first_year"] = firstYear
        container["last_year"] = lastYear
        container["created_at"] = createdAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A row of `jumeau_journal`.
struct JournalRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "jumeau_journal"
    var entry: JournalEntry

    init(_ entry: JournalEntry) { self.entry = entry }

    init(row: Row) throws {
        let r = CheckedRow(row, table: Self.databaseTableName)
        let kind: String = try r("kind")
        entry = JournalEntry(session: try r("session"), at: try r("at"), kind: JournalEntry.Kind(rawValue: kind) ?? .levers,
                             leversJSON: try r("levers"), detail: try r("detail"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["session"] = entry.session
        container["at"] = entry.at
        container["kind"] = entry.kind.rawValue
        container["levers"] = entry.leversJSON
        container["detail"] = entry.detail
    }
}

/// The one row of `jumeau_live_view`.
struct LiveViewRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "jumeau_live_view"
    var view: LiveView

    init(_ view: LiveView) { self.view = view }

    init(row: Row) throws {
        let r = CheckedRow(row, table: Self.databaseTableName)
        view = LiveView(session: try r("session"), sequence: try r("sequence"), leversJSON: try r("levers"),
                        scenario: try r.optional("scenario"), year: try r("year"), variable: try r("variable"),
                        centerX: try r("center_x"), centerY: try r("center_y"), metresPerPixel: try r("metres_per_pixel"),
                        active: try r("active"), updatedAt: try r("updated_at"))
    }

    func encode(to container: inout PersistenceContainer) {
        container["id"] = 1
        container["session"] = view.session
        container["sequence"] = view.sequence
        container["levers"] = view.leversJSON
        container["scenario"] = view.scenario
        container["year"] = view.year
        container["variable"] = view.variable
        container["center_x"] = view.centerX
        container["center_y"] = view.centerY
        container["metres_per_pixel"] = view.metresPerPixel
        container["active"] = view.active
        container["updated_at"] = view.updatedAt
    }
}
