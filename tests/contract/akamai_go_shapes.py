"""Replays, signed by Akamai's own edgegrid-python, the request bodies Akamai's Go library sends
(tests/contract/akamai_go_request_shapes.json) against the sandbox's IAM API.

Usage: python akamai_go_shapes.py BASE_URL CLIENT_TOKEN CLIENT_SECRET ACCESS_TOKEN
Prints one line per check and `checks: N passed, M failed`; exits 1 when any check failed.
"""

import datetime
import json
import os
import sys
import traceback

import requests
from akamai.edgegrid import EdgeGridAuth

BASE_URL, CLIENT_TOKEN, CLIENT_SECRET, ACCESS_TOKEN = sys.argv[1:5]
API = BASE_URL.rstrip("/") + "/identity-management/v3/api-clients"
SHAPES = json.load(open(os.path.join(os.path.dirname(__file__), "akamai_go_request_shapes.json")))

session = requests.Session()
session.auth = EdgeGridAuth(client_token=CLIENT_TOKEN, client_secret=CLIENT_SECRET, access_token=ACCESS_TOKEN)
passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   [akamai] {name}")
    else:
        failed += 1
        print(f"FAIL [akamai] {name} {detail}")


def main():
    ids = {}
    for case in SHAPES["create"]:
        response = session.post(API, json=case["body"])
        check(f"{case['name']}: 201", response.status_code == 201, response.text)
        if response.status_code == 201:
            ids[case["body"]["clientName"]] = response.json()
            check(f"{case['name']}: Location", response.headers.get("Location", "").endswith(response.json()["clientId"]))
    full = ids.get("contract_full")
    if full is None:
        check("the full client exists", False)
        return
    path = f"{API}/{full['clientId']}"
    for case in SHAPES["update"]:
        response = session.put(path, json=case["body"])
        check(f"{case['name']}: 200", response.status_code == 200, response.text)
    groups = session.get(path, params={"groupAccess": "true"}).json()["groupAccess"]["groups"]
    check("subgroups read back as subGroups", groups and groups[0]["subGroups"][0]["groupId"] == 124, json.dumps(groups))

    listed = session.get(API).json()
    check("list items carry actions", all(isinstance(item.get("actions"), dict) for item in listed), json.dumps(listed)[:300])

    credential = full["credentials"][0]["credentialId"]
    credential_path = f"{path}/credentials/{credential}"
    day = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%S")
    for case in SHAPES["credential_update"]:
        body = {"expiresOn": f"{day}{case['fraction']}Z", "status": case["status"]}
        if "description" in case:
            body["description"] = case["description"]
        response = session.put(credential_path, json=body)
        check(f"{case['name']}: 200", response.status_code == 200, response.text)
    response = session.put(credential_path, json={"expiresOn": f"{day}Z", "status": "ACTIVE"})
    check("expiresOn without milliseconds: 400", response.status_code == 400, response.text)

    response = session.post(API, data=json.dumps(SHAPES["create"][0]["body"]), headers={"Content-Type": "text/plain"})
    check("a JSON body sent as text/plain: 415", response.status_code == 415, response.text)


if __name__ == "__main__":
    try:
        main()
    except Exception:
        traceback.print_exc()
        check("ran to the end", False)
    print(f"checks: {passed} passed, {failed} failed")
    sys.exit(1 if failed or passed == 0 else 0)
