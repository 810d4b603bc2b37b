-- API-key login with a pool of valid keys (KEYS file: "<key> <key id> <owner id>" per line).
local keys = {}
local counter = 0
function init(args)
  for line in io.lines(os.getenv("KEYS_FILE")) do
    keys[#keys + 1] = line:match("^(%S+)")
  end
  counter = math.random(#keys)
end
function request()
  counter = counter % #keys + 1
  return wrk.format("POST", os.getenv("LOGIN_PATH"), {["Content-Type"] = "application/json"},
    '{"key":"' .. keys[counter] .. '","options":{"device":{"sdkVersion":"bench"}}}')
end
