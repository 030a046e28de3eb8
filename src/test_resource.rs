//! Vendor-free types that prove the plugin layer end to end with real Terraform. Compiled only
//! with the `test-resources` feature; release builds leave them out.
//!
//! * `apiclients_test_widget`, a resource that keeps its objects in a JSON file. The file comes
//!   from the `store_path` attribute or else the `APICLIENTS_TEST_WIDGET_STORE` environment
//!   variable; tests inspect or edit it to simulate out-of-band changes.
//! * `apiclients_test_token`, an ephemeral resource that mints a token per open and writes every
//!   open, renew and close (token and private data included) to the journal file its
//!   configuration names, so tests can check that each open was closed and that the token never
//!   reached a plan, a state or a log.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use tfplugin::{
    Attribute, AttributePath, Block, Context, Diagnostic, Diagnostics, EphemeralResource, Opened,
    PluginError, Renewed, Resource, Schema, Sensitive, Tf, Type, Validator,
};

/// Environment variable naming the store file when the configuration does not.
pub const STORE_ENV: &str = "APICLIENTS_TEST_WIDGET_STORE";

/// A name starting with this makes create fail after storing the widget (see `create`).
pub const FAIL_AFTER_CREATE: &str = "fail-after-create";

/// A name starting with this makes create wait until its context is cancelled (Terraform's stop,
/// or the `timeouts.create` deadline), storing nothing.
pub const SLOW_CREATE: &str = "slow-create";

/// The resource state (every field is `Tf`: configs and plans may hold unknowns).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct WidgetState {
    pub id: Tf<String>,
    pub name: Tf<String>,
    pub tags: Tf<BTreeSet<String>>,
    pub mode: Tf<String>,
    pub revision: Tf<i64>,
    pub size: Tf<i64>,
    pub token: Tf<Sensitive<String>>,
    pub store_path: Tf<String>,
    pub passphrase_wo: Tf<Sensitive<String>>,
    /// The `timeouts` block (see `tfplugin::timeouts`).
    pub timeouts: Tf<tfplugin::Timeouts>,
}

/// One stored object, as the JSON file holds it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoredWidget {
    pub name: String,
    pub tags: Option<BTreeSet<String>>,
    pub mode: String,
    pub revision: i64,
    pub size: Option<i64>,
    pub token: String,
    /// The write-only passphrase the create received: the store is the remote side, which may
    /// keep it; Terraform's plan and state never do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passphrase: Option<String>,
}

#[derive(Debug, thiserror::Error)]
enum StoreError {
    #[error("no store file: set store_path or the {STORE_ENV} environment variable")]
    NoPath,
    #[error("cannot read or write the store file {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the store file {path} is not valid JSON: {message}")]
    Corrupt { path: String, message: String },
}

impl From<StoreError> for Diagnostic {
    fn from(e: StoreError) -> Self {
        Diagnostic::error("Test widget store error", e.to_string())
    }
}

/// Serializes read-modify-write cycles of the store within this process.
static STORE_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn store_path(state: &WidgetState) -> Result<PathBuf, StoreError> {
    if let Some(p) = state.store_path.as_str() {
        return Ok(PathBuf::from(p));
    }
    std::env::var_os(STORE_ENV)
        .map(PathBuf::from)
        .ok_or(StoreError::NoPath)
}

async fn load(path: &PathBuf) -> Result<BTreeMap<String, StoredWidget>, StoreError> {
    match tokio::fs::read(path).await {
        Ok(bytes) if bytes.is_empty() => Ok(BTreeMap::new()),
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            path: path.display().to_string(),
            message: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(source) => Err(StoreError::Io {
            path: path.display().to_string(),
            source,
        }),
    }
}

async fn save(path: &PathBuf, widgets: &BTreeMap<String, StoredWidget>) -> Result<(), StoreError> {
    let io = |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    };
    let text = serde_json::to_vec_pretty(widgets).map_err(|e| StoreError::Corrupt {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    tokio::fs::write(path, text).await.map_err(io)
}

fn to_state(id: &str, w: &StoredWidget, store_path: Tf<String>) -> WidgetState {
    WidgetState {
        // The framework keeps the configuration's block in every state it answers with.
        timeouts: Tf::Null,
        id: Tf::Known(id.to_owned()),
        name: Tf::Known(w.name.clone()),
        tags: Tf::from_option(w.tags.clone()),
        mode: Tf::Known(w.mode.clone()),
        revision: Tf::Known(w.revision),
        size: Tf::from_option(w.size),
        token: Tf::Known(Sensitive::new(w.token.clone())),
        store_path,
        passphrase_wo: Tf::Null,
    }
}

/// The `apiclients_test_widget` resource.
#[derive(Debug, Default)]
pub struct TestWidget;

impl TestWidget {
    pub fn new() -> Self {
        TestWidget
    }
}

fn cancelled(ctx: &Context) -> Result<(), Diagnostics> {
    if ctx.is_cancelled() {
        Err(PluginError::Cancelled.into())
    } else {
        Ok(())
    }
}

#[async_trait]
impl Resource for TestWidget {
    type State = WidgetState;

    fn type_name(&self) -> &'static str {
        "test_widget"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .block(tfplugin::timeouts::block())
                .description("A widget kept in a local JSON file. Exists only to test the provider's plugin layer.")
                .attribute(
                    Attribute::string("id")
                        .computed()
                        .use_state_for_unknown()
                        .description("Identifier assigned at creation."),
                )
                .attribute(
                    Attribute::string("name")
                        .required()
                        .description("Name of the widget, 1 to 64 characters.")
                        .validate(Validator::length(1, 64)),
                )
                .attribute(Attribute::set("tags", Type::String).optional().description("Free-form tags."))
                .attribute(
                    Attribute::string("mode")
                        .default("standard")
                        .description("Operating mode: \"standard\" (default), \"fast\" or \"careful\".")
                        .validate(Validator::one_of(&["standard", "fast", "careful"])),
                )
                .attribute(
                    Attribute::number("revision")
                        .computed()
                        .description("Increases by one on every update."),
                )
                .attribute(
                    Attribute::number("size")
                        .optional()
                        .requires_replace()
                        .description("Size; changing it replaces the widget."),
                )
                .attribute(
                    Attribute::string("token")
                        .computed()
                        .sensitive()
                        .use_state_for_unknown()
                        .description("A secret issued at creation."),
                )
                .attribute(
                    Attribute::string("passphrase_wo")
                        .optional()
                        .write_only()
                        .description("A write-only passphrase (Terraform 1.11+): sent on create and kept in the store, never in plan or state."),
                )
                .attribute(
                    Attribute::string("store_path")
                        .optional()
                        .requires_replace()
                        .description(format!("Path of the JSON store file; defaults to ${STORE_ENV}.")),
                ),
        )
    }

    fn validate(&self, config: &WidgetState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if let Tf::Known(size) = config.size
            && size < 0
        {
            diags.push(
                Diagnostic::error(
                    "Invalid size",
                    format!(
                        "size must be zero or more, but it is {size}. Use a non-negative number."
                    ),
                )
                .at(AttributePath::root("size")),
            );
        }
        diags
    }

    async fn read(
        &self,
        ctx: &Context,
        state: WidgetState,
    ) -> Result<Option<WidgetState>, Diagnostics> {
        cancelled(ctx)?;
        let path = store_path(&state)?;
        let Some(id) = state.id.as_str() else {
            return Ok(None);
        };
        let _guard = STORE_LOCK.lock().await;
        let widgets = load(&path).await?;
        Ok(widgets
            .get(id)
            .map(|w| to_state(id, w, state.store_path.clone())))
    }

    async fn create(
        &self,
        ctx: &Context,
        planned: WidgetState,
        config: WidgetState,
    ) -> Result<WidgetState, Diagnostics> {
        cancelled(ctx)?;
        if planned
            .name
            .as_str()
            .is_some_and(|name| name.starts_with(SLOW_CREATE))
        {
            tokio::select! {
                () = ctx.cancellation().cancelled() => return Err(PluginError::Cancelled.into()),
                () = tokio::time::sleep(std::time::Duration::from_secs(600)) => {}
            }
        }
        let path = store_path(&planned)?;
        let id = uuid::Uuid::new_v4().to_string();
        let token = format!("tok-{}", uuid::Uuid::new_v4().simple());
        let widget = StoredWidget {
            name: planned.name.known().cloned().unwrap_or_default(),
            tags: planned.tags.known().cloned(),
            mode: planned
                .mode
                .known()
                .cloned()
                .unwrap_or_else(|| "standard".to_owned()),
            revision: 1,
            size: planned.size.known().copied(),
            token,
            passphrase: config.passphrase_wo.expose().map(str::to_owned),
        };
        let _guard = STORE_LOCK.lock().await;
        let mut widgets = load(&path).await?;
        widgets.insert(id.clone(), widget.clone());
        save(&path, &widgets).await?;
        tracing::info!(id = %id, "test widget created");
        let mut state = to_state(&id, &widget, planned.store_path);
        // A careless resource that copies a write-only value into the state it returns: the
        // framework must still keep it out of Terraform's state.
        state.passphrase_wo = config.passphrase_wo.clone();
        // Test hook for a create that fails after the object exists (like a vendor API that
        // answers 500 to the read after a successful POST): it must still land in state.
        if widget.name.starts_with(FAIL_AFTER_CREATE) {
            ctx.record_partial_state(&state);
            return Err(Diagnostic::error(
                "Widget created but not confirmed",
                "The widget exists in the store, but the provider was told to fail after creating it.",
            )
            .into());
        }
        Ok(state)
    }

    async fn update(
        &self,
        ctx: &Context,
        prior: WidgetState,
        planned: WidgetState,
        _config: WidgetState,
    ) -> Result<WidgetState, Diagnostics> {
        cancelled(ctx)?;
        let path = store_path(&planned)?;
        let Some(id) = prior.id.as_str() else {
            return Err(Diagnostic::error(
                "Missing id",
                "The prior state has no id; remove the resource from state and import it.",
            )
            .into());
        };
        let _guard = STORE_LOCK.lock().await;
        let mut widgets = load(&path).await?;
        let Some(existing) = widgets.get_mut(id) else {
            return Err(Diagnostic::error(
                "Widget not found",
                format!("Widget {id} was deleted outside Terraform; run terraform apply -refresh-only or plan again to recreate it."),
            )
            .into());
        };
        existing.name = planned.name.known().cloned().unwrap_or_default();
        existing.tags = planned.tags.known().cloned();
        existing.mode = planned
            .mode
            .known()
            .cloned()
            .unwrap_or_else(|| "standard".to_owned());
        existing.size = planned.size.known().copied();
        existing.revision += 1;
        let widget = existing.clone();
        save(&path, &widgets).await?;
        Ok(to_state(id, &widget, planned.store_path))
    }

    async fn delete(&self, ctx: &Context, prior: WidgetState) -> Result<(), Diagnostics> {
        cancelled(ctx)?;
        let path = store_path(&prior)?;
        if let Some(id) = prior.id.as_str() {
            let _guard = STORE_LOCK.lock().await;
            let mut widgets = load(&path).await?;
            if widgets.remove(id).is_some() {
                save(&path, &widgets).await?;
            }
        }
        Ok(())
    }

    async fn import(&self, _ctx: &Context, id: &str) -> Result<WidgetState, Diagnostics> {
        Ok(WidgetState {
            id: Tf::Known(id.to_owned()),
            ..Default::default()
        })
    }
}

/// A name starting with this makes open wait until its context is cancelled (Terraform's stop or
/// the framework's deadline).
pub const SLOW_OPEN: &str = "slow-open";

/// The configuration and result of `apiclients_test_token`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct TokenState {
    pub name: Tf<String>,
    pub journal_path: Tf<String>,
    pub renew_every: Tf<String>,
    pub lease_id: Tf<String>,
    pub token: Tf<Sensitive<String>>,
}

/// What renew and close get back from Terraform.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TokenLease {
    pub lease_id: String,
    pub journal_path: Option<String>,
    pub renew_every: Option<String>,
    pub renewals: u32,
    /// A value that exists only in the private data (and the journal): it must never reach a
    /// log.
    pub marker: String,
}

/// One line of the journal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JournalEntry {
    pub op: String,
    pub lease_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
    #[serde(default)]
    pub renewals: u32,
}

/// Reads a journal file (empty when there is none).
pub fn read_journal(path: &std::path::Path) -> Vec<JournalEntry> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

async fn record(path: Option<&str>, entry: &JournalEntry) -> Result<(), Diagnostics> {
    use tokio::io::AsyncWriteExt as _;
    let Some(path) = path else { return Ok(()) };
    let io = |source| StoreError::Io {
        path: path.to_owned(),
        source,
    };
    let mut line = serde_json::to_vec(entry).map_err(|e| StoreError::Corrupt {
        path: path.to_owned(),
        message: e.to_string(),
    })?;
    line.push(b'\n');
    let _guard = STORE_LOCK.lock().await;
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .await
        .map_err(io)?;
    file.write_all(&line).await.map_err(io)?;
    Ok(())
}

fn renew_time(every: Option<&str>) -> Option<std::time::SystemTime> {
    let every = tfplugin::duration::parse_duration(every?)?;
    Some(std::time::SystemTime::now() + every)
}

/// The `apiclients_test_token` ephemeral resource.
#[derive(Debug, Default)]
pub struct TestToken;

impl TestToken {
    pub fn new() -> Self {
        TestToken
    }
}

#[async_trait]
impl EphemeralResource for TestToken {
    type State = TokenState;
    type Private = TokenLease;

    fn type_name(&self) -> &'static str {
        "test_token"
    }

    fn schema(&self) -> Schema {
        Schema::new(
            Block::new()
                .description("A token minted for one Terraform run and written to a journal file. Exists only to test the provider's plugin layer.")
                .attribute(
                    Attribute::string("name")
                        .required()
                        .description("Name of the token, 1 to 64 characters.")
                        .validate(Validator::length(1, 64)),
                )
                .attribute(
                    Attribute::string("journal_path")
                        .optional()
                        .description("File every open, renew and close is appended to, one JSON line each."),
                )
                .attribute(
                    Attribute::string("renew_every")
                        .optional()
                        .description("When set, Terraform is asked to renew the token this long after each open or renew.")
                        .validate(Validator::duration()),
                )
                .attribute(
                    Attribute::string("lease_id")
                        .computed()
                        .description("Identifier of this opening."),
                )
                .attribute(
                    Attribute::string("token")
                        .computed()
                        .sensitive()
                        .description("The token, new at every open."),
                ),
        )
    }

    fn validate(&self, config: &TokenState) -> Diagnostics {
        let mut diags = Diagnostics::new();
        if config
            .renew_every
            .as_str()
            .and_then(tfplugin::duration::parse_duration)
            .is_some_and(|d| d.is_zero())
        {
            diags.push(Diagnostic::invalid_attribute(
                "renew_every",
                "renew_every is zero, which would renew without end. Give a positive duration such as \"10m\", or remove it.",
            ));
        }
        diags
    }

    async fn open(
        &self,
        ctx: &Context,
        config: TokenState,
    ) -> Result<Opened<TokenState, TokenLease>, Diagnostics> {
        if config
            .name
            .as_str()
            .is_some_and(|name| name.starts_with(SLOW_OPEN))
        {
            // The journal says the open is under way, so a test knows when to stop it.
            record(
                config.journal_path.as_str(),
                &JournalEntry {
                    op: "waiting".into(),
                    lease_id: String::new(),
                    token: None,
                    marker: None,
                    renewals: 0,
                },
            )
            .await?;
            tokio::select! {
                () = ctx.cancellation().cancelled() => return Err(PluginError::Cancelled.into()),
                () = tokio::time::sleep(std::time::Duration::from_secs(600)) => {}
            }
        }
        let lease = TokenLease {
            lease_id: uuid::Uuid::new_v4().to_string(),
            journal_path: config.journal_path.known().cloned(),
            renew_every: config.renew_every.known().cloned(),
            renewals: 0,
            marker: format!("private-{}", uuid::Uuid::new_v4().simple()),
        };
        let token = format!("eph-{}", uuid::Uuid::new_v4().simple());
        record(
            lease.journal_path.as_deref(),
            &JournalEntry {
                op: "open".into(),
                lease_id: lease.lease_id.clone(),
                token: Some(token.clone()),
                marker: Some(lease.marker.clone()),
                renewals: 0,
            },
        )
        .await?;
        let renew_at = renew_time(lease.renew_every.as_deref());
        let result = TokenState {
            lease_id: Tf::Known(lease.lease_id.clone()),
            token: Tf::Known(Sensitive::new(token)),
            ..config
        };
        let opened = Opened::new(result, lease);
        Ok(match renew_at {
            Some(at) => opened.renew_at(at),
            None => opened,
        })
    }

    async fn renew(
        &self,
        _ctx: &Context,
        mut lease: TokenLease,
    ) -> Result<Renewed<TokenLease>, Diagnostics> {
        lease.renewals += 1;
        record(
            lease.journal_path.as_deref(),
            &JournalEntry {
                op: "renew".into(),
                lease_id: lease.lease_id.clone(),
                token: None,
                marker: None,
                renewals: lease.renewals,
            },
        )
        .await?;
        Ok(Renewed {
            renew_at: renew_time(lease.renew_every.as_deref()),
            private: lease,
        })
    }

    async fn close(&self, _ctx: &Context, lease: TokenLease) -> Result<(), Diagnostics> {
        record(
            lease.journal_path.as_deref(),
            &JournalEntry {
                op: "close".into(),
                lease_id: lease.lease_id.clone(),
                token: None,
                marker: None,
                renewals: lease.renewals,
            },
        )
        .await
    }
}
