-- RFC 7662 introspection of API keys by a service (POST /api/client/v2.0/auth/introspect), with a pool of
-- valid user keys (KEYS file as for login.lua) and the service's server key in SERVER_KEY.
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
  return wrk.format("POST", "/api/client/v2.0/auth/introspect",
    {["Content-Type"] = "application/x-www-form-urlencoded", ["Authorization"] = "Bearer " .. os.getenv("SERVER_KEY")},
    "token=" .. keys[counter])
end
