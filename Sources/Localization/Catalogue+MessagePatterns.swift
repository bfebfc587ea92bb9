extension Catalogue {
    /// Messages worded in English by a lower layer and translated where they are printed
    /// (``localizedMessage(_:)``): each English pattern with `{name}` for the text that varies.
    /// A pattern must match the whole message; the most specific (longest text outside the
    /// placeholders) is tried first. Split by the part of the product that words them.
    package static let messagePatterns: [(english: String, chinese: String)] =
        yamlProblems + boundaryMessages + storeMessages + refusalMessages + accountMessages + inputMessages + usageMessages + criteriaSetMessages

    /// The YAML parser's (libyaml, through Yams) most frequent problems; a rarer one stays English
    /// after "YAML 语法错误：".
    static let yamlProblems: [(english: String, chinese: String)] = [
        ("mapping values are not allowed in this context", "此处不允许映射值（常见原因：缺少空格或缩进错误）"),
        ("could not find expected ':'", "找不到应有的“:”"),
        ("did not find expected key", "找不到应有的键（常见原因：缩进错误）"),
        ("did not find expected node content", "找不到应有的节点内容"),
        ("did not find expected '-' indicator", "找不到应有的“-”列表标记"),
        ("did not find expected ',' or ']'", "找不到应有的“,”或“]”"),
        ("did not find expected ',' or '}'", "找不到应有的“,”或“}”"),
        ("found character that cannot start any token", "发现不能作为记号开头的字符"),
        ("found a tab character that violates indentation", "发现违反缩进规则的制表符"),
        ("found a tab character where an indentation space is expected", "应为缩进空格处出现了制表符"),
        ("found unexpected end of stream", "文件意外结束（引号或括号未闭合？）"),
        ("found unknown escape character", "发现未知的转义字符"),
        ("found undefined tag handle", "发现未定义的标签句柄"),
        ("found unexpected ':'", "发现意外的“:”"),
        ("block sequence entries are not allowed in this context", "此处不允许块序列条目"),
        ("mapping keys are not allowed in this context", "此处不允许映射键"),
        ("not UTF-8 text: byte 0x{byte} at column {column} (save the file as UTF-8)", "不是 UTF-8 文本：第 {column} 列的字节 0x{byte}（请以 UTF-8 保存文件）"),
    ]

    /// The stopping boundaries' and dose-finding designs' parameter checks (Safety).
    static let boundaryMessages: [(english: String, chinese: String)] = [
        ("p0 must be between 0 and 1 (exclusive), found {value}", "p0 必须大于 0 且小于 1，实际为 {value}"),
        ("the maximum number of subjects must be from 1 to {max}, found {value}", "最大受试者数必须在 1 至 {max} 之间，实际为 {value}"),
        ("the prior Beta(a, b) needs a > 0 and b > 0, found {a}, {b}", "先验分布 Beta(a, b) 要求 a > 0 且 b > 0，实际为 {a}、{b}"),
        ("threshold must be between 0 and 1 (exclusive), found {value}", "threshold 必须大于 0 且小于 1，实际为 {value}"),
        ("alpha must be between 0 and 1 (exclusive), found {value}", "alpha 必须大于 0 且小于 1，实际为 {value}"),
        ("the target must be from 0.05 to 0.6, found {value}", "目标毒性率必须在 0.05 至 0.6 之间，实际为 {value}"),
        ("phi1 must be above 0 and at most 0.9 × the target ({limit}), found {value}", "phi1 必须大于 0 且不超过目标毒性率的 0.9 倍（{limit}），实际为 {value}"),
        ("phi2 must be below 1 and at least 1.1 × the target ({limit}), found {value}", "phi2 必须小于 1 且不低于目标毒性率的 1.1 倍（{limit}），实际为 {value}"),
        ("eps1 must be above 0 and below the target, found {value}", "eps1 必须大于 0 且小于目标毒性率，实际为 {value}"),
        ("eps2 must be above 0 and below 1 − the target, found {value}", "eps2 必须大于 0 且小于 1 − 目标毒性率，实际为 {value}"),
        ("the elimination cut-off must be between 0.5 and 1 (exclusive), found {value}", "剂量淘汰界值必须大于 0.5 且小于 1，实际为 {value}"),
        ("the elimination minimum n must be from 1 to 1000, found {value}", "剂量淘汰的最少例数必须在 1 至 1000 之间，实际为 {value}"),
        ("the extra-safe offset must be between 0 and 0.5 (exclusive), found {value}", "额外安全偏移必须大于 0 且小于 0.5，实际为 {value}"),
    ]
}

extension Catalogue {
    /// The log's storage errors (`EventLogError`): the path stays as given.
    static let storeMessages: [(english: String, chinese: String)] = [
        ("{path}: no such log", "{path}：没有此日志"),
        ("{path}: not an aegrade log ({detail}); it was left untouched", "{path}：不是 aegrade 日志（{detail}）；文件未被改动"),
        ("{path}: log schema version {version} is not one this aegrade knows", "{path}：本版本 aegrade 不认识日志结构版本 {version}"),
        ("{path}: the log is read-only; nothing was written", "{path}：日志为只读；未写入任何内容"),
        ("{path}: the log is locked by another process; nothing was written, try again", "{path}：日志被另一进程锁定；未写入任何内容，请重试"),
        ("{path}: the disk holding the log is full; nothing from this entry was written", "{path}：日志所在磁盘已满；本条录入未写入任何内容"),
        ("{path}: the log is damaged ({detail}); it was left untouched — run aegrade log verify", "{path}：日志已损坏（{detail}）；文件未被改动 — 请运行 aegrade log verify"),
        ("{path}: {detail}; nothing was written", "{path}：{detail}；未写入任何内容"),
        ("{path}: not a log file: {reason}", "{path}：不是日志文件：{reason}"),
        ("{path}: a write interrupted by a crash left {journal}-journal, which SQLite must roll back before the log can be read (the unfinished write was never acknowledged); this account may not write the log or its directory, so both were left untouched. Run `aegrade log verify --db {db}` as an account that may write them (SQLite rolls the journal back), then try again",
         "{path}：崩溃中断的写入留下了 {journal}-journal，SQLite 须先回滚它才能读取日志（未完成的写入从未被确认）；本账户无权写入日志或其目录，两者均未改动。请以有写权限的账户运行 `aegrade log verify --db {db}`（SQLite 将回滚该日志），然后重试"),
        ("disk I/O error", "磁盘读写错误"),
        // The log's signing key and its checkpoints
        ("{path}: no log key (aegrade log init makes one beside a new log)", "{path}：没有日志密钥（aegrade log init 会在新日志旁创建）"),
        ("{path}: the log key is not a regular file", "{path}：日志密钥不是普通文件"),
        ("{path}: the log key is owned by another user", "{path}：日志密钥属于另一用户"),
        ("{path}: not an aegrade log key", "{path}：不是 aegrade 日志密钥"),
        ("checkpoint line {line}: {reason}", "检查点第 {line} 行：{reason}"),
        ("checkpoint: {reason}", "检查点：{reason}"),
        ("checkpoint signature: {detail}", "检查点签名：{detail}"),
        ("checkpoint of another log: origin {checkpoint}, this log is {log}", "另一日志的检查点：来源为 {checkpoint}，本日志为 {log}"),
        ("truncated: the checkpoint covers {size} events, the log ends at seq {last} (events at its end were removed)",
         "已截断：检查点涵盖 {size} 个事件，日志却止于事件 {last}（其末尾的事件已被删除）"),
        ("the log does not extend the checkpoint of {size} events: {detail}", "日志不是 {size} 个事件的检查点的延续：{detail}"),
        ("not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE?site=SITE", "不是 PostgreSQL URL；请写作 postgres://USER@HOST:PORT/DATABASE?site=SITE"),
        ("the URL names no user: postgres://USER@HOST/DATABASE", "URL 未指明用户：postgres://USER@HOST/DATABASE"),
        ("the URL names no host", "URL 未指明主机"),
        ("the URL carries a password, which a command line shows to every user of the machine; give it in PGPASSWORD or the password file (~/.pgpass or PGPASSFILE), or let aegrade ask for it",
         "URL 中含有密码，而命令行对本机所有用户可见；请通过 PGPASSWORD 或密码文件（~/.pgpass 或 PGPASSFILE）提供，或由 aegrade 询问"),
        ("the URL names no database: postgres://USER@HOST/DATABASE", "URL 未指明数据库：postgres://USER@HOST/DATABASE"),
        ("unknown parameter \"{name}\"; the only one is site", "未知参数“{name}”；唯一的参数是 site"),
        ("site must be 1 to 64 letters, digits, '.', '-' or '_'", "site 必须是 1 至 64 个字母、数字、'.'、'-' 或 '_'"),
        ("file is not a database", "文件不是数据库"),
        ("database disk image is malformed", "数据库文件已损坏"),
        ("unable to open database file", "无法打开数据库文件"),
        ("attempt to write a readonly database", "试图写入只读数据库"),
        ("it is a directory", "它是一个目录"),
        ("No such file or directory", "没有此文件或目录"),
        ("Permission denied", "权限不足"),
    ]

    /// What the log's rules refuse (`RecordRefusal`, `SignatureRefusal`, the role table).
    static let refusalMessages: [(english: String, chinese: String)] = [
        ("{role}: read-only role; may not {doing}", "{role}：只读角色；不可{doing}"),
        ("{role}: administers accounts only; may not {doing}", "{role}：仅管理账户；不可{doing}"),
        ("{role} may not {doing}: {roles} only", "{role}不可{doing}：仅限{roles}"),
        ("a nurse corrects only their own entries: event {seq} was entered by {user}", "护士只能更正本人的录入：事件 {seq} 由 {user} 录入"),
        ("a service account may only enter assessments and record clinical events, not {doing}", "服务账户只能录入评估和记录临床事件，不可{doing}"),
        ("a reason is required (at least {n} characters): the log keeps why every change was made", "必须填写原因（至少 {n} 个字符）：日志记录每次修改的原因"),
        ("a grade is 0 to 5, not {grade}", "分级为 0 至 5 级，不能是 {grade}"),
        ("there is no event {seq} to correct", "没有可更正的事件 {seq}"),
        ("there is no event {seq} to override", "没有可改判的事件 {seq}"),
        ("there is no event {seq} to sign", "没有可签名的事件 {seq}"),
        ("event {seq} is a {kind} event: only observations are corrected (grades follow from them; override a grade instead)",
         "事件 {seq} 是 {kind} 事件：只能更正观察记录（分级由观察记录得出；如需修改分级请改判）"),
        ("event {seq} is a {kind} event: override the grades event that follows an observation", "事件 {seq} 是 {kind} 事件：请改判观察记录之后的分级事件"),
        ("event {seq} concerns patient {stored}, the correction patient {given}", "事件 {seq} 属于患者 {stored}，而更正针对患者 {given}"),
        ("event {seq} has no grade for {criteria}; it has {offered}", "事件 {seq} 没有 {criteria} 的分级；其分级有 {offered}"),
        ("event {seq} has no grade for {criteria} term {term}; it has {offered}", "事件 {seq} 没有 {criteria} 条目 {term} 的分级；其分级有 {offered}"),
        ("{time} is not an ISO 8601 time with an offset", "{time} 不是带时区偏移的 ISO 8601 时间"),
        ("{kind} events are written by aegrade itself, not by hand", "{kind} 事件由 aegrade 自动写入，不能手工录入"),
        ("--data must be a JSON object", "--data 必须是 JSON 对象"),
        ("give the reason with --reason, not in --data", "请用 --reason 给出原因，不要写在 --data 中"),
        ("a death needs --data '{example}' with one of {causes}", "死亡需要 --data '{example}'，cause 为 {causes} 之一"),
        ("a signature names at least one event", "签名至少须指明一个事件"),
        ("event {seq} is named twice", "事件 {seq} 被指明了两次"),
        ("event {seq} is a signature: a signature signs content, not another signature", "事件 {seq} 是签名：签名针对内容，而非另一个签名"),
        ("event {seq} is the genesis event: there is no content to sign", "事件 {seq} 是创世事件：没有可签名的内容"),
        ("event {seq} was written by {user}: one signs as author only one's own entries", "事件 {seq} 由 {user} 写入：作者签名只能签本人的录入"),
        ("event {seq} is a {kind} event, which aegrade computes: sign the entry it follows", "事件 {seq} 是 aegrade 计算得出的 {kind} 事件：请签署其所依据的录入"),
        ("{role} signs nothing; '{meaning}' is signed by {roles} only", "{role}不签署任何内容；“{meaning}”仅限{roles}签署"),
        ("{role} may not sign '{meaning}': {roles} only", "{role}不可签署“{meaning}”：仅限{roles}"),
        ("the override of {criteria} to {grade} (event {seq}, by {user}) lapses with this correction; if it still stands, override grades event {new} again",
         "{criteria} 改判为 {grade} 级（事件 {seq}，{user} 所作）随本次更正失效；如仍成立，请对分级事件 {new} 重新改判"),
        ("the override of {criteria} term {term} to {grade} (event {seq}, by {user}) lapses with this correction; if it still stands, override grades event {new} again",
         "{criteria} 条目 {term} 改判为 {grade} 级（事件 {seq}，{user} 所作）随本次更正失效；如仍成立，请对分级事件 {new} 重新改判"),
    ]

    /// Sign-in and account administration (`SignInError`, the account refusals, key files).
    static let accountMessages: [(english: String, chinese: String)] = [
        ("this log has no accounts yet: run aegrade log init --db FILE --admin ID --name \"FULL NAME\"",
         "此日志尚无账户：请运行 aegrade log init --db FILE --admin ID --name \"FULL NAME\""),
        ("user id or password is wrong", "用户名或密码错误"),
        ("the service key does not match its account", "服务密钥与其账户不符"),
        ("account {user} is locked after {n} failed sign-ins: an administrator must reset its password", "账户 {user} 因连续 {n} 次登录失败已锁定：须由系统管理员重置密码"),
        ("account {user} is deactivated", "账户 {user} 已停用"),
        ("{user} signs in with a one-time secret: set your own password first (aegrade user passwd --user {again})",
         "{user} 使用一次性密码登录：请先设置本人密码（aegrade user passwd --user {again}）"),
        ("{user} does not hold the role {role}", "{user} 不具有{role}角色"),
        ("{user} does not hold the role {role} (holds {roles})", "{user} 不具有{role}角色（具有：{roles}）"),
        ("{user} holds several roles ({roles}): choose one with --role", "{user} 具有多个角色（{roles}）：请用 --role 选择其一"),
        ("{user} holds no role", "{user} 没有任何角色"),
        ("{user} is a service account: it signs in with --key FILE", "{user} 是服务账户：须用 --key FILE 登录"),
        ("{user} is a person's account: it signs in with --user {again} and a password", "{user} 是个人账户：须用 --user {again} 和密码登录"),
        ("this log already has accounts: an administrator adds users with aegrade user add", "此日志已有账户：请由系统管理员用 aegrade user add 添加用户"),
        ("the new password must differ from the one it replaces", "新密码必须与原密码不同"),
        ("a user id must not be empty", "用户名不能为空"),
        ("user id {user}: {reason}", "用户名 {user}：{reason}"),
        ("name: a printed full name is required", "name：必须填写打印用全名"),
        ("a user id is at most {n} characters", "用户名最多 {n} 个字符"),
        ("a user id holds only a-z, 0-9, '.', '_' and '-'", "用户名只能包含 a-z、0-9、'.'、'_' 和 '-'"),
        ("a password has at least {n} characters", "密码至少 {n} 个字符"),
        ("a password holds no control characters", "密码不能含控制字符"),
        ("a password must not be the user id", "密码不能与用户名相同"),
        ("{user} is not an account of this log", "{user} 不是此日志的账户"),
        ("an account needs at least one role", "账户至少需要一个角色"),
        ("the role system is aegrade's own", "system 角色为 aegrade 专用"),
        ("user id {user} is taken (user ids are never reused, even after deactivation)", "用户名 {user} 已被占用（用户名永不重复使用，停用后亦然）"),
        ("a service account only enters data: the role {role} would give it nothing to do", "服务账户只录入数据：{role}角色对它没有用处"),
        ("{user} is already deactivated", "{user} 已停用"),
        ("{user} is active", "{user} 处于启用状态"),
        ("{user} already holds the role {role}", "{user} 已具有{role}角色"),
        ("{user} is a service account: issue it a new key instead", "{user} 是服务账户：请改为签发新密钥"),
        ("{user} is a person's account: reset its password instead", "{user} 是个人账户：请改为重置其密码"),
        ("there is no account {user}", "没有账户 {user}"),
        ("{user} is the last active administrator: grant another account the role first", "{user} 是最后一位在用的系统管理员：请先将该角色授予另一账户"),
        ("{user} is a service account; a signature is a person's", "{user} 是服务账户；签名只能由个人作出"),
        ("--key {path}: not a regular file", "--key {path}：不是普通文件"),
        ("{path} exists: the demo never writes over a log or a protocol; give an empty or new directory", "{path} 已存在：演示从不覆盖日志或方案；请指定空目录或新目录"),
        ("--key {path}: owned by another user", "--key {path}：属于另一用户"),
        ("--key {path}: not an aegrade service key", "--key {path}：不是 aegrade 服务密钥"),
        ("--key {path}: {detail}", "--key {path}：{detail}"),
        ("the signing key registered for {user} is not this key file's: an administrator must issue a new key", "{user} 登记的签名密钥与此密钥文件不符：须由系统管理员签发新密钥"),
    ]

    /// The input checks of an assessment and of typed text (`InputError`, `TextInput`): the field
    /// path before the message stays English (it is the JSON's key).
    static let inputMessages: [(english: String, chinese: String)] = [
        ("{field}: {message}", "{field}：{message}"),
        ("required", "必填"),
        ("unknown field {key}", "未知字段 {key}"),
        ("expected an object, found {type}", "应为对象，实际为 {type}"),
        ("expected a string, found {type}", "应为字符串，实际为 {type}"),
        ("expected true or false, found {type}", "应为 true 或 false，实际为 {type}"),
        ("expected a number, found {type}", "应为数字，实际为 {type}"),
        ("expected an array, found {type}", "应为数组，实际为 {type}"),
        ("{value} is not a whole number from {low} to {high}", "{value} 不是 {low} 至 {high} 之间的整数"),
        ("{value} is not one of {allowed}", "{value} 不是 {allowed} 之一"),
        ("{value} is not an ISO 8601 time with a UTC offset, such as 2026-11-22T08:00:00+08:00", "{value} 不是带 UTC 偏移的 ISO 8601 时间，例如 2026-11-22T08:00:00+08:00"),
        ("{value} is not possible: expected {range}", "{value} 不可能：应为 {range}"),
        ("must not be empty", "不能为空"),
        ("must not be negative", "不能为负数"),
        ("contains {name}, a character that does not show (character {n}); type the id without it", "含有不可见字符 {name}（第 {n} 个字符）；请去掉该字符后输入编号"),
        ("contains the control character {name} at character {n}; only line breaks (\\n) and tabs are allowed in a text",
         "第 {n} 个字符是控制字符 {name}；文本中只允许换行（\\n）和制表符"),
        ("contains the control character {name} at character {n}; it is not allowed here", "第 {n} 个字符是控制字符 {name}；此处不允许"),
        ("unexpected end of input", "输入意外结束"),
        ("unexpected character", "意外的字符"),
        ("invalid number", "无效的数字"),
    ]
}

extension Catalogue {
    /// swift-argument-parser's own usage errors (a missing, unknown or invalid option) and the
    /// line that points at the help; the option as the user typed it.
    static let usageMessages: [(english: String, chinese: String)] = [
        ("Missing expected argument '{argument}'", "缺少参数 '{argument}'"),
        ("Unknown option '{option}'", "未知选项 '{option}'"),
        ("Unknown option '{option}'. Did you mean '{suggestion}'?", "未知选项 '{option}'。是否想输入 '{suggestion}'？"),
        ("The value '{value}' is invalid for '{option}'", "值 '{value}' 不适用于 '{option}'"),
        ("The value '{value}' is invalid for '{option}'. Please provide one of {choices}.", "值 '{value}' 不适用于 '{option}'。请给出 {choices} 之一。"),
        ("  See '{command}' for more information.", "  详见 '{command}'。"),
    ]
}

extension Catalogue {
    /// A criteria directory that cannot be loaded as a set (`--criteria-dir`). The errors inside a
    /// criteria file are for the criteria's authors and reviewers and stay English (README, "简体中文").
    static let criteriaSetMessages: [(english: String, chinese: String)] = [
        ("{path}: cannot read the directory", "{path}：无法读取该目录"),
        ("{path}: no criteria files (*.yaml)", "{path}：没有分级标准文件（*.yaml）"),
        ("{path}: cannot read the file", "{path}：无法读取该文件"),
    ]
}
