//! The entitlement catalogue of IBM Security Verify API clients, as published with the
//! `POST /v1.0/apiclients` operation (seed 000: name, description, offerings).
//!
//! Used to validate `entitlements` at plan time and to suggest the closest names on a typo. The
//! descriptions are kept as the seed page gives them (a partly translated copy of IBM's table).
//! Offerings: `any`, CIC (consumer IAM), CIV (Verify), CIA (adaptive access), CIG (governance),
//! ISC (subscriptions). A tenant may know entitlements newer than this table, so callers should
//! warn rather than fail on an unknown name.

/// One entitlement of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entitlement {
    pub name: &'static str,
    pub description: &'static str,
    pub offerings: &'static [&'static str],
}

/// Every entitlement of the catalogue, in the vendor's order.
pub const ENTITLEMENTS: &[Entitlement] = &[
    Entitlement {
        name: "manageDeployment",
        description: "Manage deployment",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageCerts",
        description: "Manage certificates",
        offerings: &["any"],
    },
    Entitlement {
        name: "readCerts",
        description: "Read certificates",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageAPIClients",
        description: "Manage API clients",
        offerings: &["any"],
    },
    Entitlement {
        name: "readAPIClients",
        description: "Read API clients",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageIdentitySources",
        description: "Manage identité providers",
        offerings: &["any"],
    },
    Entitlement {
        name: "readIdentitySources",
        description: "Read identité providers",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageMFAMethods",
        description: "Manage méthode d'authentification à deuxième facteur configuration",
        offerings: &["CIC"],
    },
    Entitlement {
        name: "readMFAMethods",
        description: "Read méthode d'authentification à deuxième facteur configuration",
        offerings: &["CIC"],
    },
    Entitlement {
        name: "manageEnrollMFAMethodAnyUser",
        description: "Manage inscription à l'authentification à deuxième facteur pour tous users",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "readEnrollMFAMethodAnyUser",
        description: "Read inscription à l'authentification à deuxième facteur pour tous inscription à l'authentification à deuxième facteur pour tous inscription à l'authentification à deuxième facteur pour tous factor authentication enrollment for all users",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "authnAnyUser",
        description: "Authenticate any user",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "manageAuthenticatorsConfig",
        description: "Manage authenticator configuration",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "readAuthenticatorsConfig",
        description: "Read authenticator configuration",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "manageAuthenticatorsAnyUser",
        description: "Manage authenticator registrations for all users",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "readAuthenticatorsAnyUser",
        description: "Read authenticator registrations for all users",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "manageUserGroups",
        description: "Manage users and groups",
        offerings: &["any"],
    },
    Entitlement {
        name: "readUserGroups",
        description: "Read users and groups",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageAllUserGroups",
        description: "Synchronize users and groups",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageUsersPwdReset",
        description: "Manage users and their pwdReset attribute",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageUserStandardGroups",
        description: "Manage users and standard groups",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageAdminGroup",
        description: "Manage administrator group",
        offerings: &["any"],
    },
    Entitlement {
        name: "readAdminGroup",
        description: "Read administrateur group",
        offerings: &["any"],
    },
    Entitlement {
        name: "managePwdPolicy",
        description: "Manage mot de passe policy",
        offerings: &["any"],
    },
    Entitlement {
        name: "readPwdPolicy",
        description: "Read mot de passe policy",
        offerings: &["any"],
    },
    Entitlement {
        name: "AnalyticsDataSyncToCloud",
        description: "",
        offerings: &["CIA"],
    },
    Entitlement {
        name: "AnalyticsSatelliteOnBoard",
        description: "",
        offerings: &["CIA"],
    },
    Entitlement {
        name: "manageOIDCGrants",
        description: "Manage OAuth tokens",
        offerings: &["any"],
    },
    Entitlement {
        name: "readOIDCGrants",
        description: "Read OAuth tokens",
        offerings: &["any"],
    },
    Entitlement {
        name: "recoverUsername",
        description: "Recover utilisateur name",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageFederations",
        description: "Manage fédérations",
        offerings: &["any"],
    },
    Entitlement {
        name: "readFederations",
        description: "Read fédérations",
        offerings: &["any"],
    },
    Entitlement {
        name: "resetPassword",
        description: "Reset mot de passe",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageAppAccessAdmin",
        description: "Manage application lifecycle",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageAppAccessOwner",
        description: "Manage application entitlements",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageSubscriptions",
        description: "Manage subscriptions",
        offerings: &["ISC"],
    },
    Entitlement {
        name: "manageAccessPolicies",
        description: "Manage accès policies",
        offerings: &["any"],
    },
    Entitlement {
        name: "readAccessPolicies",
        description: "Read accès policies",
        offerings: &["any"],
    },
    Entitlement {
        name: "managePushCreds",
        description: "Manage notification push credentials",
        offerings: &["any"],
    },
    Entitlement {
        name: "readPushCreds",
        description: "Read notification push credentials",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageAccessRequest",
        description: "Manage accès request",
        offerings: &["CIG"],
    },
    Entitlement {
        name: "manageAccessWorkflow",
        description: "Manage demande d'accès travail flows",
        offerings: &["CIG"],
    },
    Entitlement {
        name: "manageOIDCConsents",
        description: "Manage OAuth consents",
        offerings: &["any"],
    },
    Entitlement {
        name: "readOIDCConsents",
        description: "Read OAuth consents",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageReports",
        description: "Manage rapports",
        offerings: &["any"],
    },
    Entitlement {
        name: "readReports",
        description: "Read reports",
        offerings: &["any"],
    },
    Entitlement {
        name: "updateAnyUser",
        description: "Update tout user",
        offerings: &["any"],
    },
    Entitlement {
        name: "resetPasswordAnyUser",
        description: "Reset mot de passe de tout user",
        offerings: &["any"],
    },
    Entitlement {
        name: "readTenantProperties",
        description: "Read locataire properties",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageTenantProperties",
        description: "Manage locataire properties",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageAttributes",
        description: "Manage attribut sources",
        offerings: &["any"],
    },
    Entitlement {
        name: "readAttributes",
        description: "Read attribut sources",
        offerings: &["any"],
    },
    Entitlement {
        name: "generateOTP",
        description: "Generate OTP",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "readAppConfig",
        description: "Read application configuration",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageTemplates",
        description: "Manage modèles et themes",
        offerings: &["any"],
    },
    Entitlement {
        name: "readTemplates",
        description: "Read modèles et themes",
        offerings: &["any"],
    },
    Entitlement {
        name: "reviewCertRecords",
        description: "Review certification records",
        offerings: &["CIG"],
    },
    Entitlement {
        name: "readEntitlements",
        description: "Read configurable entitlements",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageNotificationProviders",
        description: "Manage notification providers",
        offerings: &["any"],
    },
    Entitlement {
        name: "readNotificationProviders",
        description: "Read notification providers",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageCertifications",
        description: "Manage certifications",
        offerings: &["CIG"],
    },
    Entitlement {
        name: "readExternalAgents",
        description: "Read externe agents",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageExternalAgents",
        description: "Manage externe agents",
        offerings: &["any"],
    },
    Entitlement {
        name: "runExternalAgent",
        description: "Enable agent externe runtime functions",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageOidcDynamicClient",
        description: "Manage OIDC enregistrement du client dynamically",
        offerings: &["any"],
    },
    Entitlement {
        name: "readPurpose",
        description: "Read objectifs de confidentialité et EULA",
        offerings: &["any"],
    },
    Entitlement {
        name: "managePurpose",
        description: "Manage objectifs de confidentialité et EULA",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageAppPurpose",
        description: "Manage confidentialité de l'application purposes",
        offerings: &["any"],
    },
    Entitlement {
        name: "readPrivacyConsent",
        description: "Read confidentialité consents",
        offerings: &["any"],
    },
    Entitlement {
        name: "managePrivacyConsent",
        description: "Manage confidentialité consents",
        offerings: &["any"],
    },
    Entitlement {
        name: "readPrivacyPolicy",
        description: "Read règles de confidentialité et policy",
        offerings: &["any"],
    },
    Entitlement {
        name: "managePrivacyPolicy",
        description: "Manage règles de confidentialité et policy",
        offerings: &["any"],
    },
    Entitlement {
        name: "createPrivacyConsent",
        description: "Create consentement à la confidentialité records",
        offerings: &["any"],
    },
    Entitlement {
        name: "performDSP",
        description: "Retrieve objectifs de confidentialité et consent",
        offerings: &["any"],
    },
    Entitlement {
        name: "performDUA",
        description: "Check de l'utilisateur associé pour l'utilisation des données approval",
        offerings: &["any"],
    },
    Entitlement {
        name: "certCampaignSupervisor",
        description: "Monitor certification campaigns",
        offerings: &["CIG"],
    },
    Entitlement {
        name: "managePwdVaultAnyUser",
        description: "Manage coffre-fort des mots de passe pour tous les utilisateurs",
        offerings: &["CIC", "CIV"],
    },
    Entitlement {
        name: "managePwdVault",
        description: "Manage propre coffre-fort à mot de passe",
        offerings: &["CIC", "CIV"],
    },
    Entitlement {
        name: "readPwdVaultAnyUser",
        description: "Read coffre-fort à mot de passe pour tous les utilisateurs",
        offerings: &["CIC", "CIV"],
    },
    Entitlement {
        name: "readPwdVault",
        description: "Read propre coffre-fort à mot de passe",
        offerings: &["CIC", "CIV"],
    },
    Entitlement {
        name: "managePwdVaultConfig",
        description: "Manage configuration du coffre-fort à mot de passe",
        offerings: &["CIC", "CIV"],
    },
    Entitlement {
        name: "readPwdVaultConfig",
        description: "Read configuration du coffre-fort à mot de passe",
        offerings: &["CIC", "CIV"],
    },
    Entitlement {
        name: "mfaPush",
        description: "Send second-factor push notifications",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "readPrivacyProfile",
        description: "Read privacy profiles",
        offerings: &["any"],
    },
    Entitlement {
        name: "managePrivacyProfile",
        description: "Manage privacy profiles",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageEntitlements",
        description: "Manage entitlements",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageDevicesAnyUser",
        description: "Manage devices for all users",
        offerings: &["any"],
    },
    Entitlement {
        name: "readDevicesAnyUser",
        description: "Read devices for all users",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageDevices",
        description: "Manage only your devices",
        offerings: &["any"],
    },
    Entitlement {
        name: "readDevices",
        description: "Read only your devices",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageRecaptcha",
        description: "Manage reCAPTCHA configuration",
        offerings: &["any"],
    },
    Entitlement {
        name: "readRecaptcha",
        description: "Read reCAPTCHA configuration",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageLoginSessions",
        description: "Manage login sessions",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageRelyingParty",
        description: "Manage relying party configuration",
        offerings: &["any"],
    },
    Entitlement {
        name: "readRelyingParty",
        description: "Read relying party configuration",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageWebhooks",
        description: "Manage webhooks",
        offerings: &["any"],
    },
    Entitlement {
        name: "readWebhooks",
        description: "Read webhooks",
        offerings: &["any"],
    },
    Entitlement {
        name: "readSTSClients",
        description: "Read STS clients and token types",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageSTSClients",
        description: "Manage STS clients and token types",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageVerifiableLinks",
        description: "Manage verifiable links configuration",
        offerings: &["any"],
    },
    Entitlement {
        name: "readSelfOidcGrants",
        description: "Read votre OIDC et l'OAuth votre OIDC et l'OAuth votre OIDC et l'OAuth votre OIDC et l'OAuth votre OIDC et l'OAuth OAuth grants",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageSelfOidcGrants",
        description: "Manage votre OIDC et OAuth grants",
        offerings: &["any"],
    },
    Entitlement {
        name: "diManageAgency",
        description: "Manage Agence d'identité décentralisée Configuration",
        offerings: &["any"],
    },
    Entitlement {
        name: "diReadAgency",
        description: "Read Agence d'identité décentralisée Configuration",
        offerings: &["any"],
    },
    Entitlement {
        name: "diManageAgentsAny",
        description: "Manage Identité décentralisée Agents",
        offerings: &["any"],
    },
    Entitlement {
        name: "diReadAgentsAny",
        description: "Read Identité décentralisée Agents",
        offerings: &["any"],
    },
    Entitlement {
        name: "manageMyOrg",
        description: "Manage mon organization",
        offerings: &["CIG"],
    },
    Entitlement {
        name: "diIssueCredentials",
        description: "Issue Identité décentralisée vérifiable Credentials",
        offerings: &["CIV"],
    },
    Entitlement {
        name: "diVerifyCredentials",
        description: "Verify Identité décentralisée vérifiable Credentials",
        offerings: &["CIV"],
    },
];

/// The catalogue entry of `name` (exact, case-sensitive as the API is).
pub fn lookup(name: &str) -> Option<&'static Entitlement> {
    ENTITLEMENTS
        .iter()
        .find(|entitlement| entitlement.name == name)
}

/// Up to three catalogue names closest to `name`, best first, for "did you mean" messages.
/// Case differences count as close (`manageApiClients` suggests `manageAPIClients`).
pub fn closest(name: &str) -> Vec<&'static str> {
    let wanted = name.to_lowercase();
    let mut scored: Vec<(f64, &'static str)> = ENTITLEMENTS
        .iter()
        .map(|entitlement| {
            (
                strsim::jaro_winkler(&wanted, &entitlement.name.to_lowercase()),
                entitlement.name,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    // Names sharing only the "manage"/"read" prefix score high too: when one name is clearly
    // the best, suggest it alone rather than burying it among look-alikes.
    let best = scored.first().map_or(0.0, |(score, _)| *score);
    scored
        .into_iter()
        .take_while(|(score, _)| best - score <= CLOSE_SCORE_MARGIN)
        .take(3)
        .map(|(_, name)| name)
        .collect()
}

/// How far below the best score a suggestion may be and still be offered.
const CLOSE_SCORE_MARGIN: f64 = 0.05;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clear_best_match_is_suggested_alone() {
        assert_eq!(closest("manageAPIClient"), ["manageAPIClients"]);
        assert_eq!(closest("readUserGroup"), ["readUserGroups"]);
        assert!(closest("zzzzzz").is_empty());
    }

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = ENTITLEMENTS.iter().map(|e| e.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ENTITLEMENTS.len());
        assert!(lookup("manageAPIClients").is_some());
        assert!(lookup("manageapiclients").is_none());
    }

    #[test]
    fn closest_suggests_near_names() {
        assert_eq!(
            closest("manageApiClients").first(),
            Some(&"manageAPIClients")
        );
        assert_eq!(closest("readAPIClient").first(), Some(&"readAPIClients"));
        assert!(closest("zzzzzzzzzzzz").is_empty());
        assert!(closest("manageUserGroup").contains(&"manageUserGroups"));
    }
}
