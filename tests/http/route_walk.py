"""The permission walk the two signed-in desks share (the back office, the agent portal): every route that
`jetway routes` lists refuses a stranger (a browser goes to the sign-in page, a JSON client gets 401 with the desk's
realm) and someone whose role lacks the route's permission (403 PERMISSION_DENIED), with the path's ids as 1."""
import json
import re

from ibe_browser import Browser

HTML = {"Accept": "text/html"}


def walk(test, server, port, routes, refused, realm, exempt=()):
    """Walks `routes` on the listener at `port`; `refused` is a signed-in Browser whose role grants none of the
    permissions asked but those in `exempt`. Returns how many routes' permissions were checked."""
    checked = 0
    for route in routes:
        if route["audience"] == "anyone":
            continue
        path = re.sub(r":\w+", "1", route["path"])
        stranger = Browser(server, HTML, port=port)
        page = stranger.get(path) if route["method"] == "GET" else stranger.post(path, {})
        if route["method"] == "GET":
            test.assertEqual(page.status, 303, route)
            test.assertTrue(page.headers["Location"].startswith("/login"), route)
        else:
            test.assertIn(page.status, (303, 403), route)
        api = Browser(server, {"Accept": "application/json"}, port=port)
        answer = api.get(path) if route["method"] == "GET" else api.post(path, {})
        test.assertIn(answer.status, (401, 403), route)
        if route["method"] == "GET":
            test.assertEqual(answer.status, 401, route)
            test.assertEqual(json.loads(answer.body)["error"]["code"], "AUTHENTICATION_REQUIRED")
            test.assertIn(f'realm="jetway {realm}"', answer.headers["WWW-Authenticate"])
        if route["permission"] and route["permission"] not in exempt:
            checked += 1
            denied = refused.get(path) if route["method"] == "GET" else refused.post(path, {})
            test.assertEqual(denied.status, 403, route)
            test.assertIn("PERMISSION_DENIED", denied.body)
    return checked
