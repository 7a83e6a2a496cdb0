import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// Work the update asks the runtime to do off the UI thread.
public enum Effect: Equatable, Sendable {
    case rasterize(RasterRequest)
    case simulate(SimulationRequest)
    case store(StoreRequest)
    /// Writes a file (the table's CSV export) whole or not at all.
    case writeFile(path: String, contents: String, rows: Int)
    /// Writes the workshop report of the current levers (HTML or Markdown by extension).
    case writeReport(ReportRequest)
    /// `g`: the explorer becomes the place's (nil: the whole twin's); the runtime answers
    /// with its data and simulation, or flies there when it cannot.
    case scope(Place?)
    case quit
}

public struct RasterRequest: Hashable, Sendable {
    public var viewport: Viewport
    public var columns: Int
    public var rows: Int
    /// The overseas départements beside the mainland at a national view.
    public var insets: [RasterInset] = []
    /// The territory it was asked for: a raster of another's zones is dropped.
    public var scope = 0
}

/// A run of the simulation: the latest generation wins, older ones are dropped (or
/// never started) by the runtime.
public struct SimulationRequest: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable { case current, baseline, comparison(String) }
    public var generation: Int
    public var settings: LeverSettings
    /// Indicators kept per zone (for the map).
    public var recording: [Indicator]
    public var purpose: Purpose
    /// The territory it was asked for (`ExplorerState.scope`): a run of another is dropped.
    public var scope = 0
}

public struct ReportRequest: Equatable, Sendable {
    public var path: String
    public var scenarioName: String
    public var settings: LeverSettings
    public var language: Language
}

/// What the explorer asks of the twin file.
public enum StoreRequest: Equatable, Sendable {
    case journal(JournalEntry.Kind, LeverSettings, detail: String)
    case listScenarios
    case save(name: String, notes: String, settings: LeverSettings)
    case delete(String)
    case rename(String, to: String)
    /// The facilitator's view, for followers.
    case publish(SharedView)
    /// A follower reads the facilitator's view.
    case readSharedView
    /// Tries a twin that could not be reached again.
    case probe
}

/// What the twin file answered.
public enum StoreReply: Sendable {
    case scenarios([ScenarioInfo])
    case saved(String, LeverSettings)
    /// Done or refused, with the catalogue key and arguments of the message to show.
    case done(String, [String: String])
    /// The facilitator's view as read by a follower (nil: none shared yet).
    case shared(SharedView?)
    /// A failure from below (the error's own text).
    case failed(Message)
    /// The twin could not be reached (why), or can again (nil).
    case connection(Message?)
}

/// A saved scenario as the explorer lists it.
public struct ScenarioInfo: Equatable, Sendable {
    public var name: String
    public var notes: String
    public var settings: LeverSettings
    public var updatedAt: Date
    public init(name: String, notes: String, settings: LeverSettings, updatedAt: Date) {
        self.name = name; self.notes = notes; self.settings = settings; self.updatedAt = updatedAt
    }
}

public enum Action: Sendable {
    case input(InputEvent)
    case rasterReady(RasterRequest, ZoneRaster)
    case simulated(SimulationRequest, SimulationResult)
    case stored(StoreReply)
    /// Time passes (for the year animation): milliseconds since the explorer started.
    case tick(Int)
}
