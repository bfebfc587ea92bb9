extension Catalogue {
    /// The text report of `aegrade report` (its CSV stays English for R and SAS) and the messages
    /// of the commands on standard error. The command's name before a message stays as typed.
    static let commands: [(english: String, chinese: String)] = [
        ("Safety report — trial {trial}, as of {time}", "安全性报告 — 试验 {trial}，截至 {time}"),
        ("{criteria}: {any} of {infused} infused with any grade, {severe} grade ≥ 3; median onset day {onset}, median duration {duration} days",
         "{criteria}：已回输 {infused} 例中任意级别 {any} 例，≥3 级 {severe} 例；中位发生日 {onset}，中位持续 {duration} 天"),
        ("infused {time}", "回输于 {time}"),
        ("not infused", "未回输"),
        ("evaluable", "可评价"),
        ("notInfused", "未回输"),
        ("inDLTWindow", "DLT 观察期内"),
        ("diedInDLTWindowWithoutDLT", "DLT 观察期内死亡（非 DLT）"),
        ("{criteria} worst {grade}", "{criteria} 最高 {grade} 级"),
        (" onset D+{day}", " 发生于 D+{day}"),
        (" treated {treatments}", " 治疗：{treatments}"),
        ("stopping-rule status changed (event {seq}): {status}", "停止规则状态已改变（事件 {seq}）：{status}"),
        ("dose decision changed (event {seq}): {action} — {reason}", "剂量递增决策已改变（事件 {seq}）：{action} — {reason}"),
        ("the rule status could not be evaluated or logged: {reason}", "停止规则状态无法计算或记录：{reason}"),
        ("the sign-in could not be logged: {reason}", "登录无法记入日志：{reason}"),
        ("unknown criteria id {ids}; loaded: {loaded}", "未知的分级标准 id {ids}；已载入：{loaded}"),
    ]
}
