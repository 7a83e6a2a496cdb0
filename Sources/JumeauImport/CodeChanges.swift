import Foundation
import JumeauModel

/// INSEE's history of commune changes (mergers, renamings, code changes), used to
/// bring boundaries of an older vintage to today's communes: a former commune's
/// code maps to the code of the commune that now holds its territory.
public struct CodeChanges {
    /// Former code → (date of the change, code after, name after).
    private var moves: [String: (date: String, code: String, name: String)] = [:]
    /// Codes that absorbed at least one other commune since the boundaries' date.
    private(set) var absorbing: Set<String> = []
    public let fileName: String

    /// - Parameters:
    ///   - since: the date of the boundaries' vintage (YYYY-MM-DD); only later changes apply.
    public init(source: ImportSource, since: String) throws {
        fileName = source.name
        let csv: CSVTable
        do { csv = try CSVTable(bytes: [UInt8](source.bytes), fileName: source.name) } catch {
            throw ImportError(Message.of(error))
        }
        func column(_ name: String) throws -> Int {
            guard let index = csv.columnIndex(name) else {
                throw ImportError("import.not_code_changes", ["file": source.name, "column": name])
            }
            return index
        }
        let before = try column("COM_AV"), after = try column("COM_AP"), date = try column("DATE_EFF")
        let typeBefore = try column("TYPECOM_AV"), typeAfter = try column("TYPECOM_AP"), label = try column("LIBELLE_AP")
        for row in csv.rows {
            let f = row.fields
            // Only communes (not delegated or associated ones), only changes after the boundaries.
            guard f[typeBefore] == "COM", f[typeAfter] == "COM", f[date] > since else { continue }
            let from = f[before], to = f[after]
            if from != to || moves[from] == nil || f[date] > moves[from]!.date {
                if let existing = moves[from], existing.date > f[date] { continue }
                moves[from] = (f[date], to, f[label])
            }
        }
        for (from, move) in moves where move.code != from { absorbing.insert(move.code) }
    }

    /// The current code and name of a commune coded `code` at the boundaries' date
    /// (nil name when it never changed), following successive changes in date order.
    public func current(_ code: String) -> (code: String, name: String?) {
        var code = code
        var name: String?
        var date = ""
        for _ in 0..<50 {
            guard let move = moves[code], move.date >= date else { break }
            name = move.name
            date = move.date
            if move.code == code { break }
            code = move.code
        }
        return (code, name)
    }

    /// Whether a feature with this code must wait for the other parts of its commune.
    func isMerged(_ code: String) -> Bool {
        let now = current(code).code
        return now != code || absorbing.contains(now)
    }
}
