extension Catalogue {
    /// What the demo's clinicians typed, in the language the demo is run in (`aegrade demo`):
    /// staff names, treatment doses and reasons, the protocol's title and rule descriptions. The
    /// demo's history is synthetic; in Chinese it reads as a Chinese site's log would.
    static let demo: [(english: String, chinese: String)] = [
        // Staff
        ("Zhou Min", "周敏"),
        ("Chen Hui", "陈辉"),
        ("Wang Lei", "王磊"),
        ("Li Na", "李娜"),
        ("Zhang Wei", "张伟"),
        ("Liu Yang", "刘洋"),
        ("Laboratory import", "检验科导入"),
        // Treatments
        ("8 mg/kg IV", "8 mg/kg 静脉滴注"),
        ("8 mg/kg IV, second dose", "8 mg/kg 静脉滴注，第二剂"),
        ("10 mg IV q6h", "10 mg 静脉注射，每 6 小时一次"),
        ("10 mg IV once", "10 mg 静脉注射，单次"),
        ("1 g IV daily", "1 g 静脉滴注，每日一次"),
        ("1 g IV daily for 3 days", "1 g 静脉滴注，每日一次，共 3 天"),
        ("CRS grade 2: hypotension responding to fluids", "CRS 2 级：低血压，补液有效"),
        ("CRS grade 2 needing oxygen", "CRS 2 级，需吸氧"),
        ("CRS grade 3 on norepinephrine", "CRS 3 级，使用去甲肾上腺素"),
        ("CRS grade 4", "CRS 4 级"),
        ("CRS grade 4 on two vasopressors", "CRS 4 级，使用两种升压药"),
        ("CRS grade 2", "CRS 2 级"),
        ("ICANS grade 2", "ICANS 2 级"),
        ("ICANS grade 3", "ICANS 3 级"),
        ("ICANS grade 2 (override)", "ICANS 2 级（改判）"),
        ("awakens only to voice on neurology review; consciousness not charted in this entry", "神经科会诊时仅呼唤可觉醒；本条录入未记录意识水平"),
        ("T-cell expansion below the release specification", "T 细胞扩增未达放行标准"),
        ("temperature mistyped: {typed} entered, {measured} measured", "体温录入错误：录入 {typed}，实测 {measured}"),
        ("eligible; informed consent signed", "符合入组条件；已签署知情同意书"),
        ("{n}×10^6 CAR+ T cells/kg", "{n}×10^6 CAR+ T 细胞/kg"),
        ("infusion per protocol, cohort {cohort}", "按方案回输，剂量组 {cohort}"),
        // The protocol
        ("Anti-CD19 CAR-T cells in relapsed or refractory B-cell lymphoma (synthetic demo)", "抗 CD19 CAR-T 细胞治疗复发或难治性 B 细胞淋巴瘤（合成演示）"),
        ("ASTCT 2019 CRS grade 3 or more within the DLT window", "DLT 观察期内 ASTCT 2019 CRS ≥3 级"),
        ("ASTCT 2019 ICANS grade 3 or more within the DLT window", "DLT 观察期内 ASTCT 2019 ICANS ≥3 级"),
        ("Any grade 5 toxicity, at any time", "任何时间发生的任何 5 级毒性"),
        ("Death of any cause within the DLT window", "DLT 观察期内任何原因的死亡"),
        ("Replication-competent lentivirus detected", "检出具有复制能力的慢病毒（RCL）"),
        ("Any replication-competent lentivirus pauses enrolment and dosing until the DMC review", "检出任何具有复制能力的慢病毒即暂停入组和给药，直至数据监察委员会审查"),
        ("Any grade 5 toxicity pauses dosing", "任何 5 级毒性即暂停给药"),
        ("Two DLTs among the first three evaluable subjects", "前 3 例可评价受试者中出现 2 例 DLT"),
        ("Continuous DLT monitoring, Pocock-type boundary (Ivanova et al. 2005), p0 = 0.2, alpha = 0.1",
         "DLT 连续监测，Pocock 型边界（Ivanova 等，2005），p0 = 0.2，α = 0.1"),
        ("Severe ICANS, beta-binomial with a Beta(1, 4) prior; notify when P(p > 0.2) > 0.9", "重度 ICANS，β-二项模型，先验 β(1, 4)；P(p > 0.2) > 0.9 时通报"),
        ("Within each dose cohort, the first three subjects are dosed at least 2 days apart", "每个剂量组内，前 3 例受试者给药间隔至少 2 天"),
    ]
}
