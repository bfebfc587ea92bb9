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
        ("Site {site}", "中心 {site}"),
        ("the board opens one site of a PostgreSQL trial (?site=SITE); the whole trial is read by aegrade rules status, report and log replay",
         "看板打开 PostgreSQL 试验的一个中心（?site=SITE）；整个试验由 aegrade rules status、report 和 log replay 读取"),
        ("--site {site}: a site is 1 to 64 letters, digits, '.', '-' or '_'.", "--site {site}：中心名为 1 至 64 个字母、数字、'.'、'-' 或 '_'。"),
        ("--site and --all-sites choose sites of a PostgreSQL trial; an SQLite log is one site.",
         "--site 与 --all-sites 用于选择 PostgreSQL 试验的中心；SQLite 日志只有一个中心。"),
        ("--site chooses among the sites of the whole trial: give the URL without site=, or --all-sites.",
         "--site 在整个试验的中心中选择：请给出不含 site= 的 URL，或加上 --all-sites。"),
        ("--seq numbers the events of one site: give one --site with it, or --as-of TIME for the whole trial.",
         "--seq 是单个中心的事件序号：请同时给出一个 --site，或对整个试验使用 --as-of TIME。"),
    ]
}
