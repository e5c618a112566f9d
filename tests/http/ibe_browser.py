"""A minimal no-JavaScript browser for the IBE's HTML pages: keeps cookies, submits forms as a browser would
(application/x-www-form-urlencoded), follows nothing on its own so tests see every redirect."""
import html.parser
import urllib.parse


class Page:
    def __init__(self, status, headers, body, cookies_set, raw=b""):
        self.status = status
        self.raw = raw  # the body's bytes (a download)
        self.headers = headers
        self.body = body
        self.cookies_set = cookies_set  # the Set-Cookie header lines of this response
        self.forms = FormParser.parse(body) if body.lstrip().startswith("<!doctype html>") else []

    def form(self, action_part):
        for f in self.forms:
            if action_part in f["action"]:
                return f
        raise AssertionError(f"no form posting to {action_part}: {[f['action'] for f in self.forms]}")

    def radios(self, name):
        return [value for n, value in self.forms_radios() if n == name]

    def forms_radios(self):
        for f in self.forms:
            yield from f["radios"]


class FormParser(html.parser.HTMLParser):
    """Every <form> with its hidden and visible fields (name -> value; a textarea's its text), its radio choices and
    select options."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.select = None
        self.textarea = None

    @classmethod
    def parse(cls, text):
        parser = cls()
        parser.feed(text)
        return parser.forms

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"), "fields": {},
                               "radios": [], "selects": {}})
        if not self.forms:
            return
        form = self.forms[-1]
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "checkbox":  # sent only when ticked, as "on" when it has no value
                if "checked" in a:
                    form["fields"][a["name"]] = a.get("value", "on")
            elif kind == "radio":
                form["radios"].append((a["name"], a.get("value", "")))
                if "checked" in a:
                    form["fields"][a["name"]] = a.get("value", "")
            else:
                form["fields"][a["name"]] = a.get("value", "") or ""
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            form["fields"][self.textarea] = ""
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
            form["selects"][self.select] = []
            form["fields"].setdefault(self.select, "")
        elif tag == "option" and self.select:
            form["selects"][self.select].append(a.get("value", ""))
            # As a browser does: the selected option, or else the first.
            if "selected" in a or len(form["selects"][self.select]) == 1:
                form["fields"][self.select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.forms:
            self.forms[-1]["fields"][self.textarea] += data


class Browser:
    """Speaks to `server` (a jw.Client or Server) in its scheme, on its port or the one given."""

    def __init__(self, server, headers=None, port=None):
        self.server = server
        self.port = port or server.port  # the back office's listener, say
        self.cookies = {}
        self.headers = dict(headers or {})

    def _send(self, method, path, data=None, content_type=None):
        conn = self.server.connection(30, port=self.port)  # HTTP or HTTPS, as the server speaks
        try:
            headers = dict(self.headers)
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if data is not None:
                headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
            body = raw.decode("utf-8", errors="replace")
            set_cookies = resp.msg.get_all("Set-Cookie") or []
            for line in set_cookies:
                name, _, rest = line.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return Page(resp.status, dict(resp.getheaders()), body, set_cookies, raw)
        finally:
            conn.close()

    def get(self, path):
        return self._send("GET", path)

    def post(self, path, fields, content_type=None):
        return self._send("POST", path, urllib.parse.urlencode(fields).encode(), content_type)

    def post_multipart(self, path, fields, files):
        """A form with files (multipart/form-data), as a browser posts one: `files` maps a field to (name, bytes)."""
        boundary = "----jetwaytest7MA4YWxkTrZu0gW"
        body = b""
        for name, value in fields.items():
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, (filename, data) in files.items():
            body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     f"Content-Type: image/png\r\n\r\n").encode() + data + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        return self._send("POST", path, body, f"multipart/form-data; boundary={boundary}")

    def submit(self, form, **changes):
        fields = dict(form["fields"])
        fields.update(changes)
        fields = {k: v for k, v in fields.items() if v is not None}
        if form["method"].lower() == "get":
            return self.get(form["action"] + "?" + urllib.parse.urlencode(fields))
        return self.post(form["action"], fields)

    def follow(self, page):
        assert page.status == 303, (page.status, page.body[:500])
        location = page.headers["Location"]
        assert location.startswith("/"), location
        return self.get(location)
