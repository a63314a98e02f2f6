-- wrk script: POSTs the 2 KB sample order, each request with its own order id, so every
-- facade call stores a real idempotency record and every event is a new event.
--   wrk ... -s post_order.lua <url> -- <mode> <body file> <run tag> [username password]
-- mode "facade": the body is the sample's `data` object; "event": the whole envelope (with a
-- unique event_id too). The body file holds __ORDER_ID__ (and __EVENT_ID__) placeholders.
-- done() prints one RESULT line that bench/run.sh reads.

local threads = {}
local next_thread = 0

function setup(thread)
  thread:set("thread_tag", tostring(next_thread))
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

local body_template
local tag
local counter = 0

function init(args)
  local mode, body_file, run_tag, username, password = args[1], args[2], args[3], args[4], args[5]
  local file = assert(io.open(body_file, "rb"), "cannot read " .. tostring(body_file))
  body_template = file:read("a")
  file:close()
  tag = run_tag .. "-" .. thread_tag .. "-"
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if username then
    wrk.headers["username"] = username
    wrk.headers["password"] = password
  end
  if mode ~= "facade" and mode ~= "event" then error("mode must be facade or event") end
end

function request()
  counter = counter + 1
  local id = tag .. counter
  local body = body_template:gsub("__ORDER_ID__", "ORD-" .. id):gsub("__EVENT_ID__", "evt-" .. id)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), bad))
end
