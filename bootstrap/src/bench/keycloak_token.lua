-- Keycloak's client-credentials grant (the peer scenario): one token per request, as a key login.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "grant_type=client_credentials&client_id=bench-service&client_secret=bench-secret"
function request()
  return wrk.format(nil, "/realms/bench/protocol/openid-connect/token")
end
