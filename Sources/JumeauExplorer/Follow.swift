import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// What one explorer shows that others can follow: the levers, the year, the variable
/// on the map and the view (centre and scale, whatever the follower's terminal size).
public struct SharedView: Equatable, Sendable {
    public var settings: LeverSettings
    public var scenarioName: String?
    public var year: Int
    public var variable: String
    public var viewport: Viewport
    /// False once the facilitator has quit.
    public var active = true
    /// Counts the facilitator's changes (set by the store).
    public var sequence = 0
    public var updatedAt = Date(timeIntervalSince1970: 0)

    public init(settings: LeverSettings, scenarioName: String?, year: Int, variable: String, viewport: Viewport) {
        self.settings = settings
        self.scenarioName = scenarioName
        self.year = year
        self.variable = variable
        self.viewport = viewport
    }

    /// Same view, whatever the bookkeeping.
    func sameView(as other: SharedView?) -> Bool {
        guard let other else { return false }
        return settings == other.settings && scenarioName == other.scenarioName && year == other.year
            && variable == other.variable && viewport == other.viewport && active == other.active
    }
}

/// Where a follower stands.
public enum FollowStatus: Equatable, Sendable {
    case waiting
    case following(Date)
    case facilitatorLeft(Date)
}

/// Follow mode: a follower shows another explorer's view and cannot move the levers; a
/// facilitator shares its view.
public struct Follow: Sendable {
    /// This explorer shows another one's view.
    public var following = false
    public var status: FollowStatus = .waiting
    var lastFollowed: SharedView?
    var lastPoll = Int.min / 2
    /// This explorer publishes its view for followers (a writable twin, not following).
    public var sharing = false
    var lastPublished: SharedView?

    /// How often a follower reads the shared view: well within the second a room expects.
    static let pollMilliseconds = 250

    /// A follower's poll, when it is time for one.
    mutating func poll(at milliseconds: Int) -> [Effect] {
        guard following, milliseconds - lastPoll >= Self.pollMilliseconds else { return [] }
        lastPoll = milliseconds
        return [.store(.readSharedView)]
    }

    /// The view to publish when this explorer shares and its view changed.
    mutating func publication(_ state: ExplorerState, _ data: ExplorerData) -> [Effect] {
        guard sharing, !state.screen.tooSmall, let view = Self.sharedView(state, data),
            !view.sameView(as: lastPublished)
        else { return [] }
        lastPublished = view
        return [.store(.publish(view))]
    }

    static func sharedView(_ s: ExplorerState, _ data: ExplorerData) -> SharedView? {
        guard let viewport = s.map.viewport else { return nil }
        return SharedView(
            settings: s.workshop.levers, scenarioName: s.workshop.unsaved ? nil : s.workshop.scenarioName,
            year: s.map.year, variable: data.variables[s.map.variable].id, viewport: viewport)
    }

    /// The follower's side: applies the facilitator's view when it changed.
    static func follow(_ view: SharedView?, _ s: inout ExplorerState, _ data: ExplorerData) {
        guard let view else {
            s.follow.status = .waiting
            return
        }
        if view.active {
            s.follow.status = .following(view.updatedAt)
        } else if case .facilitatorLeft = s.follow.status {
            // Already known: the time it left stays the first one seen.
        } else {
            s.follow.status = .facilitatorLeft(view.updatedAt)
        }
        guard !view.sameView(as: s.follow.lastFollowed) else { return }
        let previous = s.follow.lastFollowed
        s.follow.lastFollowed = view
        s.workshop.levers = view.settings
        s.workshop.savedLevers = view.settings
        s.workshop.scenarioName = view.scenarioName
        s.map.year = min(data.lastYear, max(data.referenceYear, view.year))
        if let index = data.variables.firstIndex(where: { $0.id == view.variable }) { s.map.variable = index }
        // The view moves only when the facilitator moved it: local panning stays otherwise.
        if previous?.viewport != view.viewport, plausible(view.viewport, data) {
            s.map.viewport = view.viewport
            s.map.fitted = false
        }
    }

    /// A view read from the twin is shown only when it could have come from an explorer of
    /// this twin: a finite centre near its zones, a scale between a metre a pixel and ten
    /// times the whole twin (a row edited by hand must not send the map to infinity).
    static func plausible(_ viewport: Viewport, _ data: ExplorerData) -> Bool {
        let extent = data.extent
        let size = max(extent.width, extent.height, 1)
        let scale = viewport.metresPerPixel
        let centre = viewport.center
        guard scale.isFinite, centre.x.isFinite, centre.y.isFinite, scale > 0.01, scale < size * 10 else {
            return false
        }
        // Near the territory: a view of another plane (an overseas département's) is not.
        return abs(centre.x - extent.center.x) < size * 2 && abs(centre.y - extent.center.y) < size * 2
    }

    /// Commands a follower cannot use: the levers and scenarios are the facilitator's.
    static func refused(_ command: Command) -> Bool {
        [.levers, .undo, .redo, .save, .open].contains(command)
    }

    /// The top-right badge of a follower.
    func badge(_ t: Localizer) -> String? {
        guard following else { return nil }
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        switch status {
        case .waiting: return t("follow.waiting")
        case .following(let at): return t("follow.following", ["time": formatter.string(from: at)])
        case .facilitatorLeft(let at): return t("follow.left", ["time": formatter.string(from: at)])
        }
    }
}
