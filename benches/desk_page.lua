-- The desk's queue page with the clerk's page session: args[1] is the Cookie header.
local cookie
function init(args) cookie = args[1] end
function request()
  return wrk.format("GET", "/staff/desk", { ["Cookie"] = cookie, ["Accept"] = "text/html" })
end
