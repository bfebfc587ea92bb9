/// Placeholder until the Safety module lands.
enum SafetyPlaceholder {}
