import Foundation

/// Runs async work to its end from synchronous code: a command (one thing to do) or the explorer's
/// store queue (a worker thread, never the one that draws). Never called from a Swift task.
public enum Blocking {
    final class Box<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }

    public static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
            done.signal()
        }
        done.wait()
        guard let result = box.result else { throw ServerError("server.interrupted") }
        return try result.get()
    }
}
