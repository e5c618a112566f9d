-- wrk script: hold + confirm bookings against jetway.
--
--   wrk -s bench/booking.lua http://127.0.0.1:PORT -- FLIGHT_ID_FILE
--
-- FLIGHT_ID_FILE holds one flight id a line. Each wrk thread round-robins over the flights (starting at its own
-- offset) and sends POST /api/v1/bookings for one adult in class Y. A 201 reply's locator goes on the thread's
-- queue; the next request any connection of that thread makes is then POST /api/v1/bookings/LOCATOR/confirm
-- (a test card, with the hold's X-Hold-Token). A confirm answered 200 is one completed booking. wrk gives a script no per-connection identity, so the
-- request kind and the flight id travel in X-Request-Id (jetway echoes a well-formed client id), which is how a
-- 409 SEATS_UNAVAILABLE / FLIGHT_CLOSED answer is tied back to its flight: that flight is then skipped.
-- done() prints "BENCH key value" lines for bench/run.sh.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

-- per-thread state (globals, so done() can read them with thread:get)
flights = {}
dead = {}
dead_count = 0
all_full = 0
next_idx = 1
pending = {}
phead, ptail = 1, 0
pending_count = 0
seq = 0
holds = 0
confirms = 0
non2xx = 0
unparsed = 0
codes = {}

-- With a nationality and a date of birth: Fjordfly (Q9) asks every passenger for them.
local confirm_body = '{"passengers":[{"pax_type":"ADT","title":"MR","first_name":"Bench","last_name":"Mark",'
  .. '"nationality":"DK","date_of_birth":"1980-01-01"}],'
  .. '"contact":{"email":"bench@example.com","phone":"+4532313231"},"payment":{"method":"test_card","card":'
  .. '{"number":"4242424242424242","expiry_month":12,"expiry_year":2099,"cvc":"123","holder":"BENCH MARK"}}}'

function init(args)
  local path = args[1]
  if not path then error("booking.lua: pass the flight id file after --") end
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    local id = tonumber(line)
    if id then flights[#flights + 1] = id end
  end
  f:close()
  if #flights == 0 then error("booking.lua: no flight ids in " .. path) end
  local n = tonumber(args[2]) or 2
  next_idx = (math.floor(#flights * (tid or 0) / n) % #flights) + 1
end

local function pick_flight()
  for _ = 1, #flights do
    local fid = flights[next_idx]
    next_idx = next_idx % #flights + 1
    if not dead[fid] then return fid end
  end
  all_full = 1
  local fid = flights[next_idx]
  next_idx = next_idx % #flights + 1
  return fid
end

-- Each hold comes from its own passenger's address, as through the load balancer in production (bench/run.sh
-- trusts 127.0.0.1's X-Forwarded-For): the per-client hold limits are counted one client after the other, so
-- bookings that all came from 127.0.0.1 would measure one client's queue, not the airline's booking rate.
function passenger_address()
  return string.format("10.%d.%d.%d", tid % 256, math.floor(seq / 256) % 256, seq % 256)
end

function request()
  seq = seq + 1
  if phead <= ptail then
    local hold = pending[phead]
    pending[phead] = nil
    phead = phead + 1
    pending_count = ptail - phead + 1
    return wrk.format("POST", "/api/v1/bookings/" .. hold.locator .. "/confirm",
      {["Content-Type"] = "application/json", ["X-Request-Id"] = "bc-" .. tid .. "-" .. seq,
       ["X-Hold-Token"] = hold.token}, confirm_body)
  end
  local fid = pick_flight()
  local body = '{"segments":[{"flight_id":' .. fid .. ',"booking_class":"Y"}],"passengers":{"adults":1}}'
  return wrk.format("POST", "/api/v1/bookings",
    {["Content-Type"] = "application/json", ["X-Request-Id"] = "bh-" .. fid .. "-" .. tid .. "-" .. seq,
     ["X-Forwarded-For"] = passenger_address()}, body)
end

local function header(headers, name)
  local v = headers[name]
  if v then return v end
  local lname = name:lower()
  for k, value in pairs(headers) do
    if k:lower() == lname then return value end
  end
  return nil
end

function response(status, headers, body)
  local rid = header(headers, "X-Request-Id") or ""
  local kind = rid:sub(1, 3)
  if kind ~= "bh-" and kind ~= "bc-" then
    -- fallback if the id did not come back: a hold answers 201, a confirm 200
    kind = (status == 201) and "bh-" or ((status == 200) and "bc-" or "?")
  end
  if status >= 200 and status < 300 then
    if kind == "bh-" then
      local locator = body and body:match('"locator"%s*:%s*"(%w+)"')
      local token = body and body:match('"hold_token"%s*:%s*"(%x+)"')
      if locator and token then
        holds = holds + 1
        ptail = ptail + 1
        pending[ptail] = { locator = locator, token = token }
        pending_count = ptail - phead + 1
      else
        unparsed = unparsed + 1
      end
    else
      confirms = confirms + 1
    end
    return
  end
  non2xx = non2xx + 1
  local code = (body and body:match('"code"%s*:%s*"([%w_]+)"')) or "-"
  local what = (kind == "bh-") and "hold" or ((kind == "bc-") and "confirm" or "?")
  local key = what .. " " .. status .. " " .. code
  codes[key] = (codes[key] or 0) + 1
  if kind == "bh-" and (code == "SEATS_UNAVAILABLE" or code == "FLIGHT_CLOSED" or code == "FARE_NOT_FOUND") then
    local fid = tonumber(rid:match("^bh%-(%d+)%-"))
    if fid and not dead[fid] then
      dead[fid] = true
      dead_count = dead_count + 1
    end
  end
end

function done(summary, latency, requests)
  local h, c, n, u, d, p, full = 0, 0, 0, 0, 0, 0, 0
  local all_codes, dead_all = {}, {}
  for _, t in ipairs(threads) do
    h = h + (t:get("holds") or 0)
    c = c + (t:get("confirms") or 0)
    n = n + (t:get("non2xx") or 0)
    u = u + (t:get("unparsed") or 0)
    local td = t:get("dead")
    if type(td) == "table" then
      for fid in pairs(td) do dead_all[fid] = true end
    end
    p = p + (t:get("pending_count") or 0)
    full = math.max(full, t:get("all_full") or 0)
    local tc = t:get("codes")
    if type(tc) == "table" then
      for k, v in pairs(tc) do all_codes[k] = (all_codes[k] or 0) + v end
    end
  end
  for _ in pairs(dead_all) do d = d + 1 end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH seconds %.3f\n", seconds))
  io.write(string.format("BENCH requests_per_sec %.1f\n", summary.requests / seconds))
  io.write(string.format("BENCH p50_ms %.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH p99_ms %.3f\n", latency:percentile(99) / 1000))
  io.write(string.format("BENCH holds %d\n", h))
  io.write(string.format("BENCH bookings %d\n", c))
  io.write(string.format("BENCH bookings_per_sec %.1f\n", c / seconds))
  io.write(string.format("BENCH holds_per_sec %.1f\n", h / seconds))
  io.write(string.format("BENCH non2xx %d\n", n))
  io.write(string.format("BENCH unparsed_holds %d\n", u))
  io.write(string.format("BENCH unconfirmed_holds %d\n", p))
  io.write(string.format("BENCH flights_full %d\n", d))
  io.write(string.format("BENCH all_flights_full %d\n", full))
  io.write(string.format("BENCH socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
  for k, v in pairs(all_codes) do
    io.write(string.format("BENCH code %s %d\n", k, v))
  end
end
