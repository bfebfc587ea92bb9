extension Catalogue {
    /// The text lines of `aegrade report` and `aegrade rules status` that follow the language:
    /// the trial status and the signatures (21 CFR 11.50(b): the manifestation in every
    /// human-readable form of the signed record). The CSV and the JSON stay English.
    static let report: [(english: String, chinese: String)] = [
        ("trial {trial} as of {time}: {state}", "试验 {trial}，截至 {time}：{state}"),
        (" — tripped: {rules}", " — 已触发：{rules}"),
        ("enrolment is paused pending review", "入组已暂停，等待审查"),
        ("dosing is paused pending review", "给药已暂停，等待审查"),
        (" of {n}", "/{n}"),
        (" after {n} evaluable", "，已有 {n} 例可评价"),
        ("{patient} ({reason})", "{patient}（{reason}）"),
        (" — TRIPPED", " — 已触发"),
        (" after subject {n}", "，于第 {n} 例受试者后"),
        ("next subject may be dosed: any time", "下一例受试者可给药时间：任何时间"),
        ("next subject may be dosed from {time}", "下一例受试者可自 {time} 起给药"),
        ("next subject may be dosed: not before the review (paused)", "下一例受试者可给药时间：审查之前不可（已暂停）"),
        ("infused {infused}, evaluable {evaluable}, not treated {notTreated}", "已回输 {infused} 例，可评价 {evaluable} 例，未治疗 {notTreated} 例"),
        ("pocock", "Pocock 边界"),
        ("bayes", "贝叶斯"),
        // Signatures
        ("Signatures — name, user, role, meaning and time of signing beside each signed entry", "签名 — 每个已签名条目旁列出姓名、用户名、角色、含义及签名时间"),
        ("no entry is signed", "没有已签名的条目"),
        ("Awaiting signature — grades ≥ {grade} no physician has confirmed", "待签名 — 尚无医生确认的 ≥{grade} 级分级"),
        (" · awaits signature", " · 待签名"),
        ("Signatures not linked to their records (21 CFR 11.70) — check the log with aegrade log verify", "未与其记录关联的签名（21 CFR 11.70）— 请用 aegrade log verify 检查日志"),
        ("signature #{seq}", "签名 #{seq}"),
        (" (tripped {rules})", "（已触发 {rules}）"),
        (" of #{seq}", "，针对 #{seq}"),
        // Event kinds as logged
        ("rclDetected", "检出 RCL"),
        ("manufacturingFailure", "制备失败"),
        ("ruleStatus", "规则状态"),
        ("userAdmin", "用户管理"),
        ("logKey", "日志密钥"),
        ("clockAnomaly", "时钟异常"),
        ("enrollment", "入组"),
    ]
}
