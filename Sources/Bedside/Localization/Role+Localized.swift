import Clinical
import Localization

extension Role {
    /// ``refusal(_:)`` in the current language: the same decision (the role table in Clinical
    /// decides; this only words it), its role and permission names from the catalogue.
    package func localizedRefusal(_ permission: Permission) -> String? {
        guard let english = refusal(permission) else { return nil }
        guard Localization.language != .english else { return english }
        let role = localized(rawValue), doing = localized(permission.doing)
        if Permission.allCases.allSatisfy({ !may($0) }) {
            return localized("{role}: read-only role; may not {doing}", ["role": role, "doing": doing])
        }
        if Permission.allCases.allSatisfy({ may($0) == ($0 == .administerUsers) }) {
            return localized("{role}: administers accounts only; may not {doing}", ["role": role, "doing": doing])
        }
        let holders = Role.holding(permission).map { localized($0.rawValue) }.joined(separator: localized(", "))
        return localized("{role} may not {doing}: {roles} only", ["role": role, "doing": doing, "roles": holders])
    }
}
