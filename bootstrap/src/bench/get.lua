-- A plain GET of PATH (no body, no token).
function request()
  return wrk.format("GET", os.getenv("PATH_TEMPLATE"))
end
