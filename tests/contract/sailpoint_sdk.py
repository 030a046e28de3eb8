"""Drives the sandbox's SailPoint OAuth-client API with SailPoint's own Python SDK.

Usage: python sailpoint_sdk.py BASE_URL CLIENT_ID CLIENT_SECRET MODULE
  MODULE is the SDK module to use: `oauth_clients` (SDK 2.x, the per-API `/oauth-clients/v1`
  layout) or `v3` / `beta` / `v2024` / `v2025` / `v2026` (SDK 1.4.x, `/{module}/oauth-clients`).

Besides the admin's calls, the client the SDK creates obtains its own token through the SDK's
token grant and uses it, as an application that was given that client would.

Only the SDK's typed methods are called, so every answer goes through the SDK's own
deserialisation into its pydantic models (error answers too: the SDK parses them into the model
its response map names for that status before raising). Prints one line per check and a final
`checks: N passed, M failed`; exits 1 when any check failed.
"""

import importlib
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor

from sailpoint.configuration import Configuration, ConfigurationParams

BASE_URL, CLIENT_ID, CLIENT_SECRET, MODULE = sys.argv[1:5]
PER_API = MODULE == "oauth_clients"
SUFFIX = "_v1" if PER_API else ""

pkg = importlib.import_module(f"sailpoint.{MODULE}")
api_module = importlib.import_module(f"sailpoint.{MODULE}.api.o_auth_clients_api")
models = importlib.import_module(f"sailpoint.{MODULE}.models")
exceptions = importlib.import_module(f"sailpoint.{MODULE}.exceptions")

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   [{MODULE}] {name}")
    else:
        failed += 1
        print(f"FAIL [{MODULE}] {name} {detail}")


def configuration_for(client_id, client_secret):
    params = ConfigurationParams()
    params.base_url = BASE_URL
    params.client_id = client_id
    params.client_secret = client_secret
    return Configuration(params)  # fetches a token from {BASE_URL}/oauth/token


def api_for(configuration):
    return api_module.OAuthClientsApi(pkg.ApiClient(configuration))


def api_for_new_token():
    return api_for(configuration_for(CLIENT_ID, CLIENT_SECRET))


def call(api, operation, *args, **kwargs):
    return getattr(api, f"{operation}{SUFFIX}")(*args, **kwargs)


def expect_error(name, status, model, function):
    """`model` None: the SDK cannot parse the body (a known SDK/spec disagreement); the raw body
    must then still be the documented JSON."""
    """The call must raise the SDK's ApiException with `status`, its body parsed into `model`."""
    try:
        function()
    except exceptions.ApiException as error:
        check(f"{name}: HTTP {status}", error.status == status, f"got {error.status}: {error.body}")
        if model is None:
            import json
            check(f"{name}: documented body", json.loads(error.body) == {"message": " Rate Limit Exceeded "},
                  error.body)
        else:
            check(
                f"{name}: body parsed into {model}",
                type(error.data).__name__ == model,
                f"got {type(error.data).__name__}: {error.body}",
            )
        return error
    check(f"{name}: HTTP {status}", False, "the call succeeded")
    return None


def patch(op, path, value):
    """A `JsonPatchOperation` built with the value type its own `value` field declares (the SDK's
    modules name it differently: `JsonPatchOperationValue`, or in beta
    `UpdateMultiHostSourcesRequestInnerValue`)."""
    value_type = models.JsonPatchOperation.model_fields["value"].annotation.__args__[0]
    return models.JsonPatchOperation(op=op, path=path, value=value_type(value))


def main():
    api = api_for_new_token()
    request = models.CreateOAuthClientRequest(
        name=f"contract-{MODULE}",
        # Sent because the SDK's CreateOAuthClientResponse requires both as non-null strings, while
        # the sandbox answers null when they are unset (docs/sandbox.md, "Where sources disagree").
        business_name="Contract Tests",
        homepage_url="https://example.com",
        description="created by SailPoint's SDK",
        access_token_validity_seconds=750,
        refresh_token_validity_seconds=86400,
        grant_types=[models.GrantType.CLIENT_CREDENTIALS, models.GrantType.AUTHORIZATION_CODE],
        redirect_uris=["https://example.com/callback"],
        access_type=models.AccessType.OFFLINE,
        type=models.ClientType.CONFIDENTIAL,
        internal=False,
        enabled=True,
        strong_auth_supported=False,
        claims_supported=False,
        scope=["sp:scopes:all"],
    )
    created = call(api, "create_oauth_client", request)
    check("create: CreateOAuthClientResponse", isinstance(created, models.CreateOAuthClientResponse))
    check("create: secret shown", bool(created.secret))
    check("create: fields echoed", created.name == request.name and created.access_token_validity_seconds == 750)
    client_id = created.id

    got = call(api, "get_oauth_client", client_id)
    check("get: GetOAuthClientResponse", isinstance(got, models.GetOAuthClientResponse))
    check("get: no secret", got.secret is None)
    check("get: same client", got.id == client_id and got.created == created.created)

    listed = call(api, "list_oauth_clients")
    check("list: GetOAuthClientResponse items", all(isinstance(c, models.GetOAuthClientResponse) for c in listed))
    check("list: holds the client", any(c.id == client_id for c in listed))
    never_used = call(api, "list_oauth_clients", filters="lastUsed isnull")
    check("list filters=lastUsed isnull", any(c.id == client_id for c in never_used))
    used_long_ago = call(api, "list_oauth_clients", filters="lastUsed le 2020-01-01T00:00:00.000Z")
    check("list filters=lastUsed le 2020", all(c.id != client_id for c in used_long_ago))
    expect_error("list with an unsupported filter", 400, "ErrorResponseDto",
                 lambda: call(api, "list_oauth_clients", filters='name eq "x"'))

    # The new client's own id and secret get a token through the SDK's own grant (it has the
    # CLIENT_CREDENTIALS grant and is enabled). That token has no user context: the spec lists it
    # (applicationAuth) only for getting a client, so a list is a 403 (docs/sandbox.md).
    own = configuration_for(client_id, created.secret)
    check("the new client gets a token", bool(own.access_token))
    own_api = api_for(own)
    mine = call(own_api, "get_oauth_client", client_id)
    check("its token gets the client", isinstance(mine, models.GetOAuthClientResponse) and mine.id == client_id)
    expect_error("its token lists", 403, "ErrorResponseDto", lambda: call(own_api, "list_oauth_clients"))
    check("a wrong secret gets no token", configuration_for(client_id, "not-the-secret").access_token is None)
    used = call(api, "list_oauth_clients", filters="lastUsed isnull")
    check("a used client has a lastUsed", all(c.id != client_id for c in used))
    check("get shows lastUsed", call(api, "get_oauth_client", client_id).last_used is not None)

    patched = call(api, "patch_oauth_client", client_id, [
        patch("replace", "/description", "patched by SailPoint's SDK"),
        patch("replace", "/accessTokenValiditySeconds", 1200),
        patch("replace", "/enabled", False),
    ])
    check("patch: GetOAuthClientResponse", isinstance(patched, models.GetOAuthClientResponse))
    check("patch: applied", patched.description == "patched by SailPoint's SDK"
          and patched.access_token_validity_seconds == 1200 and patched.enabled is False)
    check("the disabled client gets no token", configuration_for(client_id, created.secret).access_token is None)
    expect_error("patch of the non-patchable type", 400, "ErrorResponseDto",
                 lambda: call(api, "patch_oauth_client", client_id, [patch("replace", "/type", "PUBLIC")]))
    check("refused patch changed nothing",
          call(api, "get_oauth_client", client_id).type == models.ClientType.CONFIDENTIAL)

    call(api, "delete_oauth_client", client_id)
    check("delete: done", True)
    expect_error("get after delete", 404, "ErrorResponseDto",
                 lambda: call(api, "get_oauth_client", client_id))
    expect_error("delete after delete", 404, "ErrorResponseDto",
                 lambda: call(api, "delete_oauth_client", client_id))

    # The documented limit: 100 requests per access token per 10 seconds. A fresh token.
    # Sent 20 at a time so that all 100 land inside one 10-second window on a busy machine.
    limited = api_for_new_token()
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: call(limited, "list_oauth_clients"), range(100)))
    check("100 requests within the limit", len(answers) == 100 and all(isinstance(a, list) for a in answers))
    # The 101st is a create: urllib3's default Retry, which the SDK keeps, silently waits out
    # Retry-After and repeats a 429 GET, but never a POST, so the SDK itself raises here.
    # SDK 1.4.x models the 429 `message` as an object, the spec and SDK 2.x as the string the
    # sandbox sends; 1.4.x then raises the 429 with the body unparsed (docs/sandbox.md).
    model = error_model_429() if PER_API else None
    error = expect_error("the 101st request", 429, model,
                         lambda: call(limited, "create_oauth_client", request))
    if error is not None:
        retry_after = (error.headers or {}).get("Retry-After")
        check("429 carries Retry-After", retry_after is not None and 1 <= int(retry_after) <= 10,
              f"got {retry_after!r}")


def error_model_429():
    """The model the SDK's response map names for a 429 (create's map comes first in the file)."""
    source = open(api_module.__file__, encoding="utf-8").read()
    marker = "'429': \""
    start = source.index(marker) + len(marker)
    return source[start:source.index('"', start)]


if __name__ == "__main__":
    try:
        main()
    except Exception:  # an unexpected exception is a failed check, never a silent pass
        traceback.print_exc()
        check("ran to the end", False)
    print(f"checks: {passed} passed, {failed} failed")
    sys.exit(1 if failed or passed == 0 else 0)
