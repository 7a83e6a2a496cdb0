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
        self.settings = settings; self.scenarioName = scenarioName; self.year = year; self.variable = variable; self.viewport = viewport
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

extension Explorer {
    /// How often a follower reads the shared view: well within the second a room expects.
    static let followPollMilliseconds = 250

    static func sharedView(_ s: ExplorerState, _ data: ExplorerData) -> SharedView? {
        guard let viewport = s.viewport else { return nil }
        return SharedView(settings: s.levers, scenarioName: s.unsaved ? nil : s.scenarioName, year: s.year,
                          variable: data.variables[s.variable].id, viewport: viewport)
    }

    /// The facilitator's side: a changed view is published (followers poll for it).
    static func publishIfChanged(_ data: ExplorerData, _ s: inout ExplorerState) -> [Effect] {
        guard s.sharing, !s.tooSmall, let view = sharedView(s, data), !view.sameView(as: s.lastPublished) else { return [] }
        s.lastPublished = view
        return [.store(.publish(view))]
    }

    /// The follower's side: applies the facilitator's view when it changed.
    static func follow(_ view: SharedView?, _ s: inout ExplorerState, _ data: ExplorerData) {
        guard let view else { s.followStatus = .waiting; return }
        if view.active {
            s.followStatus = .following(view.updatedAt)
        } else if case .facilitatorLeft = s.followStatus {
            // Already known: the time it left stays the first one seen.
        } else {
            s.followStatus = .facilitatorLeft(view.updatedAt)
        }
        guard !view.sameView(as: s.lastFollowed) else { return }
        let previous = s.lastFollowed
        s.lastFollowed = view
        s.levers = view.settings
        s.savedLevers = view.settings
        s.scenarioName = view.scenarioName
        s.year = min(data.lastYear, max(data.referenceYear, view.year))
        if let index = data.variables.firstIndex(where: { $0.id == view.variable }) { s.variable = index }
        // The view moves only when the facilitator moved it: local panning stays otherwise.
        if previous?.viewport != view.viewport, plausible(view.viewport, data) { s.viewport = view.viewport }
    }

    /// A view read from the twin is shown only when it could have come from an explorer of
    /// this twin: a finite centre near its zones, a scale between a metre a pixel and ten
    /// times the whole twin (a row edited by hand must not send the map to infinity).
    static func plausible(_ viewport: Viewport, _ data: ExplorerData) -> Bool {
        let extent = data.extent, size = max(extent.width, extent.height, 1)
        let scale = viewport.metresPerPixel, centre = viewport.center
        guard scale.isFinite, centre.x.isFinite, centre.y.isFinite, scale > 0.01, scale < size * 10 else { return false }
        return abs(centre.x - extent.center.x) < size * 10 && abs(centre.y - extent.center.y) < size * 10
    }

    /// Keys a follower cannot use: the levers and scenarios are the facilitator's.
    static func refusedWhileFollowing(_ command: Command) -> Bool {
        [.levers, .undo, .redo, .save, .open].contains(command)
    }

    static func followBadge(_ s: ExplorerState) -> String? {
        guard s.following else { return nil }
        let t = s.localizer
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        switch s.followStatus {
        case .waiting: return t("follow.waiting")
        case .following(let at): return t("follow.following", ["time": formatter.string(from: at)])
        case .facilitatorLeft(let at): return t("follow.left", ["time": formatter.string(from: at)])
        }
    }
}
