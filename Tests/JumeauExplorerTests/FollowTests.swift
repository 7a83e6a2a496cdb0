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
        XCTAssertEqual(follower.followStatus, .waiting)
        XCTAssertEqual(Explorer.followBadge(follower), "waiting for the facilitator")

        facilitator = send(facilitator, .character("p"), .right, .right, .escape, .character("]"), .character("]"), .character("v"), .character("l"))
        follower = poll(follower, at: 0)
        XCTAssertEqual(follower.levers, facilitator.levers)
        XCTAssertEqual(follower.year, 2026)
        XCTAssertEqual(follower.variable, facilitator.variable)
        XCTAssertEqual(follower.viewport, facilitator.viewport, "same centre and scale, whatever the terminal size")
        XCTAssertFalse(follower.unsaved, "a follower never asks to save the facilitator's levers")
        XCTAssertEqual(follower.result?.zones(.nafConsumption, year: 2026), facilitator.result?.zones(.nafConsumption, year: 2026))
        let screen = Explorer.view(follower, data: Fixture.data).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("following ·"), screen)
        XCTAssertTrue(screen.contains("10 %"), "the ZAN slider as the facilitator set it\n\(screen)")

        // Polls are 250 ms apart; an unchanged view changes nothing.
        let (same, effects) = Explorer.update(follower, .tick(100), data: Fixture.data)
        XCTAssertTrue(effects.isEmpty)
        XCTAssertEqual(same.levers, follower.levers)
    }

    func testAFollowerCannotMoveTheLeversAndSurvivesTheFacilitatorLeaving() {
        _ = explorer(follow: false)
        var follower = poll(explorer(follow: true), at: 0)
        follower = send(follower, .character("p"))
        XCTAssertEqual(follower.focus, .map)
        XCTAssertEqual(follower.message, "following the facilitator: the levers and scenarios are theirs (q quits)")
        store.shared?.active = false
        follower = poll(follower, at: 300)
        guard case .facilitatorLeft = follower.followStatus else { return XCTFail("\(follower.followStatus)") }
        // A new facilitator session: followed again.
        var restarted = explorer(follow: false)
        restarted = send(restarted, .character("p"), .right)
        follower = poll(follower, at: 600)
        guard case .following = follower.followStatus else { return XCTFail("\(follower.followStatus)") }
        XCTAssertEqual(follower.levers, restarted.levers)
        XCTAssertTrue(send(follower, .character("q")).quitting)
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
        let good = follower.viewport
        for (x, scale) in [(Double.infinity, 100.0), (0, 0), (0, -5), (1e300, 100), (0, 1e300), (.nan, .nan)] {
            store.shared?.viewport = Viewport(center: Point2(x: x, y: 6_500_000), metresPerPixel: scale)
            store.shared?.sequence += 1
            follower = poll(follower, at: 300)
            XCTAssertEqual(follower.viewport, good, "\(x), \(scale)")
            XCTAssertFalse(Explorer.view(follower, data: Fixture.data).lines.isEmpty)
        }
        store.shared?.active = false
        store.shared?.updatedAt = Date(timeIntervalSince1970: 1_000)
        follower = poll(follower, at: 600)
        store.shared?.updatedAt = Date(timeIntervalSince1970: 2_000)
        follower = poll(follower, at: 900)
        XCTAssertEqual(follower.followStatus, .facilitatorLeft(Date(timeIntervalSince1970: 1_000)))
    }
}
