import Clinical
@testable import EventLog
import Foundation
import Localization
import Safety
import Terminal
import Testing
@testable import Bedside

/// The screens beyond the board in Simplified Chinese (issue 18): sign-in, timeline, rules (with
/// its dose finding), replay, signatures and the refusals on the way, each drawn whole at 80×24
/// and 120×40 with no character cut, and the text report's lines.
@Suite struct ScreensInChineseTests {
    static func inChinese<T>(_ body: () throws -> T) rethrows -> T { try Localization.$scoped.withValue(.simplifiedChinese, operation: body) }

    /// The frame of `screen` over the board, in Chinese, checked for cut characters and width.
    static func frame(_ screen: any Screen, _ context: BedsideContext, width: Int, height: Int) -> [String] {
        let buffer = inChinese { BedsideApp.frame(stack: [TriageBoardScreen(context: context), screen], context: context, width: width, height: height) }
        #expect(buffer.invariantViolations.isEmpty)
        #expect(buffer.lines.allSatisfy { $0.displayWidth <= width })
        return buffer.lines
    }

    @Test(arguments: DemoFixture.sizes) func theSignInScreenAndItsRefusals(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let screen = SignInScreen(purpose: .start, user: "nurse.li")
        let lines = Self.frame(screen, context, width: size.width, height: size.height)
        let text = lines.joined(separator: "\n")
        for words in ["登录床旁看板。", "用户名", "密码", "Tab 下一个字段  Enter 登录  Ctrl-C 退出"] { #expect(text.contains(words), "\(words):\n\(text)") }
        // The labels are padded by display width: the values start in one column.
        let user = try #require(lines.first { $0.contains("用户名") }), password = try #require(lines.first { $0.contains("密码") && !$0.contains("用户名") })
        #expect(String(user[..<user.range(of: "nurse.li")!.lowerBound]).displayWidth == String(password[..<password.range(of: "_")!.lowerBound]).displayWidth)
        // A wrong password is refused without saying which of the two was wrong.
        _ = Self.inChinese { screen.handle(.enter, context: context) }
        #expect(screen.notice?.text == "请输入用户名和密码。")
        let locked = SignInScreen(purpose: .locked(SignedIn.unauthenticated(Author(id: "nurse.li", role: .nurse))))
        let lockedText = Self.frame(locked, context, width: size.width, height: size.height).joined(separator: "\n")
        #expect(lockedText.contains("看板已锁定：患者数据已隐藏。") && lockedText.contains("nurse.li 登录将回到锁定前的界面"))
    }

    @Test func everyRuleANewPasswordIsRefusedByIsTranslated() {
        var rules: [String] = []
        for (password, user) in [("short", "nurse.li"), ("with\u{01}control-character", "nurse.li"), ("nurse.li.longer", "NURSE.LI.LONGER")] {
            do { try Authenticator.checkNewPassword(password, user: user) } catch {
                if case .weakPassword(let rule) = error { rules.append(rule) }
            }
        }
        rules.append("the new password must differ from the one it replaces")
        #expect(rules.count == 4)
        for rule in rules {
            let chinese = Self.inChinese { SignInScreen.localizedRule(rule) }
            #expect(chinese != rule && !chinese.contains { $0.isASCII && $0.isLetter }, "\(rule) → \(chinese)")
        }
    }

    @Test func aRoleIsRefusedInChineseByTheSameTable() {
        #expect(Self.inChinese { Role.nurse.localizedRefusal(.overrideGrade) } == "护士不可改判分级：仅限医生、主要研究者")
        #expect(Self.inChinese { Role.monitor.localizedRefusal(.enterAssessment) } == "监查员：只读角色；不可录入评估")
        #expect(Self.inChinese { Role.physician.localizedRefusal(.overrideGrade) } == nil)
        #expect(Role.nurse.localizedRefusal(.overrideGrade) == Role.nurse.refusal(.overrideGrade))
    }

    @Test(arguments: DemoFixture.sizes) func theTimelineSpeaksChinese(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let screen = Self.inChinese { PatientTimelineScreen(patient: "P-002", context: context) }
        let text = Self.frame(screen, context, width: size.width, height: size.height).joined(separator: "\n")
        for words in ["时间线 P-002", "剂量组 DL1", "最高分级 CRS", "次评估", "日期", "体温", "每次评估一个字符"] {
            #expect(text.contains(words), "\(words):\n\(text)")
        }
        // The events: a treatment by its Chinese name, the drugs of an episode too.
        let all = Self.inChinese { PatientTimelineView.document(screen.state.timeline, width: size.width, colors: false).lines.map(\.text) }
            .joined(separator: "\n")
        #expect(all.contains("事件") && all.contains("发作期") && all.contains("治疗 托珠单抗") && all.contains("峰值"), "\(all)")
        #expect(!all.contains("treatment ") && !all.contains("assessment "), "\(all)")
    }

    @Test(arguments: DemoFixture.sizes) func theRulesScreenSpeaksChinese(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let lines = Self.frame(RulesScreen(context: context), context, width: size.width, height: size.height)
        let text = lines.joined(separator: "\n")
        #expect(lines[2].contains("DEMO-CART-01 · 受试者 8 例 · 已回输 6 例 · 可评价 2 例 · 未治疗 1 例"), "\(lines[2])")
        #expect(lines[3].contains("状态  ⚠ 已暂停 — 暂停入组 · 已触发：sentinel-dlt"), "\(lines[3])")
        #expect(text.contains("2/≥2，前 3 例可评价受试者中（目前 2 例）"), "\(text)")
        let screen = RulesScreen(context: context)
        let document = Self.inChinese { RulesView.document(screen.state, width: size.width, colors: false).lines.map(\.text) }
            .joined(separator: "\n")
        for words in ["规则", "给药", "下一例允许给药时间：", "未治疗（1）", "制备失败：", "已触发 → 暂停入组"] {
            #expect(document.contains(words), "\(words):\n\(document)")
        }
    }

    @Test func theDoseFindingSectionSpeaksChinese() {
        let stop = Self.inChinese { DoseFindingStop.threePlusThree(recommend: nil).localizedText }
        #expect(stop == "3+3：无可耐受剂量")
        #expect(Self.inChinese { ThreePlusThree.Step.oneOfThree.localizedText } == "3 例中 1 例发生 DLT：本剂量再入组 3 例")
        #expect(Self.inChinese { DoseEscalationStatus.Hold.paused(["sentinel-dlt"]).localizedText } == "试验因停止规则暂停（sentinel-dlt）")
        // The JSON's English is untouched by the language.
        #expect(Self.inChinese { DoseFindingStop.threePlusThree(recommend: nil).text } == "3+3: no dose is tolerated")
    }

    @Test(arguments: DemoFixture.sizes) func theReplaySpeaksChinese(size: (width: Int, height: Int)) throws {
        let context = try DemoFixture.context()
        let screen = Self.inChinese { ReplayScreen(context: context) }
        let text = Self.frame(screen, context, width: size.width, height: size.height).joined(separator: "\n")
        for words in ["回放 截至事件 #", "校验：通过", "当时的规则：", "截至事件 #"] { #expect(text.contains(words), "\(words):\n\(text)") }
    }

    @Test func theTrialStatusAndSignaturesOfTheReportFollowTheLanguage() throws {
        let context = try DemoFixture.context()
        let status = try #require(context.status)
        let lines = Self.inChinese { status.textLines }
        #expect(lines[0].hasPrefix("试验 DEMO-CART-01，截至 ") && lines[0].contains("已暂停 — 已触发：sentinel-dlt"), "\(lines)")
        #expect(lines.contains { $0.contains("已回输 6 例，可评价 2 例，未治疗 1 例：P-007（制备失败：") }, "\(lines)")
        #expect(status.textLines[0].contains("PAUSED — tripped: sentinel-dlt"))
        let signatures = Self.inChinese { SignatureReport.lines(context.events) }
        #expect(signatures[0] == "签名 — 每个已签名条目旁列出姓名、用户名、角色、含义及签名时间")
    }
}
