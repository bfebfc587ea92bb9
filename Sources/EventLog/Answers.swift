/// One answer per task of a parallel read, each set once by its task: read after all tasks are
/// done (`result`), or waited for one by one and let go once used (`take`).
typealias Answers<Value: Sendable> = WaitableSlots<Result<Value, EventLogError>>

extension WaitableSlots {
    /// Runs task `index` and keeps its answer or error.
    func run<Answer>(_ index: Int, _ body: () throws(EventLogError) -> Answer) where Value == Result<Answer, EventLogError> {
        let result: Result<Answer, EventLogError>
        do { result = .success(try body()) } catch { result = .failure(error) }
        fill(index, result)
    }

    /// The answer of task `index`, once it has finished.
    func result(_ index: Int) -> Value { wait(index) }
}
