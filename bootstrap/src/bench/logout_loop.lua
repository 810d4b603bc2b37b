-- Issue 23's memory benchmark: each connection loops key login -> logout -> refresh with the logged-out token.
-- Run with as many connections as threads (-t N -c N): the state below is per thread, so per connection.
-- Counts logouts, and "revived": a logged-out refresh token accepted again (must stay 0).
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

local step = "login"
local token = nil
logouts = 0
revived = 0
failures = 0

function request()
  if step == "login" then
    return wrk.format("POST", os.getenv("LOGIN_PATH"), {["Content-Type"] = "application/json"},
      '{"key":"' .. os.getenv("KEY") .. '","options":{"device":{"sdkVersion":"bench"}}}')
  elseif step == "logout" then
    return wrk.format("DELETE", "/api/client/v2.0/auth/session", {["Authorization"] = "Bearer " .. token})
  else
    return wrk.format("POST", "/api/client/v2.0/auth/session", {["Authorization"] = "Bearer " .. token})
  end
end

function response(status, headers, body)
  if step == "login" then
    token = body:match('"refresh_token":"([^"]+)"')
    if status == 200 and token then step = "logout" else failures = failures + 1 end
  elseif step == "logout" then
    if status == 204 then logouts = logouts + 1; step = "check" else failures = failures + 1; step = "login" end
  else
    if status ~= 401 then revived = revived + 1 end
    step = "login"
  end
end

function done(summary, latency, requests)
  local l, r, f = 0, 0, 0
  for _, thread in ipairs(threads) do
    l = l + thread:get("logouts"); r = r + thread:get("revived"); f = f + thread:get("failures")
  end
  io.write(string.format("LOGOUTS %d REVIVED %d FAILURES %d SECONDS %.1f\n", l, r, f, summary.duration / 1e6))
end
