-- wrk script: catalog searches a citizen would type, without accents, rotating.
local queries = {
  "dang%20ky%20khai%20sinh",
  "dat%20dai",
  "chung%20thuc%20ban%20sao",
  "giay%20phep%20lai%20xe",
  "ket%20hon",
  "dang%20ky%20thuong%20tru",
  "cap%20lai%20giay%20chung%20nhan",
  "thue",
}
local i = 0
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  return wrk.format("GET", "/api/v1/procedures?q=" .. q .. "&limit=20")
end
