-- P2: online submissions spread over the generated district's 18 open commune desks and 10
-- procedures (the desks of the communes merged on 2020-02-01 no longer receive).
local n = 0
local desks = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 19, 22, 23, 24}

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  n = n + 1
  local desk = string.format("B98.%02d", desks[math.random(#desks)])
  local procedure = string.format("1.98%04d", math.random(0, 9))
  local body = '{"office_code":"' .. desk .. '","procedure_code":"' .. procedure ..
    '","channel":"online","applicant":{"name":"Nguyễn Văn An","id_kind":"citizen_id",' ..
    '"id_number":"001203004567","phone":"0912345678","email":null,"address":"Thôn 3"},' ..
    '"documents":[{"name":"Tờ khai","originals":1,"copies":0}]}'
  return wrk.format("POST", "/api/v1/applications", {["Content-Type"] = "application/json"}, body)
end
