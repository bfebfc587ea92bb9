import Foundation
import Localization

/// `--lang LANG` (or `--lang=LANG`), accepted before or after any subcommand: the language of
/// the board, the messages on standard error and the text report (README, "简体中文"). It is
/// taken out of the arguments before they are parsed, so that every command accepts it without
/// each declaring it; `AEGRADE_LANG` and the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`) choose when it is
/// absent. JSON and CSV output stay English whatever the language.
enum LanguageOption {
    /// The value of the last `--lang` and the arguments without it; a `--lang` with no value is
    /// left in place for the parser to refuse. Arguments after `--` are not looked at.
    static func extract(from arguments: [String]) -> (flag: String?, rest: [String]) {
        var flag: String?
        var rest: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { rest += arguments[index...]; break }
            if argument.hasPrefix("--lang=") {
                flag = String(argument.dropFirst("--lang=".count))
            } else if argument == "--lang", index + 1 < arguments.endIndex {
                flag = arguments[index + 1]
                index += 1
            } else {
                rest.append(argument)
            }
            index += 1
        }
        return (flag, rest)
    }

    /// Sets the process's language from `flag` and the environment; exits 2 naming the option
    /// when it names a language aegrade does not speak.
    static func apply(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        do {
            Localization.setProcessLanguage(try Language.choose(flag: flag, environment: environment))
        } catch {
            printError("aegrade: " + error.description)
            exit(2)
        }
    }
}
