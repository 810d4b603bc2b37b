-- Key creation, each followed by the deletion of the key it made (a user holds at most 20 keys), on one
-- user per wrk thread (TOKENS file: one password session's refresh token per line, a user with no keys).
-- Counts both requests: halve requests/s for creations/s.
local token
local pending = {}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  local n = 0
  local id = wrk.thread:get("id")
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    n = n + 1
    if n == id then token = line:match("^(%S+)") end
  end
  math.randomseed(os.time() * 1000 + id)
end
function request()
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}
  if #pending > 0 then
    return wrk.format("DELETE", "/api/client/v2.0/auth/api_keys/" .. table.remove(pending), headers)
  end
  return wrk.format("POST", "/api/client/v2.0/auth/api_keys", headers,
    '{"name":"c' .. math.random(1, 2000000000) .. '"}')
end
function response(status, headers, body)
  if status == 201 then
    local id = body:match('"_id"%s*:%s*"([0-9a-f]+)"')
    if id then pending[#pending + 1] = id end
  end
end
