"""A consumer of an OAuth client: SailPoint's own SDK obtains a token with the client's id and secret
(as a module's outputs hand them over) and gets that client with it.

Usage: python sailpoint_sdk_token.py BASE_URL CLIENT_ID CLIENT_SECRET
Prints one line per check and a final `checks: N passed, M failed`; exits 1 when any check failed.
"""

import sys
import traceback

from sailpoint.configuration import Configuration, ConfigurationParams
from sailpoint.oauth_clients import ApiClient
from sailpoint.oauth_clients.api.o_auth_clients_api import OAuthClientsApi
from sailpoint.oauth_clients.exceptions import ApiException
from sailpoint.oauth_clients.models import GetOAuthClientResponse

BASE_URL, CLIENT_ID, CLIENT_SECRET = sys.argv[1:4]

passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def configuration_for(client_id, client_secret):
    params = ConfigurationParams()
    params.base_url = BASE_URL
    params.client_id = client_id
    params.client_secret = client_secret
    return Configuration(params)  # fetches a token from {BASE_URL}/oauth/token


def main():
    configuration = configuration_for(CLIENT_ID, CLIENT_SECRET)
    check("the SDK obtains a token", bool(configuration.access_token))
    api = OAuthClientsApi(ApiClient(configuration))
    got = api.get_oauth_client_v1(CLIENT_ID)
    check("its token gets the client", isinstance(got, GetOAuthClientResponse) and got.id == CLIENT_ID)
    check("the client shows it was used", got.last_used is not None)
    try:
        api.list_oauth_clients_v1()
        check("a client-credentials token cannot list (no user)", False, "the list succeeded")
    except ApiException as error:
        check("a client-credentials token cannot list (no user)", error.status == 403, f"got {error.status}")
    check("a wrong secret gets no token", configuration_for(CLIENT_ID, CLIENT_SECRET + "x").access_token is None)


if __name__ == "__main__":
    try:
        main()
    except Exception:  # an unexpected exception is a failed check, never a silent pass
        traceback.print_exc()
        check("ran to the end", False)
    print(f"checks: {passed} passed, {failed} failed")
    sys.exit(1 if failed or passed == 0 else 0)
