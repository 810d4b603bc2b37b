-- Email/password login of one user (its cost is the password hash, Argon2id by default, by design).
function request()
  return wrk.format("POST", os.getenv("PASSWORD_LOGIN_PATH"), {["Content-Type"] = "application/json"},
    '{"username":"' .. os.getenv("BENCH_EMAIL") .. '","password":"bench-password"}')
end
