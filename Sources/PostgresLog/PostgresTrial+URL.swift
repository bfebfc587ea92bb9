import Foundation

extension PostgresURL {
    /// Whether the URL text names a site (`?site=`): a URL that names none is the whole trial for
    /// the reading commands (README, "The whole trial"), and site `main` for writing.
    package static func namesSite(_ text: String) -> Bool {
        guard isURL(text), let components = URLComponents(string: text) else { return false }
        return components.queryItems?.contains { $0.name == "site" } ?? false
    }
}
