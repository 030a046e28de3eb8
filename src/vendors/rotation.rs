//! `rotate_after` and `secret_issued_at`: rotation by age, for every resource that holds a
//! secret. The state records when the current secret was issued; a plan made once it is older
//! than `rotate_after` rotates it by the resource's own path ([`RotationPath`]) and says why in a
//! warning. No second provider (`time_rotating` + `replace_triggered_by`) is needed.
//!
//! | prior `secret_issued_at` | `rotate_after` | the plan |
//! |---|---|---|
//! | any | null | no rotation by age |
//! | a time, younger than `rotate_after` (and, with an expiry, more than [`EXPIRY_LEAD`] before it) | set | no rotation |
//! | a time, as old as `rotate_after` or older | set | rotation, warning with the age and the setting |
//! | a time, with an expiry less than [`EXPIRY_LEAD`] away (Akamai `expires_on`) | set | rotation, warning with the expiry |
//! | null: unknown (an import where the vendor does not tell when the secret was made) | set | rotation, warning: an unknown age counts as overdue |
//!
//! Ages are measured on the vendor's clock (`Transport::vendor_now`, from its answers' `Date`),
//! the clock that decides when a credential expires. `secret_issued_at` is set when a secret is
//! issued: at create, at every rotation, and when a secret you choose changes.

use crate::http::{CancellationToken, RestClient};
use chrono::{DateTime, SecondsFormat, Utc};
use rand::distr::{Alphanumeric, SampleString};
use tfplugin::duration::{format_duration, parse_duration};
use tfplugin::{
    Attribute, AttributePath, Block, Context, Diagnostic, PlanChange, Sensitive, Tf, Validator,
};

/// Length of a secret the provider generates (alphanumeric: about 238 bits).
pub const GENERATED_SECRET_LENGTH: usize = 40;

/// A secret the provider generates where the vendor would otherwise (OAM's rotation, IBM
/// Verify's create): [`GENERATED_SECRET_LENGTH`] alphanumerics from the operating system's
/// CSPRNG-seeded generator.
pub fn generated_secret() -> Sensitive<String> {
    Sensitive::new(Alphanumeric.sample_string(&mut rand::rng(), GENERATED_SECRET_LENGTH))
}

pub const ROTATE_AFTER: &str = "rotate_after";
pub const ISSUED_AT: &str = "secret_issued_at";

/// How long before an expiry (Akamai's `expires_on`) a secret is rotated at the latest: a
/// Terraform run at least once a month still replaces it before it stops working.
pub const EXPIRY_LEAD: chrono::Duration = chrono::Duration::days(30);

/// How a resource rotates its secret, which its page and its plan say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RotationPath {
    /// The vendor sets a new secret on the same client (IBM Verify, OAM): an update.
    InPlace,
    /// The vendor cannot rotate (SailPoint) or a credential is for life (Akamai): a new object
    /// replaces the old one; with `create_before_destroy` the new one exists first.
    Replace,
}

impl RotationPath {
    fn sentence(self) -> &'static str {
        match self {
            RotationPath::InPlace => {
                "the secret is rotated in place: the update asks the vendor for a new one"
            }
            RotationPath::Replace => {
                "the vendor cannot rotate a secret, so a new object replaces this one (with `lifecycle { create_before_destroy = true }` the new one exists before the old one is deleted)"
            }
        }
    }
}

/// A resource's rotation by age: what its warning calls the object, and the path its schema
/// describes and its plan takes.
#[derive(Clone, Copy, Debug)]
pub struct Rotation {
    pub what: &'static str,
    pub path: RotationPath,
}

impl Rotation {
    /// A `what` whose vendor sets a new secret on the same object.
    pub const fn in_place(what: &'static str) -> Self {
        Rotation {
            what,
            path: RotationPath::InPlace,
        }
    }

    /// A `what` replaced by a new object to rotate.
    pub const fn replace(what: &'static str) -> Self {
        Rotation {
            what,
            path: RotationPath::Replace,
        }
    }
}

/// The `rotate_after` attribute, described for `path`.
pub fn rotate_after_attribute(path: RotationPath) -> Attribute {
    Attribute::string(ROTATE_AFTER)
        .optional()
        .validate(Validator::duration())
        .markdown_description(format!(
            "Rotate the secret once it is this old, such as `\"2160h\"` (90 days; units h, m, s): a plan made after that age rotates it, and says so in a warning naming the age and this setting. By this resource: {}. The age is `secret_issued_at`, measured on the vendor's clock; when it is unknown (after an import where the vendor does not tell it) the next plan rotates.",
            path.sentence()
        ))
}

/// The `secret_issued_at` attribute.
pub fn issued_at_attribute() -> Attribute {
    Attribute::string(ISSUED_AT)
        .computed()
        .use_state_for_unknown()
        .markdown_description("When the current secret was issued (RFC 3339, the vendor's clock): set at create, at every rotation and when a secret you choose changes. Null when unknown (after an import where the vendor does not tell it). `rotate_after` counts from it.")
}

/// Adds the two attributes of rotation by age, `rotate_after` (described for the resource's
/// [`RotationPath`]) and `secret_issued_at`, to a resource's schema.
pub trait WithRotationByAge {
    fn rotation_by_age(self, path: RotationPath) -> Self;
}

impl WithRotationByAge for Block {
    fn rotation_by_age(self, path: RotationPath) -> Block {
        self.attribute(rotate_after_attribute(path))
            .attribute(issued_at_attribute())
    }
}

/// A resource state with the attributes of [`WithRotationByAge::rotation_by_age`] (fields
/// `rotate_after` and `secret_issued_at`); implemented with [`age_rotated!`].
pub trait AgeRotated: Send + Sync {
    fn rotate_after(&self) -> &Tf<String>;
    fn secret_issued_at(&self) -> &Tf<String>;
    fn secret_issued_at_mut(&mut self) -> &mut Tf<String>;
    /// When the secret stops working by itself, where the vendor gives it an expiry (Akamai's
    /// `expires_on`): it is rotated [`EXPIRY_LEAD`] before.
    fn expires_on(&self) -> Option<&str> {
        None
    }
}

/// Implements [`AgeRotated`] for a state type from its `rotate_after` and `secret_issued_at`
/// fields; `age_rotated!(State, expires_on)` also reads the expiry from its `expires_on` field.
macro_rules! age_rotated {
    ($state:ty $(, $expires_on:ident)?) => {
        impl $crate::vendors::rotation::AgeRotated for $state {
            fn rotate_after(&self) -> &::tfplugin::Tf<String> {
                &self.rotate_after
            }
            fn secret_issued_at(&self) -> &::tfplugin::Tf<String> {
                &self.secret_issued_at
            }
            fn secret_issued_at_mut(&mut self) -> &mut ::tfplugin::Tf<String> {
                &mut self.secret_issued_at
            }
            $(fn expires_on(&self) -> Option<&str> {
                self.$expires_on.as_str()
            })?
        }
    };
}
pub(crate) use age_rotated;

/// `rotate_after` where the configuration chooses the secret (`client_secret`,
/// `client_secret_wo`): the provider cannot make up your secret, so it refuses the pair.
pub fn check_chosen_secret(rotate_after: &Tf<String>, chosen: Option<&str>) -> Option<Diagnostic> {
    let chosen = chosen?;
    (!rotate_after.is_null()).then(|| {
        Diagnostic::error(
            "rotate_after with a secret you choose",
            format!("rotate_after rotates a secret the vendor generates, but {chosen} supplies your own. Remove rotate_after and rotate {chosen} yourself, or remove {chosen} to let the vendor generate the secret."),
        )
        .at(AttributePath::root(ROTATE_AFTER))
    })
}

/// The "now" a plan measures ages against: the vendor's (see [`RestClient::vendor_now`]) when
/// `rotate_after` is set, else the machine's (nothing depends on it then, so nothing is asked).
async fn now_for(
    rotate_after: &Tf<String>,
    rest: &RestClient,
    cancel: &CancellationToken,
) -> DateTime<Utc> {
    if rotate_after.is_null() {
        Utc::now()
    } else {
        rest.vendor_now(cancel).await
    }
}

/// `time` as `secret_issued_at` holds it.
pub fn timestamp(time: DateTime<Utc>) -> Tf<String> {
    Tf::Known(time.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Why a secret is due for rotation.
#[derive(Clone, Debug, PartialEq)]
pub enum Due {
    /// Older than `rotate_after`.
    Age {
        issued_at: String,
        age: chrono::Duration,
        rotate_after: String,
    },
    /// Its expiry is less than [`EXPIRY_LEAD`] away.
    Expiry { expires_on: String },
    /// When it was issued is not known.
    UnknownAge { rotate_after: String },
}

/// Whether the secret issued at `issued_at` (prior state) is due for rotation at `now` under
/// `rotate_after` (configuration), with the vendor's `expires_on` where a secret has one.
pub fn due(
    issued_at: &Tf<String>,
    rotate_after: &Tf<String>,
    expires_on: Option<&str>,
    now: DateTime<Utc>,
) -> Option<Due> {
    let setting = rotate_after.as_str()?;
    let limit = parse_duration(setting).and_then(|d| chrono::Duration::from_std(d).ok())?;
    let Some(issued) = issued_at.as_str().and_then(parse) else {
        return Some(Due::UnknownAge {
            rotate_after: setting.to_owned(),
        });
    };
    let age = now - issued;
    if age >= limit {
        return Some(Due::Age {
            issued_at: issued_at.as_str().unwrap_or_default().to_owned(),
            age,
            rotate_after: setting.to_owned(),
        });
    }
    match expires_on.and_then(|text| parse(text).map(|t| (text, t))) {
        Some((text, expiry)) if expiry - now <= EXPIRY_LEAD => Some(Due::Expiry {
            expires_on: text.to_owned(),
        }),
        _ => None,
    }
}

fn age_words(age: chrono::Duration) -> String {
    // Whole seconds: the vendor's clock tells no more.
    let std = std::time::Duration::from_secs(u64::try_from(age.num_seconds()).unwrap_or(0));
    let days = age.num_days();
    if days >= 1 {
        format!("{days} days ({})", format_duration(std))
    } else {
        format_duration(std)
    }
}

impl Due {
    /// The plan's warning: what rotates, why, and how.
    pub fn warning(&self, what: &str, path: RotationPath) -> Diagnostic {
        let why = match self {
            Due::Age {
                issued_at,
                age,
                rotate_after,
            } => format!(
                "its secret was issued at {issued_at}, {} ago, and rotate_after = {rotate_after:?}",
                age_words(*age)
            ),
            Due::Expiry { expires_on } => format!(
                "its credential expires on {expires_on}, less than {} days away, and rotate_after is set: it is rotated before it stops working",
                EXPIRY_LEAD.num_days()
            ),
            Due::UnknownAge { rotate_after } => format!(
                "when its secret was issued is not known (secret_issued_at is null, as after an import), so under rotate_after = {rotate_after:?} it counts as overdue"
            ),
        };
        Diagnostic::warning(
            "The secret will be rotated (rotate_after)",
            format!(
                "This {what} is due for rotation: {why}. By this resource {}. Update whatever uses the secret after the apply.",
                path.sentence()
            ),
        )
        .at(AttributePath::root(ROTATE_AFTER))
    }
}

/// Plans a rotation by age in `modify_plan`: for an update (nothing on create), measures the
/// prior secret's age at the vendor's "now" ([`now_for`]) and applies [`plan_by_age`] to the
/// plan. True when the secret rotates: the resource then marks its secret unknown.
pub async fn plan<S: AgeRotated>(
    ctx: &Context,
    rest: &RestClient,
    rotation: &Rotation,
    change: &mut PlanChange<S>,
) -> bool {
    if change.prior.is_none() {
        return false;
    }
    let now = now_for(change.config.rotate_after(), rest, ctx.cancellation()).await;
    let Some(prior) = &change.prior else {
        return false;
    };
    plan_by_age(
        ctx,
        rotation.what,
        rotation.path,
        prior.secret_issued_at(),
        change.config.rotate_after(),
        prior.expires_on(),
        now,
        change.planned.secret_issued_at_mut(),
        &mut change.requires_replace,
    )
}

/// Plans a rotation by age: when [`due`], warns, marks `secret_issued_at` unknown (the marker the
/// apply reads, see [`planned`]) and, for [`RotationPath::Replace`], asks for a replacement. The
/// resource marks its secret unknown when this returns true.
#[allow(clippy::too_many_arguments)]
fn plan_by_age(
    ctx: &Context,
    what: &str,
    path: RotationPath,
    prior_issued_at: &Tf<String>,
    rotate_after: &Tf<String>,
    expires_on: Option<&str>,
    now: DateTime<Utc>,
    planned_issued_at: &mut Tf<String>,
    requires_replace: &mut Vec<AttributePath>,
) -> bool {
    let Some(due) = due(prior_issued_at, rotate_after, expires_on, now) else {
        return false;
    };
    ctx.warn(due.warning(what, path));
    *planned_issued_at = Tf::Unknown;
    if path == RotationPath::Replace {
        let at = AttributePath::root(ISSUED_AT);
        if !requires_replace.contains(&at) {
            requires_replace.push(at);
        }
    }
    true
}

/// Whether the plan of an update issues a new secret: `secret_issued_at` planned unknown, which
/// only a rotation (by age or by `secret_version`) or a changed secret of yours does.
pub fn planned(planned_issued_at: &Tf<String>) -> bool {
    planned_issued_at.is_unknown()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse(text).unwrap()
    }

    #[test]
    fn due_follows_the_table() {
        let issued = Tf::Known("2026-01-01T00:00:00Z".to_owned());
        let after = Tf::Known("2160h".to_owned());
        let now = at("2026-03-31T23:59:59Z");
        assert_eq!(due(&issued, &Tf::Null, None, now), None);
        assert_eq!(due(&issued, &after, None, now), None);
        let later = at("2026-04-01T00:00:00Z");
        assert!(
            matches!(due(&issued, &after, None, later), Some(Due::Age { age, .. }) if age.num_days() == 90)
        );
        assert!(matches!(
            due(&Tf::Null, &after, None, now),
            Some(Due::UnknownAge { .. })
        ));
        // An expiry nearer than the lead rotates before the age is reached.
        let expires = "2026-04-15T00:00:00.000Z";
        assert!(matches!(
            due(&issued, &after, Some(expires), at("2026-03-20T00:00:00Z")),
            Some(Due::Expiry { .. })
        ));
        assert_eq!(
            due(&issued, &after, Some(expires), at("2026-03-10T00:00:00Z")),
            None
        );
        let warning = due(&issued, &after, None, later)
            .unwrap()
            .warning("IBM Security Verify API client", RotationPath::InPlace);
        assert!(warning.detail.contains("90 days"), "{}", warning.detail);
        assert!(warning.detail.contains("\"2160h\""), "{}", warning.detail);
        assert_eq!(warning.path, Some(AttributePath::root(ROTATE_AFTER)));
    }
}
