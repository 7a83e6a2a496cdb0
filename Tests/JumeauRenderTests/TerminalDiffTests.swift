import JumeauModel
import XCTest

@testable import JumeauRender

/// The terminal diff: what a terminal showing one buffer is sent to show the next.
final class TerminalDiffTests: XCTestCase {
    let red = Style(foreground: .rgb(255, 0, 0))
    let blue = Style(background: .rgb(0, 0, 255))

    /// The terminal after the changes must show `next`, whatever it showed before.
    func assertReaches(
        _ next: Buffer, from previous: Buffer?, _ changes: [TerminalDiff.Change],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        var shown = TerminalDiff.apply(changes, to: previous, width: next.width, height: next.height)
        // The bottom-right cell is never written (it scrolls some terminals).
        shown[next.width - 1, next.height - 1] = next[next.width - 1, next.height - 1]
        var expected = next
        expected.mapAnchor = nil
        XCTAssertEqual(shown, expected, "the screen after the changes is the next frame", file: file, line: line)
    }

    func writes(_ changes: [TerminalDiff.Change]) -> [(x: Int, y: Int, text: String)] {
        changes.compactMap {
            guard case .write(let x, let y, let cells) = $0 else { return nil }
            return (x, y, cells.map(\.text).joined())
        }
    }

    func testIdenticalBuffersSendNothing() {
        var buffer = Buffer(width: 12, height: 3)
        buffer.write("Bordeaux 東京", x: 0, y: 1, style: red)
        XCTAssertEqual(TerminalDiff.between(previous: buffer, next: buffer), [])
    }

    func testTheFirstFrameAndANewSizeRepaintEverything() {
        var next = Buffer(width: 4, height: 2)
        next.write("abcd", x: 0, y: 0)
        next.write("ef", x: 0, y: 1)
        let first = TerminalDiff.between(previous: nil, next: next)
        XCTAssertEqual(first.first, .clear)
        XCTAssertEqual(writes(first).map(\.text), ["abcd", "ef "], "whole rows, the bottom-right cell left out")
        assertReaches(next, from: nil, first)
        let resized = TerminalDiff.between(previous: Buffer(width: 5, height: 2), next: next)
        XCTAssertEqual(resized, first, "a new size is a repaint")
    }

    func testOneCellChangedIsOneWrite() {
        let previous = Buffer(width: 10, height: 4)
        var next = previous
        next[3, 2] = Cell("x", style: red)
        let changes = TerminalDiff.between(previous: previous, next: next)
        XCTAssertEqual(changes, [.write(x: 3, y: 2, cells: [Cell("x", style: red)])])
        assertReaches(next, from: previous, changes)
    }

    func testAStyleChangeAloneIsSentAndNeighboursMakeOneRun() {
        var previous = Buffer(width: 10, height: 2)
        previous.write("abcdef", x: 0, y: 0)
        var next = previous
        next.write("cde", x: 2, y: 0, style: blue)
        let changes = TerminalDiff.between(previous: previous, next: next)
        XCTAssertEqual(writes(changes).map { "\($0.x),\($0.y) \($0.text)" }, ["2,0 cde"])
        assertReaches(next, from: previous, changes)
    }

    func testAWideCharacterTravelsWithItsContinuation() {
        var previous = Buffer(width: 8, height: 2)
        previous.write("ab", x: 2, y: 0)
        var next = previous
        next.write("東", x: 2, y: 0)
        let changes = TerminalDiff.between(previous: previous, next: next)
        guard case .write(let x, _, let cells)? = changes.first else { return XCTFail("\(changes)") }
        XCTAssertEqual(x, 2)
        XCTAssertEqual(cells.map(\.text), ["東", ""], "the wide character and its continuation, in one run")
        assertReaches(next, from: previous, changes)
        // And back: the narrow characters replace both halves.
        let back = TerminalDiff.between(previous: next, next: previous)
        XCTAssertEqual(writes(back).map(\.text), ["ab"])
        assertReaches(previous, from: next, back)
        // Its style alone changes: both cells go again, once.
        var styled = Buffer(width: 8, height: 2)
        styled.write("東", x: 2, y: 0, style: red)
        let restyle = TerminalDiff.between(previous: next, next: styled)
        XCTAssertEqual(restyle.count, 1)
        assertReaches(styled, from: next, restyle)
    }

    func testTheBottomRightCellIsNeverWritten() {
        let previous = Buffer(width: 3, height: 2)
        var next = previous
        next[2, 1] = Cell("z")
        XCTAssertEqual(TerminalDiff.between(previous: previous, next: next), [])
        next[1, 1] = Cell("y")
        XCTAssertEqual(writes(TerminalDiff.between(previous: previous, next: next)).map(\.text), ["y"])
    }

    /// A 30×6 screen: a map at columns 2–21, rows 1–4, striped by world column (so a
    /// shifted map is the same cells moved), a panel at 23–29 that never moves.
    func mapBuffer(column: Double, panel: String = "legend", wideRow: Int? = nil) -> Buffer {
        var buffer = Buffer(width: 30, height: 6)
        buffer.write("title", x: 0, y: 0)
        let rect = Rect(x: 2, y: 1, width: 20, height: 4)
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX {
                let world = Int(column) + x - rect.x
                let shade = UInt8(truncatingIfNeeded: world * 17 + y * 5)
                buffer[x, y] = Cell(
                    world % 7 == 0 ? "▀" : " ",
                    style: Style(foreground: .rgb(shade, 0, 0), background: .rgb(0, shade, 0)))
            }
        }
        for y in 1..<5 { buffer.write(panel, x: 23, y: y) }
        if let wideRow { buffer.write("東", x: 26, y: wideRow) }
        buffer.mapAnchor = MapAnchor(rect: rect, column: column, metresPerColumn: 100)
        return buffer
    }

    func testAMapMovedSidewaysIsShiftedThenOnlyTheIncomingColumnsAreWritten() {
        for k in [1, 3, -1, -4] {
            let previous = mapBuffer(column: 100)
            let next = mapBuffer(column: 100 + Double(k))
            let changes = TerminalDiff.between(previous: previous, next: next)
            XCTAssertEqual(
                changes.first, .shiftColumns(.init(rows: [1, 2, 3, 4], left: 2, width: 20, columns: k)), "k = \(k)")
            let incoming = k > 0 ? (22 - k)..<22 : 2..<(2 - k)
            for write in writes(changes) {
                XCTAssertEqual(write.x, incoming.lowerBound, "k = \(k): only the columns that come in")
                XCTAssertEqual(write.text.count, abs(k))
            }
            XCTAssertEqual(writes(changes).count, 4, "one run per map row")
            assertReaches(next, from: previous, changes)
            // Without delete/insert character, every changed cell is written.
            let plain = TerminalDiff.between(previous: previous, next: next, columnShifts: false)
            XCTAssertFalse(plain.contains { if case .shiftColumns = $0 { return true } else { return false } })
            XCTAssertEqual(writes(plain).map(\.text.count).reduce(0, +), 80, "the whole map")
            assertReaches(next, from: previous, plain)
        }
    }

    func testWhatChangedBesideTheShiftIsStillWritten() {
        let previous = mapBuffer(column: 50)
        var next = mapBuffer(column: 52, panel: "LEGEND")
        next.write("label", x: 8, y: 2, style: red)
        let changes = TerminalDiff.between(previous: previous, next: next)
        let texts = writes(changes).map(\.text)
        XCTAssertTrue(texts.contains("label"), "\(texts)")
        XCTAssertTrue(texts.contains("LEGEND"), "\(texts)")
        assertReaches(next, from: previous, changes)
    }

    func testRowsHoldingAWideCharacterAreNotShifted() {
        let previous = mapBuffer(column: 10, wideRow: 3)
        let next = mapBuffer(column: 12, wideRow: 3)
        let changes = TerminalDiff.between(previous: previous, next: next)
        XCTAssertEqual(changes.first, .shiftColumns(.init(rows: [1, 2, 4], left: 2, width: 20, columns: 2)))
        XCTAssertTrue(writes(changes).contains { $0.y == 3 && $0.text.count > 2 }, "row 3 is written as it changed")
        assertReaches(next, from: previous, changes)
    }

    func testNoShiftForAnotherScaleAFarMoveOrAMoveByPartOfAColumn() {
        let previous = mapBuffer(column: 10)
        var zoomed = mapBuffer(column: 12)
        zoomed.mapAnchor?.metresPerColumn = 50
        var half = mapBuffer(column: 12)
        half.mapAnchor?.column = 11.5
        var moved = mapBuffer(column: 12)
        moved.mapAnchor?.rect.x = 3
        var gone = mapBuffer(column: 12)
        gone.mapAnchor = nil
        for next in [zoomed, half, mapBuffer(column: 20), mapBuffer(column: 0), moved, gone] {
            let changes = TerminalDiff.between(previous: previous, next: next)
            XCTAssertFalse(changes.contains { if case .shiftColumns = $0 { return true } else { return false } })
            assertReaches(next, from: previous, changes)
        }
    }

    func testIncomingBlanksAreNotSentAgain() {
        // A map of plain blanks (mono, outside the territory): the terminal inserts default
        // blanks, so nothing is left to write.
        var previous = Buffer(width: 30, height: 6)
        previous.mapAnchor = MapAnchor(rect: Rect(x: 0, y: 1, width: 20, height: 4), column: 0, metresPerColumn: 10)
        var next = previous
        next.mapAnchor?.column = 2
        XCTAssertEqual(
            TerminalDiff.between(previous: previous, next: next),
            [.shiftColumns(.init(rows: [1, 2, 3, 4], left: 0, width: 20, columns: 2))])
    }

    func testRandomFramesAlwaysReachTheNextOne() {
        var generator = SystemRandomNumberGenerator()
        let texts = ["a", "b", "▀", "東", " ", "░"]
        let styles = [Style.plain, red, blue]
        for _ in 0..<200 {
            func random(column: Double) -> Buffer {
                var buffer = Buffer(width: 16, height: 5)
                for _ in 0..<30 {
                    buffer.write(
                        texts.randomElement(using: &generator) ?? "a", x: Int.random(in: 0..<16, using: &generator),
                        y: Int.random(in: 0..<5, using: &generator),
                        style: styles.randomElement(using: &generator) ?? .plain)
                }
                // Text written over half of a wide character leaves the other half alone: blank it,
                // as a terminal does.
                for y in 0..<5 {
                    for x in 0..<16 {
                        let wide = DisplayWidth.of(buffer[x, y].text) == 2
                        if buffer[x, y].isContinuation && (x == 0 || DisplayWidth.of(buffer[x - 1, y].text) != 2) {
                            buffer[x, y] = .blank
                        }
                        if wide && (x == 15 || !buffer[x + 1, y].isContinuation) { buffer[x, y] = .blank }
                    }
                }
                buffer.mapAnchor = MapAnchor(
                    rect: Rect(x: 1, y: 1, width: 12, height: 3), column: column, metresPerColumn: 1)
                return buffer
            }
            let previous = random(column: 0)
            let next = random(column: Double(Int.random(in: -6...6, using: &generator)))
            assertReaches(next, from: previous, TerminalDiff.between(previous: previous, next: next))
            assertReaches(
                next, from: previous, TerminalDiff.between(previous: previous, next: next, columnShifts: false))
        }
    }
}
