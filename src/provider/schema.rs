//! The provider schema: one optional block per vendor, each setting with its environment
//! variable named in its description.

use tfplugin::{Attribute, Block, NestedBlock, Schema, Validator};

/// Settings every vendor block shares.
fn common(block: Block) -> Block {
    block
        .attribute(
            Attribute::string("ca_cert_file")
                .optional()
                .description("Path of a PEM file with extra CA certificates to trust for this API, for servers (or TLS-inspecting proxies) signed by a private CA. The system's trusted roots stay trusted. No environment variable."),
        )
        .attribute(
            Attribute::string("request_timeout")
                .optional()
                .description(format!("Timeout of one HTTP request (each retry gets its own), as a duration such as \"30s\" or \"1m30s\". Default \"30s\". A response body larger than {} MiB is refused with an error, never read into memory.", crate::http::client::MAX_RESPONSE_BODY_BYTES / (1024 * 1024)))
                .validate(Validator::duration()),
        )
        .attribute(
            Attribute::number("max_retries")
                .optional()
                .description("How many times a failed request (429, 5xx, connection error) is retried, with exponential backoff that honours Retry-After. Default 5; 0 turns retries off. A create whose outcome is unknown is repeated (within this bound) only after the provider has looked and found that it made nothing.")
                .validate(Validator::int_range(0, i64::from(u32::MAX))),
        )
}

/// The provider schema.
pub fn provider_schema() -> Schema {
    let ibm = Block::new()
        .description("IBM Security Verify tenant and the API client credentials the provider uses.")
        .attribute(
            Attribute::string("tenant_url")
                .optional()
                .description("Base URL of the tenant, such as https://example.verify.ibm.com. Environment variable: IBM_VERIFY_TENANT_URL.")
                .validate(Validator::url()),
        )
        .attribute(Attribute::string("client_id").optional().description(
            "Client ID of an API client allowed to manage API clients. Environment variable: IBM_VERIFY_CLIENT_ID.",
        ))
        .attribute(
            Attribute::string("client_secret")
                .optional()
                .sensitive()
                .description("Client secret of that API client. Environment variable: IBM_VERIFY_CLIENT_SECRET."),
        )
        .attribute(
            Attribute::string("access_token")
                .optional()
                .sensitive()
                .description("An access token to use as it is instead of client_id and client_secret, such as one the ephemeral resource apiclients_ibm_verify_access_token minted for a second, aliased provider configuration. It is not refreshed: calls fail with 401 once it expires. Setting it together with client_id or client_secret is an error. Environment variable: IBM_VERIFY_ACCESS_TOKEN (used only when the block sets none of the three)."),
        );
    let sailpoint = Block::new()
        .description("SailPoint Identity Security Cloud tenant and the personal access token (or OAuth client) the provider uses.")
        .attribute(
            Attribute::string("base_url")
                .optional()
                .description("API base URL, such as https://acme.api.identitynow.com. Environment variable: SAIL_BASE_URL.")
                .validate(Validator::url()),
        )
        .attribute(
            Attribute::string("client_id")
                .optional()
                .description("Client ID used for the client_credentials grant. Environment variable: SAIL_CLIENT_ID."),
        )
        .attribute(
            Attribute::string("client_secret")
                .optional()
                .sensitive()
                .description("Client secret used for the client_credentials grant. Environment variable: SAIL_CLIENT_SECRET."),
        )
        .attribute(
            Attribute::string("access_token")
                .optional()
                .sensitive()
                .description("An access token to use as it is instead of client_id and client_secret, such as one the ephemeral resource apiclients_sailpoint_access_token minted for a second, aliased provider configuration. It is not refreshed: calls fail with 401 once it expires. Setting it together with client_id or client_secret is an error. Environment variable: SAIL_ACCESS_TOKEN (used only when the block sets none of the three)."),
        )
        .attribute(
            Attribute::string("api_version")
                .optional()
                .description("API version whose OAuth-client API the provider calls: v3 (the default: SailPoint's generally available, stable API), beta, v2024, v2025 or v2026 (the same contract; beta may change without notice). Environment variable: SAIL_API_VERSION.")
                .validate(Validator::one_of(&crate::vendors::sailpoint::config::API_VERSIONS)),
        )
        .attribute(
            Attribute::number("requests_per_10s")
                .optional()
                .description("Requests the provider sends at most in any 10 seconds (per access token), pacing itself so that a large apply runs at the limit instead of into it. Default 100, SailPoint's documented limit; set it to a higher limit your tenant has negotiated with SailPoint. From 1 to 10000.")
                .validate(Validator::int_range(1, i64::from(crate::vendors::sailpoint::config::MAX_REQUESTS_PER_10S))),
        );
    let oam = Block::new()
        .description("Oracle Access Manager OAuth Policy Admin REST API and the administrator credentials the provider uses.")
        .attribute(
            Attribute::string("base_url")
                .optional()
                .description("Base URL of the OAM admin server, such as https://oam.example.com:7002. Environment variable: OAM_BASE_URL.")
                .validate(Validator::url()),
        )
        .attribute(
            Attribute::string("username")
                .optional()
                .description("Administrator user name (HTTP Basic authentication). Environment variable: OAM_USERNAME."),
        )
        .attribute(
            Attribute::string("password")
                .optional()
                .sensitive()
                .description("Administrator password. Environment variable: OAM_PASSWORD."),
        )
        .attribute(
            Attribute::string("identity_domain")
                .optional()
                .description("Default OAuth identity domain for clients and data sources that do not name one. Environment variable: OAM_IDENTITY_DOMAIN."),
        );
    let akamai = Block::new()
        .description("Akamai EdgeGrid credentials. Each of host, client_token, client_secret and access_token is taken from, highest first: the attribute here; the environment variable AKAMAI_HOST, AKAMAI_CLIENT_TOKEN, AKAMAI_CLIENT_SECRET, AKAMAI_ACCESS_TOKEN (AKAMAI_<SECTION>_HOST etc. when the section is not \"default\"); the section of the .edgerc file. The file is read only when one of the four is still missing.")
        .attribute(
            Attribute::string("edgerc")
                .optional()
                .description("Path of the .edgerc file. Environment variable: AKAMAI_EDGERC; default ~/.edgerc (a missing default file is not an error, a missing named file is)."),
        )
        .attribute(
            Attribute::string("section")
                .optional()
                .description("Section of the .edgerc file, and the SECTION in AKAMAI_<SECTION>_* variable names. Environment variable: AKAMAI_EDGERC_SECTION; default \"default\"."),
        )
        .attribute(
            Attribute::string("host")
                .optional()
                .description("EdgeGrid API host, such as akab-xxxx.luna.akamaiapis.net (https is implied). Here or in AKAMAI_HOST a full URL is also accepted, such as http://127.0.0.1:PORT for apiclients-sandbox; in .edgerc it must be a bare host name. Environment variable: AKAMAI_HOST."),
        )
        .attribute(
            Attribute::string("client_token")
                .optional()
                .sensitive()
                .description("EdgeGrid client token. Environment variable: AKAMAI_CLIENT_TOKEN."),
        )
        .attribute(
            Attribute::string("client_secret")
                .optional()
                .sensitive()
                .description("EdgeGrid client secret. Environment variable: AKAMAI_CLIENT_SECRET."),
        )
        .attribute(
            Attribute::string("access_token")
                .optional()
                .sensitive()
                .description("EdgeGrid access token. Environment variable: AKAMAI_ACCESS_TOKEN."),
        )
        .attribute(
            Attribute::string("account_switch_key")
                .optional()
                .description("Account switch key, to act on another account your API client can access; sent with every call. Environment variable: AKAMAI_ACCOUNT_KEY, else account_key in .edgerc."),
        )
        .attribute(
            Attribute::number("max_body")
                .optional()
                .description("Maximum number of request body bytes included in the EdgeGrid signature. Environment variable: AKAMAI_MAX_BODY, else max_body in .edgerc; default 131072."),
        );
    Schema::new(
        Block::new()
            .description("Manages machine credentials (API clients, OAuth clients) on IBM Security Verify, SailPoint Identity Security Cloud, Oracle Access Manager and Akamai IAM. Configure only the blocks of the platforms you use; each setting falls back to the environment variable named in its description.")
            .attribute(
                Attribute::bool("skip_credentials_validation")
                    .optional()
                    .description("Skip the proof of each platform's credentials at plan time. By default the first plan of a resource of a platform proves that platform's credentials once per run (IBM Security Verify and SailPoint: the token request, which the calls that follow reuse; Oracle Access Manager and Akamai: one cheap authenticated GET, none when a refresh of this run already proved them), so terraform plan fails on a wrong secret instead of the apply. Platforms the configuration does not use are never contacted. Environment variable: APICLIENTS_SKIP_CREDENTIALS_VALIDATION (true or 1)."),
            )
            .attribute(
                Attribute::string("duplicate_names")
                    .optional()
                    .description("What a create does when a client with the same name already exists on a platform that allows several (IBM Security Verify API clients, SailPoint OAuth clients, Akamai API clients; Oracle Access Manager keeps names unique per identity domain). \"warn\" (the default): create it, with a warning that names the existing client's ID and how to import it instead. \"refuse\": create nothing and fail with an error naming the ID. The provider learns what exists from the list it already takes before creating: IBM Security Verify lists by name before each create; SailPoint and Akamai list once per run, so a same-name client someone else makes while the run goes on is not seen. A replacement with create_before_destroy (a rotation by replacement) creates the new client while the old one still exists, so it warns about the old one, and \"refuse\" blocks it: keep \"warn\" where you rotate that way. No environment variable.")
                    .validate(Validator::one_of(&["warn", "refuse"])),
            )
            .block(NestedBlock::single("ibm_verify", common(ibm)))
            .block(NestedBlock::single("sailpoint", common(sailpoint)))
            .block(NestedBlock::single("oracle_oam", common(oam)))
            .block(NestedBlock::single("akamai", common(akamai))),
    )
}
