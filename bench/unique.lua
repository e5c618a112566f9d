-- wrk script: report.lua's GET, each request carrying a header no other request has (X-Bench-Request: thread and
-- count), so nothing that remembers requests (the firewall's verdict cache) can answer it from memory: what a search
-- costs when it is seen for the first time. Prints the figures as report.lua does.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local thread_count = 0
function setup(thread)
  thread_count = thread_count + 1
  thread:set("id", thread_count)
end

local count = 0
function request()
  count = count + 1
  wrk.headers["X-Bench-Request"] = string.format("%d-%d", id or 0, count)
  return wrk.format()
end
