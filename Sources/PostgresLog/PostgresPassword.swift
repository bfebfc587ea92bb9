import Foundation

/// The password for a PostgreSQL URL, found as libpq finds it (PostgreSQL documentation, "The
/// Password File" and "Environment Variables"): `PGPASSWORD`, else the first matching line of the
/// password file — `PGPASSFILE`, else `~/.pgpass` — whose fields `hostname:port:database:username:password`
/// match, `*` matching anything and `\` escaping `:` and `\`. A password file that others may read
/// is ignored, as libpq ignores it. Nil when none is found (the caller may prompt).
package enum PostgresPassword {
    package static func find(for url: PostgresURL, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let file = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        guard let file, let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let permissions = attributes[.posixPermissions] as? Int, permissions & 0o077 == 0,
              let data = FileManager.default.contents(atPath: file) else { return nil }
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard !line.hasPrefix("#") else { continue }
            let fields = split(line)
            guard fields.count == 5 else { continue }
            let wanted = [url.host, String(url.port), url.database, url.user]
            if zip(fields, wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// The fields of one password-file line, with `\:` and `\\` unescaped.
    static func split(_ line: Substring) -> [String] {
        var fields: [String] = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 5 {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
