-- A refresh-token route (METHOD, PATH_TEMPLATE with {key} for a key of the token's user).
-- TOKENS file: "<refresh token> <user id>"; KEYS file: "<key> <key id> <owner id>".
local tokens = {}
local keysByOwner = {}
local counter = 0
local flip = {}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  -- each wrk thread gets its own random sequence, so generated key names do not collide
  math.randomseed(os.time() * 1000 + (wrk.thread:get("id") or 0))
  for line in io.lines(os.getenv("KEYS_FILE")) do
    local _, id, owner = line:match("^(%S+) (%S+) (%S+)")
    keysByOwner[owner] = keysByOwner[owner] or id
  end
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    local token, user = line:match("^(%S+) (%S+)")
    tokens[#tokens + 1] = {token, user}
  end
  counter = math.random(#tokens)
end
function request()
  counter = counter % #tokens + 1
  local token, user = tokens[counter][1], tokens[counter][2]
  local path = os.getenv("PATH_TEMPLATE")
  local method = os.getenv("METHOD")
  local body = nil
  local headers = {["Authorization"] = "Bearer " .. token}
  if path:find("{key}") then
    path = path:gsub("{key}", keysByOwner[user] or "000000000000000000000000")
  end
  if path:find("{toggle}") then
    flip[counter] = not flip[counter]
    path = path:gsub("{toggle}", flip[counter] and "disable" or "enable")
  end
  if method == "POST" then
    headers["Content-Type"] = "application/json"
    body = '{"name":"bench-' .. counter .. '-' .. math.random(1000000000) .. '"}'
  end
  return wrk.format(method, path, headers, body)
end
