-- The JSON desk submission by the same clerk (bearer token), the same application as
-- desk_intake.lua: args are the token, the office, the procedure and the documents' names
-- joined by "|".
local token, office, procedure, names

function init(args)
  token, office, procedure, names = args[1], args[2], args[3], args[4]
end

function request()
  local documents = {}
  for name in string.gmatch(names, "[^|]+") do
    documents[#documents + 1] = '{"name":"' .. name .. '","originals":1,"copies":0}'
  end
  local body = '{"office_code":"' .. office .. '","procedure_code":"' .. procedure ..
    '","channel":"in_person","applicant":{"name":"Nguyễn Văn An","id_kind":"citizen_id",' ..
    '"id_number":"001203004567","phone":"0912345678","email":null,"address":"Thôn 3"},' ..
    '"documents":[' .. table.concat(documents, ",") .. ']}'
  return wrk.format("POST", "/api/v1/applications", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
