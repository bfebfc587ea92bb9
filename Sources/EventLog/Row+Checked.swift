import GRDB

/// Columns of a stored row read without trusting the file.
///
/// GRDB's typed subscripts (`let kind: String = row[2]`) stop the process with a fatal error when
/// the stored value is NULL or of another type. A damaged or tampered log can hold anything, and
/// nothing read from disk may crash the program: these accessors give nil for NULL and throw a
/// `RowProblem` naming the seq for a value of the wrong type.
extension Row {
    /// The column as text; nil for NULL.
    func text(_ index: Int, seq: Int64, name: String) throws -> String? {
        let value: DatabaseValue = self[index]
        if value.isNull { return nil }
        guard let text = String.fromDatabaseValue(value) else {
            throw SQLiteEventStore.RowProblem(seq: seq, message: "\(name) is not text")
        }
        return text
    }

    /// The column as text, which may not be NULL.
    func requiredText(_ index: Int, seq: Int64, name: String) throws -> String {
        guard let text = try text(index, seq: seq, name: name) else {
            throw SQLiteEventStore.RowProblem(seq: seq, message: "\(name) is null")
        }
        return text
    }

    /// The column as a whole number; nil for NULL or any other type.
    func integer(_ index: Int) -> Int64? {
        let value: DatabaseValue = self[index]
        if case .int64(let number) = value.storage { return number }
        return nil
    }

    /// The column named `name` as a whole number; nil for NULL or any other type.
    func integer(_ name: String) -> Int64? {
        guard let value: DatabaseValue = self[name] else { return nil }
        if case .int64(let number) = value.storage { return number }
        return nil
    }
}

extension Row {
    /// The column named `name` as text; nil for NULL or a column the row does not have.
    func text(_ name: String, seq: Int64) throws -> String? {
        guard let value: DatabaseValue = self[name], !value.isNull else { return nil }
        guard let text = String.fromDatabaseValue(value) else {
            throw SQLiteEventStore.RowProblem(seq: seq, message: "\(name) is not text")
        }
        return text
    }

    /// The column named `name` as text, which may not be NULL.
    func requiredText(_ name: String, seq: Int64) throws -> String {
        guard let text = try text(name, seq: seq) else { throw SQLiteEventStore.RowProblem(seq: seq, message: "\(name) is null") }
        return text
    }
}
