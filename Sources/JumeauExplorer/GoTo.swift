import JumeauModel
import JumeauQuery
import JumeauRender

/// A place `g` can go to: a région, a département, an EPCI or one zone.
/// Places are those of the whole twin (the data the explorer started with), whatever
/// territory it shows now.
public enum Place: Hashable, Sendable {
    /// The whole twin.
    case whole
    case unit(TerritoryLevel, Int)
    case zone(Int)

    /// The place's level (nil for the whole twin).
    var level: TerritoryLevel? {
        switch self {
        case .whole: nil
        case .unit(let level, _): level
        case .zone: .commune
        }
    }

    public func name(_ data: ExplorerData) -> String {
        switch self {
        case .whole: data.title
        case .unit(let level, let index): data.geography?.levels[level]?.names[index] ?? ""
        case .zone(let zone): data.names[zone]
        }
    }

    /// The zones it holds, in zone order.
    public func zones(_ data: ExplorerData) -> [Int] {
        switch self {
        case .whole: Array(data.names.indices)
        case .unit(let level, let index): data.geography?.levels[level]?.members[index] ?? []
        case .zone(let zone): [zone]
        }
    }

    /// France › Nouvelle-Aquitaine › Gironde › Bordeaux Métropole: the twin, the enclosing
    /// units of its first zone, coarsest first, then the place itself.
    public func path(_ data: ExplorerData) -> [String] {
        guard self != .whole else { return [data.title] }
        guard let geography = data.geography, let first = zones(data).first else { return [data.title, name(data)] }
        var path = [data.title]
        for level in [TerritoryLevel.region, .department, .epci] where level < (self.level ?? .region) {
            guard let groups = geography.levels[level], first < groups.groupOfZone.count else { continue }
            let group = groups.groupOfZone[first]
            if group >= 0 { path.append(groups.names[Int(group)]) }
        }
        path.append(name(data))
        return path
    }
}

/// The places matching a typed name or code, best first: a code typed whole, then names
/// starting with the text, then names holding it; larger levels before smaller ones.
public enum PlaceSearch {
    public static let limit = 200

    public static func matches(_ query: String, _ data: ExplorerData) -> [PlaceIndex.Entry] {
        let needle = Filter.fold(query.trimmingCharacters(in: .whitespaces))
        guard !needle.isEmpty else { return [] }
        let index = data.places.entries.isEmpty ? PlaceIndex(data) : data.places
        let spaced = " " + needle
        let hyphened = "-" + needle
        var found: [(rank: Int, order: Int, name: String, entry: PlaceIndex.Entry)] = []
        for entry in index.entries {
            let folded = entry.foldedName
            let rank: Int
            if entry.foldedCode == needle {
                rank = 0
            } else if folded == needle {
                rank = 1
            } else if folded.hasPrefix(needle) {
                rank = 2
            } else if folded.contains(spaced) || folded.contains(hyphened) {
                rank = 3
            } else if folded.contains(needle) || entry.foldedCode.hasPrefix(needle) {
                rank = 4
            } else {
                continue
            }
            let order = entry.place.level?.rank ?? -1
            found.append((rank, order, entry.name, entry))
        }
        found.sort { ($0.rank, $0.order, $0.name) < ($1.rank, $1.order, $1.name) }
        return found.prefix(limit).map(\.entry)
    }
}

/// The places of a twin with their names and codes folded (case and accents dropped).
public struct PlaceIndex: Sendable {
    public struct Entry: Equatable, Sendable {
        public var place: Place
        public var name: String
        public var code: String
        var foldedName: String
        var foldedCode: String
    }
    var entries: [Entry] = []

    init() {}

    init(_ data: ExplorerData) {
        entries.append(
            Entry(
                place: .whole, name: data.title, code: "", foldedName: Filter.fold(data.title),
                foldedCode: ""))
        if let geography = data.geography {
            for level in geography.levels.keys.sorted() {
                guard let groups = geography.levels[level] else { continue }
                for index in groups.codes.indices {
                    entries.append(
                        Entry(
                            place: .unit(level, index), name: groups.names[index], code: groups.codes[index],
                            foldedName: Filter.fold(groups.names[index]),
                            foldedCode: Filter.fold(groups.codes[index])))
                }
            }
        }
        for zone in data.names.indices {
            let code = zone < data.codes.count ? data.codes[zone] : ""
            entries.append(
                Entry(
                    place: .zone(zone), name: data.names[zone], code: code,
                    foldedName: Filter.fold(data.names[zone]), foldedCode: Filter.fold(code)))
        }
    }
}

/// `g`: the places matching what is typed, with their level and code.
struct GoToView: Widget {
    let state: ExplorerState
    let data: ExplorerData
    let field: TextField
    let selected: Int

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let t = state.localizer
        let places = PlaceSearch.matches(field.string, data)
        let rows = places.enumerated().map { index, place in
            ChoiceListView.Row(
                text: place.name,
                status: place.place.level.map { t("level.one." + $0.rawValue) + " " + place.code }
                    ?? t("level.one.all"),
                choice: index)
        }
        let hint = field.string.isEmpty ? t("goto.hint") : places.isEmpty ? t("picker.none") : nil
        ChoiceListView(screen: state.screen, title: t("goto.title"), field: field, rows: rows, selected: selected,
                       hint: hint, keys: t("goto.keys"))
            .draw(into: &buffer, rect)
    }
}
