import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import XCTest

@testable import JumeauExplorer

/// Follow mode: a facilitator's explorer shares its view through the store; followers
/// poll it and show the same levers, year, indicator and place.
final class FollowTests: ExplorerTestCase {
    func explorer(follow: Bool, width: Int = 80, height: Int = 24) -> ExplorerState {
        var options = ExplorerOptions()
        options.follow = follow
        options.share = !follow
        let (state, effects) = start(width, height, options: options)
        return settle(state, effects)
    }

    func poll(_ state: ExplorerState, at milliseconds: Int) -> ExplorerState {
        let (next, effects) = Explorer.update(state, .tick(milliseconds), data: Fixture.data)
        return settle(next, effects)
    }

    func testAFollowerShowsTheFacilitatorsLeversYearAndView() {
        var facilitator = explorer(follow: false)
        XCTAssertEqual(store.publications, 1, "the first view is shared at once")
        var follower = explorer(follow: true, width: 120, height: 40)
        XCTAssertEqual(follower.follow.status, .waiting)
        XCTAssertEqual(follower.follow.badge(.english), "waiting for the facilitator")

        facilitator = send(
            facilitator, .character("p"), .right, .right, .escape, .character("]"), .character("]"),
            .character("v"), .character("p"), .character("o"), .character("p"), .enter, .character("l"))
        follower = poll(follower, at: 0)
        XCTAssertEqual(follower.workshop.levers, facilitator.workshop.levers)
        XCTAssertEqual(follower.map.year, 2033)
        XCTAssertEqual(follower.map.variable, facilitator.map.variable)
        XCTAssertEqual(
            follower.map.viewport, facilitator.map.viewport, "same centre and scale, whatever the terminal size")
        XCTAssertFalse(follower.workshop.unsaved, "a follower never asks to save the facilitator's levers")
        XCTAssertEqual(
            follower.workshop.result?.zones(.nafConsumption, year: 2033),
            facilitator.workshop.result?.zones(.nafConsumption, year: 2033))
        let screen = Explorer.view(follower, data: Fixture.data).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("following ·"), screen)
        XCTAssertTrue(screen.contains("10 %"), "the ZAN slider as the facilitator set it\n\(screen)")

        // Polls are 250 ms apart; an unchanged view changes nothing.
        let (same, effects) = Explorer.update(follower, .tick(100), data: Fixture.data)
        XCTAssertTrue(effects.isEmpty)
        XCTAssertEqual(same.workshop.levers, follower.workshop.levers)
    }

    func testAFollowerCannotMoveTheLeversAndSurvivesTheFacilitatorLeaving() {
        _ = explorer(follow: false)
        var follower = poll(explorer(follow: true), at: 0)
        follower = send(follower, .character("p"))
        XCTAssertNil(follower.workshop.focus)
        XCTAssertEqual(follower.message, "following the facilitator: the levers and scenarios are theirs (q quits)")
        store.shared?.active = false
        follower = poll(follower, at: 300)
        guard case .facilitatorLeft = follower.follow.status else { return XCTFail("\(follower.follow.status)") }
        // A new facilitator session: followed again.
        var restarted = explorer(follow: false)
        restarted = send(restarted, .character("p"), .right)
        follower = poll(follower, at: 600)
        guard case .following = follower.follow.status else { return XCTFail("\(follower.follow.status)") }
        XCTAssertEqual(follower.workshop.levers, restarted.workshop.levers)
        XCTAssertTrue(send(follower, .character("q")).quitting)
    }

    /// A twin out of reach (a server's lost connection): a banner across the top while it lasts,
    /// a probe each second, the levers untouched; a message once it is back, and no more probes.
    func testALostConnectionShowsABannerAndProbesUntilItIsBack() {
        var s = send(explorer(follow: false), .character("p"), .right)
        let levers = s.workshop.levers
        (s, _) = Explorer.update(
            s, .stored(.connection(Message("server.reconnecting", ["server": "db"]))), data: Fixture.data)
        let screen = Explorer.view(s, data: Fixture.data).lines
        XCTAssertTrue(screen[0].hasPrefix("⚠ server out of reach — reconnecting"), screen[0])
        var (probed, effects) = Explorer.update(s, .tick(5_000), data: Fixture.data)
        XCTAssertTrue(effects.contains(.store(.probe)))
        (probed, effects) = Explorer.update(probed, .tick(5_400), data: Fixture.data)
        XCTAssertFalse(effects.contains(.store(.probe)), "one probe a second")
        (probed, effects) = Explorer.update(probed, .tick(6_000), data: Fixture.data)
        XCTAssertTrue(effects.contains(.store(.probe)))
        probed = send(probed, .right)
        XCTAssertNotEqual(probed.workshop.levers, levers, "the levers still move while it is out of reach")
        (probed, _) = Explorer.update(probed, .stored(.connection(nil)), data: Fixture.data)
        XCTAssertEqual(probed.message, "connection back: the server has your levers")
        XCTAssertFalse(Explorer.view(probed, data: Fixture.data).lines[0].contains("out of reach"))
        (_, effects) = Explorer.update(probed, .tick(8_000), data: Fixture.data)
        XCTAssertFalse(effects.contains(.store(.probe)))
    }

    func testAFollowerNeverPublishes() {
        _ = explorer(follow: true)
        XCTAssertEqual(store.publications, 0)
    }

    /// A live view edited in the twin (infinite, zero or absurd scales and centres) moves
    /// nothing and traps nothing; the time a facilitator left stays the first one seen.
    func testAnImplausibleSharedViewIsNotFollowed() {
        _ = explorer(follow: false)
        var follower = poll(explorer(follow: true), at: 0)
        let good = follower.map.viewport
        for (x, scale) in [(Double.infinity, 100.0), (0, 0), (0, -5), (1e300, 100), (0, 1e300), (.nan, .nan)] {
            store.shared?.viewport = Viewport(center: Point2(x: x, y: 6_500_000), metresPerPixel: scale)
            store.shared?.sequence += 1
            follower = poll(follower, at: 300)
            XCTAssertEqual(follower.map.viewport, good, "\(x), \(scale)")
            XCTAssertFalse(Explorer.view(follower, data: Fixture.data).lines.isEmpty)
        }
        store.shared?.active = false
        store.shared?.updatedAt = Date(timeIntervalSince1970: 1_000)
        follower = poll(follower, at: 600)
        store.shared?.updatedAt = Date(timeIntervalSince1970: 2_000)
        follower = poll(follower, at: 900)
        XCTAssertEqual(follower.follow.status, .facilitatorLeft(Date(timeIntervalSince1970: 1_000)))
    }
}
