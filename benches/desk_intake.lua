-- The desk intake's submit (multipart, as the browser sends it) with the clerk's page
-- session: args are the Cookie header, the session's form token, the procedure and the
-- checklist's places to tick ("0,1"). Each request has its own idempotency key.
local cookie, csrf, procedure, ticks
local n = 0
local boundary = "----deskbench7MA4YWxkTrZu0gW"

function init(args)
  cookie, csrf, procedure, ticks = args[1], args[2], args[3], args[4]
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name ..
    "\"\r\n\r\n" .. value .. "\r\n"
end

function request()
  n = n + 1
  local parts = {
    field("csrf", csrf),
    field("key", string.format("bench-%d-%d-%d", os.time(), math.random(1e9), n)),
    field("procedure", procedure),
    field("name", "Nguyễn Văn An"),
    field("id_kind", "citizen_id"),
    field("id_number", "001203004567"),
    field("phone", "0912345678"),
    field("address", "Thôn 3"),
    field("channel", "in_person"),
  }
  for i in string.gmatch(ticks, "%d+") do
    parts[#parts + 1] = field("documents[" .. i .. "]", "1")
    parts[#parts + 1] = field("originals[" .. i .. "]", "1")
    parts[#parts + 1] = field("copies[" .. i .. "]", "0")
  end
  local body = table.concat(parts) .. "--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/staff/desk/intake", {
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
    ["Cookie"] = cookie,
    ["Accept"] = "text/html",
  }, body)
end
