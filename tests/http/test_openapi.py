"""The OpenAPI document describes every route, and live responses match the schemas it declares."""
import re
import unittest

from jw import card, Server, adults, today_plus


class SchemaError(AssertionError):
    pass


def validate(value, schema, doc, path="$"):
    """A small JSON Schema subset (OpenAPI 3.0 flavour): $ref, allOf, oneOf, anyOf, type, nullable, required,
    properties, items, enum, pattern, minimum, maximum. Enough to catch a field that is missing, renamed or mistyped."""
    if "$ref" in schema:
        node = doc
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        return validate(value, node, doc, path)
    if value is None and schema.get("nullable"):
        return
    for sub in schema.get("allOf", []):
        validate(value, sub, doc, path)
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            matched = 0
            for sub in schema[keyword]:
                try:
                    validate(value, sub, doc, path)
                    matched += 1
                except SchemaError:
                    pass
            if matched == 0 or (keyword == "oneOf" and matched > 1):
                raise SchemaError(f"{path}: {value!r} matches {matched} of the {keyword} schemas")
    if value is None:
        if not schema:
            return
        if "type" in schema or "properties" in schema:
            raise SchemaError(f"{path}: null where {schema.get('type', 'object')} expected")
        return
    kind = schema.get("type")
    checks = {"object": dict, "array": list, "string": str, "boolean": bool}
    if kind in checks and not isinstance(value, checks[kind]):
        raise SchemaError(f"{path}: expected {kind}, got {type(value).__name__}")
    if kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
        raise SchemaError(f"{path}: expected integer, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        raise SchemaError(f"{path}: {value!r} not in {schema['enum']}")
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        raise SchemaError(f"{path}: {value!r} does not match {schema['pattern']}")
    if "minimum" in schema and value < schema["minimum"]:
        raise SchemaError(f"{path}: {value} below minimum")
    if "maximum" in schema and value > schema["maximum"]:
        raise SchemaError(f"{path}: {value} above maximum")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                raise SchemaError(f"{path}: missing required field {name}")
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                validate(value[name], sub, doc, f"{path}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            validate(item, schema["items"], doc, f"{path}[{i}]")


class OpenApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server().start()
        status, cls.doc, _ = cls.server.request("GET", "/api/v1/openapi.json")
        assert status == 200

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def check(self, template, method, response):
        status, body, _ = response
        operation = self.doc["paths"][template][method]
        self.assertIn(str(status), operation["responses"], f"{method.upper()} {template} answered undocumented {status}")
        content = operation["responses"][str(status)]
        if "$ref" in content:
            content = self.doc["components"]["responses"][content["$ref"].split("/")[-1]]
        schema = content.get("content", {}).get("application/json", {}).get("schema")
        if schema:
            validate(body, schema, self.doc)
        return body

    def test_document_lists_every_route(self):
        self.assertTrue(self.doc["openapi"].startswith("3."))
        self.assertEqual(set(self.doc["paths"]), {
            "/healthz", "/readyz", "/api/v1/airports", "/api/v1/routes", "/api/v1/availability", "/api/v1/bookings",
            "/api/v1/bookings/{locator}", "/api/v1/bookings/{locator}/confirm", "/api/v1/bookings/{locator}/cancel",
            "/api/v1/bookings/{locator}/change", "/api/v1/bookings/{locator}/segments/{segment}/cancel",
            "/api/v1/bookings/{locator}/check-in", "/api/v1/bookings/{locator}/segments/{segment}/seats",
            "/api/v1/bookings/{locator}/ssrs", "/api/v1/bookings/{locator}/ssrs/withdraw",
            "/api/v1/bookings/{locator}/segments/{segment}/boarding-passes", "/api/v1/bookings/{locator}/extras",
            "/api/v1/bookings/{locator}/schedule-changes", "/api/v1/bookings/{locator}/schedule-changes/{change}",
            "/api/v1/openapi.json", "/api/v1/docs"})

    def test_the_interactive_reference_is_served_from_here(self):
        status, page, headers = self.server.request("GET", "/api/v1/docs")
        self.assertEqual(status, 200, page)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertIn('data-openapi="/api/v1/openapi.json"', page)
        policy = headers["Content-Security-Policy"]
        self.assertIn("script-src 'self';", policy)
        self.assertNotIn("http", policy)
        self.assertNotIn("unsafe", policy)
        assets = re.findall(r'(?:src|href)="(/static/[a-z-]+\.[0-9a-f]{16}\.(?:js|css))"', page)
        self.assertEqual([re.sub(r"\.[0-9a-f]{16}", "", a) for a in assets],
                         ["/static/swagger-ui.css", "/static/swagger-ui-bundle.js", "/static/api-reference.js"])
        for asset in assets:
            status, body, headers = self.server.request("GET", asset, headers={"Accept-Encoding": "gzip"})
            self.assertEqual((status, headers["Content-Encoding"]), (200, "gzip"), asset)
            self.assertIn("immutable", headers["Cache-Control"])

    def test_change_fee_is_money_or_null(self):
        conditions = {"$ref": "#/components/schemas/FareConditions"}
        fare = {"refundable": False, "changeable": False, "checked_bags": 0}
        validate(dict(fare, change_fee=None), conditions, self.doc)
        validate(dict(fare, change_fee={"amount": "25.00", "currency": "EUR"}), conditions, self.doc)
        for wrong in ("25.00", {"amount": "25.00"}, {}):
            with self.assertRaises(SchemaError):
                validate(dict(fare, change_fee=wrong), conditions, self.doc)

    def test_live_responses_match_the_document(self):
        s = self.server
        self.check("/healthz", "get", s.request("GET", "/healthz"))
        for template in ("/healthz", "/readyz", "/api/v1/routes", "/api/v1/openapi.json"):
            body = self.check(template, "get", s.request("GET", f"{template}?%ZZ"))
            self.assertEqual(body["error"]["code"], "MALFORMED_QUERY")
        self.check("/readyz", "get", s.request("GET", "/readyz"))
        self.check("/api/v1/airports", "get", s.request("GET", "/api/v1/airports?q=riga"))
        self.check("/api/v1/airports", "get", s.request("GET", "/api/v1/airports"))
        self.check("/api/v1/routes", "get", s.request("GET", "/api/v1/routes"))
        body = self.check("/api/v1/availability", "get",
                          s.search("ABZ", "TLL", today_plus(16), adults=2, children=1, infants=1,
                                   return_date=today_plus(19)))
        self.assertTrue(body["outbound"] and body["outbound"][0]["offers"])
        self.check("/api/v1/availability", "get", s.search("ABZ", "XXX", today_plus(16)))
        flight_id = body["outbound"][0]["segments"][0]["flight_id"]
        held = self.check("/api/v1/bookings", "post",
                          s.hold([{"flight_id": flight_id, "booking_class": "M"}], adults=1))
        self.check("/api/v1/bookings", "post", s.hold([{"flight_id": 99999999, "booking_class": "M"}]))
        self.check("/api/v1/bookings", "post", s.request("POST", "/api/v1/bookings", raw=b"{"))
        locator = held["locator"]
        self.check("/api/v1/bookings/{locator}", "get", s.request("GET", f"/api/v1/bookings/{locator}"))
        self.check("/api/v1/bookings/{locator}", "get", s.request("GET", "/api/v1/bookings/AAAAAA"))
        later = s.search("ABZ", "TLL", today_plus(17))[1]["outbound"][0]["segments"][0]["flight_id"]
        change = {"segment": 1, "flight_id": later, "booking_class": "M"}
        self.check("/api/v1/bookings/{locator}/change", "post",
                   s.request("POST", f"/api/v1/bookings/{locator}/change", change,
                             {"X-Hold-Token": held["hold_token"]}))
        self.check("/api/v1/bookings/{locator}/change", "post",
                   s.request("POST", f"/api/v1/bookings/{locator}/change", {"segment": 1}))
        self.check("/api/v1/bookings/{locator}/change", "post",
                   s.request("POST", "/api/v1/bookings/AAAAAA/change", change))
        cancel_segment = "/api/v1/bookings/{locator}/segments/{segment}/cancel"
        self.check(cancel_segment, "post", s.request("POST", f"/api/v1/bookings/{locator}/segments/1/cancel"))
        self.check(cancel_segment, "post", s.request("POST", f"/api/v1/bookings/{locator}/segments/x/cancel"))
        two = s.hold([{"flight_id": flight_id, "booking_class": "M"}, {"flight_id": later, "booking_class": "M"}])
        self.check(cancel_segment, "post",
                   s.request("POST", f"/api/v1/bookings/{two[1]['locator']}/segments/2/cancel"))
        seats = "/api/v1/bookings/{locator}/segments/{segment}/seats"
        token = {"X-Hold-Token": held["hold_token"]}
        seat_map = self.check(seats, "get", s.request("GET", f"/api/v1/bookings/{locator}/segments/1/seats",
                                                      headers=token))
        self.check(seats, "get", s.request("GET", f"/api/v1/bookings/{locator}/segments/x/seats", headers=token))
        self.check(seats, "get", s.request("GET", "/api/v1/bookings/AAAAAA/segments/1/seats"))
        free = next(x["seat"] for row in seat_map["rows"] for x in row["seats"]
                    if x["status"] == "free" and not x["paid"] and x["cabin"] == seat_map["cabin"])
        unnamed = self.check(seats, "post", s.request("POST", f"/api/v1/bookings/{locator}/segments/1/seats",
                                                      {"seats": [{"passenger": 1, "seat": free}]}, token))
        self.assertEqual(unnamed["error"]["code"], "NAMES_REQUIRED")
        for body in ({"seats": [{"passenger": 1, "seat": "99Z"}]}, {"seats": [{"passenger": 1}]}, {}):
            self.check(seats, "post", s.request("POST", f"/api/v1/bookings/{locator}/segments/1/seats", body, token))
        passes = "/api/v1/bookings/{locator}/segments/{segment}/boarding-passes"
        self.check(passes, "get", s.request("GET", f"/api/v1/bookings/{locator}/segments/1/boarding-passes",
                                            headers=token))
        self.check(passes, "get", s.request("GET", f"/api/v1/bookings/{locator}/segments/x/boarding-passes"))
        for body in ({"segment": 1}, {"segment": 0}, {}):  # a hold does not check in; bad and missing segments
            self.check("/api/v1/bookings/{locator}/check-in", "post",
                       s.request("POST", f"/api/v1/bookings/{locator}/check-in", body))
        self.check("/api/v1/bookings/{locator}/confirm", "post", s.confirm(locator, adults(2)))
        self.check("/api/v1/bookings/{locator}/confirm", "post", s.confirm(locator, adults(1)))
        chosen = self.check(seats, "post", s.request("POST", f"/api/v1/bookings/{locator}/segments/1/seats",
                                                     {"seats": [{"passenger": 1, "seat": free}],
                                                      "last_name": "Hansen"}))
        self.assertEqual(chosen["seats"][0]["seat"], free, chosen)
        extras = "/api/v1/bookings/{locator}/extras"
        offered = self.check(extras, "get", s.request("GET", f"/api/v1/bookings/{locator}/extras?last_name=Hansen"))
        self.assertEqual({e["code"] for e in offered["extras"]}, {"BAG", "MEAL", "SEAT"})
        bag = {"extras": [{"passenger": 1, "segment": 1, "code": "BAG"}], "payment": card(), "last_name": "Hansen"}
        bought = self.check(extras, "post", s.request("POST", f"/api/v1/bookings/{locator}/extras", bag))
        self.assertEqual([e["code"] for e in bought["emds"]], ["BAG"])
        self.check(extras, "post", s.request("POST", f"/api/v1/bookings/{locator}/extras",
                                             {**bag, "payment": card("4000000000000002")}))
        for body in ({"extras": [{"passenger": 1, "segment": 1, "code": "LOUNGE"}]}, {"extras": "BAG"}, {}):
            self.check(extras, "post", s.request("POST", f"/api/v1/bookings/{locator}/extras",
                                                 {**body, "payment": card(), "last_name": "Hansen"}))
        ssrs, withdraw = "/api/v1/bookings/{locator}/ssrs", "/api/v1/bookings/{locator}/ssrs/withdraw"
        asked = self.check(ssrs, "post", s.request("POST", f"/api/v1/bookings/{locator}/ssrs", {
            "ssrs": [{"passenger": 1, "code": "WCHR"}, {"passenger": 1, "segment": 1, "code": "OTHS", "text": "aisle"}],
            "last_name": "Hansen"}))
        self.assertEqual([r["element"] for r in asked["ssrs"]], ["SSR OTHS X9 HK1 AISLE /P1", "SSR WCHR X9 HK1 /P1"])
        for body in ({"ssrs": [{"passenger": 1, "code": "XXXX"}]}, {"ssrs": "WCHR"}, {"ssrs": [{"code": "WCHR"}]}, {}):
            self.check(ssrs, "post", s.request("POST", f"/api/v1/bookings/{locator}/ssrs", {**body, "last_name": "Hansen"}))
        self.check(withdraw, "post", s.request("POST", f"/api/v1/bookings/{locator}/ssrs/withdraw",
                                              {"passenger": 1, "code": "WCHR", "last_name": "Hansen"}))
        self.check(withdraw, "post", s.request("POST", f"/api/v1/bookings/{locator}/ssrs/withdraw",
                                              {"passenger": 1, "code": "WCHR", "last_name": "Hansen"}))
        self.check("/api/v1/bookings/{locator}/cancel", "post",
                   s.request("POST", f"/api/v1/bookings/{locator}/cancel", {"last_name": "Hansen"}))
        self.check("/api/v1/bookings/{locator}/cancel", "post",
                   s.request("POST", f"/api/v1/bookings/{locator}/cancel", {"last_name": "Hansen"}))


if __name__ == "__main__":
    unittest.main()
