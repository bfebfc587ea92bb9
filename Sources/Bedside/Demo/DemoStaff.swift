import Clinical
import EventLog
import Grading
import Localization

/// The demo's accounts: an administrator, the principal investigator, a physician, two nurses and a
/// monitor. The demo makes them as a site would — the first administrator with `log init`'s
/// step, the others by that administrator — signs each in through the ``Authenticator`` to write
/// the history as them, and at the end the administrator resets every password, so that each
/// person is handed a one-time password and sets their own at the first sign-in (C-SIG-6).
enum DemoStaff {
    struct Member {
        let id: String
        let name: String
        let role: Role
    }

    static var administrator: Member { Member(id: "admin.zhou", name: localized("Zhou Min"), role: .administrator) }
    static var investigator: Member { Member(id: "dr.chen", name: localized("Chen Hui"), role: .principalInvestigator) }
    static var physician: Member { Member(id: "dr.wang", name: localized("Wang Lei"), role: .physician) }
    static var dayNurse: Member { Member(id: "nurse.li", name: localized("Li Na"), role: .nurse) }
    static var nightNurse: Member { Member(id: "nurse.zhang", name: localized("Zhang Wei"), role: .nurse) }
    static var monitor: Member { Member(id: "monitor.liu", name: localized("Liu Yang"), role: .monitor) }

    /// Everyone but the administrator, in the order they are made and listed.
    static var others: [Member] { [investigator, physician, dayNurse, nightNurse, monitor] }

    /// The accounts, signed in: the administrator, and each other member by id.
    struct SignedInStaff {
        let administrator: SignedIn
        let members: [String: SignedIn]
    }

    /// Makes the accounts on `store` and signs each in (each member sets a password of its own,
    /// random and never shown, replaced by the reset at the end).
    static func create(on store: any EventStore, criteria: CriteriaSet) throws -> SignedInStaff {
        let authenticator = Authenticator(store: store)
        let setup = PasswordHashing.oneTimeSecret()
        try authenticator.createFirstAdministrator(id: administrator.id, name: administrator.name, password: setup)
        let admin = try authenticator.signIn(user: administrator.id, password: setup, role: administrator.role)
        let recorder = LogRecorder(store: store, criteria: criteria, signedIn: admin)
        var members: [String: SignedIn] = [:]
        for member in others {
            let change = try recorder.addUser(id: member.id, name: member.name, roles: [member.role], kind: .person)
            guard let secret = change.oneTimeSecret else { throw DemoError.stepRejected("no one-time password for \(member.id) (a bug in the demo)") }
            members[member.id] = try authenticator.setOwnPassword(user: member.id, current: secret, new: PasswordHashing.oneTimeSecret(),
                                                                  role: member.role)
        }
        return SignedInStaff(administrator: admin, members: members)
    }

    /// The laboratory's import account: a service account (`record --key`), as a site would keep for
    /// results that arrive from its laboratory system without anyone at a keyboard.
    static var laboratory: Member { Member(id: "lab.import", name: localized("Laboratory import"), role: .nurse) }

    /// Creates the laboratory's service account; its key, to be written to a file of mode 0600.
    static func importKey(_ staff: SignedInStaff, on store: any EventStore, criteria: CriteriaSet) throws -> ServiceKey {
        let recorder = LogRecorder(store: store, criteria: criteria, signedIn: staff.administrator)
        guard let key = try recorder.addUser(id: laboratory.id, name: laboratory.name, roles: [laboratory.role], kind: .service).key else {
            throw DemoError.stepRejected("no key for \(laboratory.id) (a bug in the demo)")
        }
        return key
    }

    /// The administrator resets every password, theirs last: the one-time passwords to hand over.
    static func handOver(_ staff: SignedInStaff, on store: any EventStore, criteria: CriteriaSet) throws -> [DemoTrial.Handover] {
        let recorder = LogRecorder(store: store, criteria: criteria, signedIn: staff.administrator)
        var handovers: [DemoTrial.Handover] = []
        for member in others + [administrator] {
            guard let secret = try recorder.resetPassword(user: member.id).oneTimeSecret else {
                throw DemoError.stepRejected("no one-time password for \(member.id) (a bug in the demo)")
            }
            handovers.append(DemoTrial.Handover(user: member.id, name: member.name, role: member.role, oneTimePassword: secret))
        }
        // The administrator first, as a site sets up: they hand the others theirs.
        return [handovers[handovers.count - 1]] + handovers.dropLast()
    }
}
