import Foundation
import JumeauModel
import JumeauPostGIS
import JumeauSimulation
import JumeauStore

/// `jumeau-bench server-load URL [agents] [followers] [seconds]`: a shared twin under load, for a
/// fixed time. Agents save scenarios (with their runs) one after another, each on its own
/// connection; a facilitator shares a view every 100 ms; followers, each with its own connection
/// and its own LISTEN, read the view when notified. Prints save latency, follower lag (from the
/// facilitator's write to a follower holding the view) and whether every save is listed afterwards.
func runServerLoad(_ url: String, agents: Int, followers: Int, seconds: Double) throws {
    let address = try ServerAddress(url)
    let reference = try PostGISTwin.open(address)
    let table = try reference.zoneTable()
    let simulator = Simulator(base: try BaseState(table: table, referenceYear: try reference.metadata().referenceYear))
    var chosen = LeverSettings()
    try chosen.set(LeverID.zan, LeverSchedule(50), catalog: simulator.catalog)
    let settings = chosen
    let run = simulator.savedRun(simulator.run(settings), settings: settings)
    let prefix = "load-\(getpid())-"
    let session = "bench-\(getpid())"

    let recorder = LoadRecorder()
    let deadline = Date().addingTimeInterval(seconds)
    let done = DispatchGroup()

    // Followers first, listening before the facilitator shares anything.
    var watchers: [PostGISTwin] = []
    for follower in 0..<followers {
        let twin = try PostGISTwin.open(address)
        watchers.append(twin)
        let queue = DispatchQueue(label: "follower.\(follower)")
        twin.watchLiveView {
            // Reads off the listener's task: a blocking call must not hold a Swift concurrency thread.
            queue.async {
                // A view shared before this run (another session's) is not this run's lag.
                guard let view = try? twin.liveView(), view.session == session else { return }
                recorder.followed(follower, sequence: view.sequence, at: Date(), written: view.updatedAt)
            }
        }
    }
    Thread.sleep(forTimeInterval: 1)

    for agent in 0..<agents {
        done.enter()
        let thread = Thread {
            defer { done.leave() }
            guard let twin = try? PostGISTwin.open(address) else {
                recorder.failed("agent \(agent) could not connect")
                return
            }
            var count = 0
            while Date() < deadline {
                let name = prefix + "\(agent)-\(count)"
                let scenario = SavedScenario(
                    name: name, leversJSON: settings.canonicalJSON, notes: "", author: "agent\(agent)")
                let started = Date()
                do {
                    try twin.saveScenario(scenario, run: run)
                    recorder.saved(name, seconds: Date().timeIntervalSince(started))
                } catch {
                    recorder.failed("\(name): \(error)")
                }
                count += 1
            }
            try? twin.close()
        }
        thread.start()
    }

    let facilitator = try PostGISTwin.open(address)
    var sequence = 0
    while Date() < deadline {
        sequence += 1
        let view = LiveView(
            session: session, sequence: sequence, leversJSON: settings.canonicalJSON, scenario: nil, year: 2030,
            variable: "population", centerX: 0, centerY: 0, metresPerPixel: 100, active: true, updatedAt: Date())
        try facilitator.publishLiveView(view)
        Thread.sleep(forTimeInterval: 0.1)
    }
    done.wait()
    Thread.sleep(forTimeInterval: 1)
    for twin in watchers { try? twin.close() }

    let listed = Set(try reference.scenarios().map(\.name).filter { $0.hasPrefix(prefix) })
    let report = recorder.summary(published: sequence, followers: followers)
    let lost = report.saved.filter { !listed.contains($0) }.count
    func ms(_ value: Double) -> String { String(format: "%.0f", value * 1000) }
    print("| agents | followers | seconds | saves | saves/s | save p50 (ms) | save p95 (ms) | follower lag p50 (ms)"
        + " | follower lag p95 (ms) | lag max (ms) | views shared | views missed at the end | saves lost | errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        "| \(agents) | \(followers) | \(Int(seconds)) | \(report.saved.count) | "
            + String(format: "%.1f", Double(report.saved.count) / seconds)
            + " | \(ms(report.saveP50)) | \(ms(report.saveP95)) | \(ms(report.lagP50)) | \(ms(report.lagP95))"
            + " | \(ms(report.lagMax)) | \(sequence) | \(report.behind) | \(lost) | \(report.errors.count) |")
    for error in report.errors.prefix(3) { print("error: \(error)") }
    // The load's scenarios go: the twin is left as it was.
    for name in listed {
        let author = "agent" + (name.dropFirst(prefix.count).split(separator: "-").first.map(String.init) ?? "")
        _ = try? reference.deleteScenario(named: name, by: author)
    }
    try reference.close()
    try facilitator.close()
}

final class LoadRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var saves: [(String, Double)] = []
    private var lags: [Double] = []
    private var lastSeen: [Int: Int] = [:]
    private(set) var errors: [String] = []

    func saved(_ name: String, seconds: Double) {
        lock.withLock { saves.append((name, seconds)) }
    }

    func failed(_ error: String) { lock.withLock { errors.append(error) } }

    /// A follower holds view `sequence`: its lag is counted once per view it sees first.
    func followed(_ follower: Int, sequence: Int, at time: Date, written: Date) {
        lock.withLock {
            guard sequence > lastSeen[follower, default: 0] else { return }
            lastSeen[follower] = sequence
            lags.append(time.timeIntervalSince(written))
        }
    }

    struct Summary {
        var saved: [String]
        var saveP50: Double, saveP95: Double
        var lagP50: Double, lagP95: Double, lagMax: Double
        /// Followers not holding the last view shared once the load is over.
        var behind: Int
        var errors: [String]
    }

    func summary(published last: Int, followers: Int) -> Summary {
        lock.withLock {
            func percentile(_ values: [Double], _ p: Double) -> Double {
                let sorted = values.sorted()
                return sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
            }
            let durations = saves.map(\.1)
            return Summary(
                saved: saves.map(\.0), saveP50: percentile(durations, 0.5), saveP95: percentile(durations, 0.95),
                lagP50: percentile(lags, 0.5), lagP95: percentile(lags, 0.95), lagMax: lags.max() ?? .nan,
                behind: followers - lastSeen.values.filter { $0 == last }.count, errors: errors)
        }
    }
}

/// `jumeau-bench server-open URL FILE`: what opening the explorer reads, from the server and from the
/// file, alternately: connecting or opening, then every zone's outline and attributes. Milliseconds.
func runServerOpen(_ url: String, file: String, runs: Int) throws {
    let address = try ServerAddress(url)
    var server: [Double] = [], local: [Double] = [], connect: [Double] = []
    for _ in 0..<runs {
        var started = Date()
        let twin = try PostGISTwin.open(address)
        connect.append(Date().timeIntervalSince(started) * 1000)
        _ = try twin.zoneTable(attributeIDs: nil, geometry: .outlines)
        server.append(Date().timeIntervalSince(started) * 1000)
        try twin.close()
        started = Date()
        let store = try TwinStore.open(at: file, access: .read)
        _ = try store.zoneTable(attributeIDs: nil, geometry: .outlines)
        local.append(Date().timeIntervalSince(started) * 1000)
        try store.close()
    }
    print(String(format: "zones with outlines: server %.0f ms (connecting %.0f), file %.0f ms; median of %d",
                 median(server), median(connect), median(local), runs))
}
