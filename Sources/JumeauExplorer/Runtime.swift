import Dispatch
import Foundation
import JumeauRender

/// Runs the explorer: input and drawing on the calling thread, rasterisation and
/// simulation on a worker queue. Results come back as actions; stale ones are dropped
/// by `update`, so the latest state always wins and input is never blocked.
public final class ExplorerRuntime {
    let data: ExplorerData
    let display: TerminalDisplay
    let values: @Sendable (ValuesRequest) -> [Double]
    private let work = DispatchQueue(label: "jumeau.explorer.work", qos: .userInitiated)
    private let inbox = Inbox()

    /// - Parameter values: computes a variable's zone values for a year (may run a simulation).
    public init(data: ExplorerData, display: TerminalDisplay, values: @escaping @Sendable (ValuesRequest) -> [Double]) {
        self.data = data
        self.display = display
        self.values = values
    }

    final class Inbox: @unchecked Sendable {
        private let lock = NSLock()
        private var actions: [Action] = []
        func post(_ action: Action) { lock.lock(); actions.append(action); lock.unlock() }
        func drain() -> [Action] { lock.lock(); defer { lock.unlock() }; let out = actions; actions = []; return out }
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .rasterize(let request):
                let data = self.data, inbox = self.inbox
                work.async {
                    let raster = ZoneRaster(zones: data.outlines, envelopes: data.envelopes, viewport: request.viewport,
                                            columns: request.columns, rows: request.rows)
                    inbox.post(.rasterReady(request, raster))
                }
            case .computeValues(let request):
                let compute = values, inbox = self.inbox
                work.async { inbox.post(.valuesReady(request, compute(request))) }
            case .quit:
                break
            }
        }
    }

    /// Runs until q, or a stop signal; returns the final state.
    @discardableResult
    public func run(theme: Theme, tier: ColorTier, glyphs: Glyphs, variable: String? = nil,
                    breaks: ClassBreaks = .quantiles, classes: Int = 5, maxIdleFrames: Int? = nil) -> ExplorerState {
        let size = display.size
        var (state, effects) = Explorer.start(data, width: size.width, height: size.height, theme: theme, tier: tier,
                                             glyphs: glyphs, variable: variable, breaks: breaks, classes: classes)
        perform(effects)
        var dirty = true
        var idle = 0
        while !state.quitting && !display.stopRequested {
            if dirty {
                display.draw(Explorer.view(state, data: data))
                dirty = false
            }
            if let event = display.nextEvent(timeout: 30) {
                (state, effects) = Explorer.update(state, .input(event), data: data)
                perform(effects)
                dirty = true
                idle = 0
            } else {
                idle += 1
                if let maxIdleFrames, idle > maxIdleFrames { break }
            }
            for action in inbox.drain() {
                (state, effects) = Explorer.update(state, action, data: data)
                perform(effects)
                dirty = true
            }
        }
        return state
    }
}
