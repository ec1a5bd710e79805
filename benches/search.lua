-- wrk script: catalog searches a citizen would type on a phone, without accents, rotating.
-- Arguments: "gzip" sends Accept-Encoding as browsers do; "cold" makes every query string
-- unique, so no answer is reused and each search is computed afresh.
local queries = {
  "dang%20ky%20khai%20sinh", "dat%20dai", "chung%20thuc%20ban%20sao", "giay%20phep%20lai%20xe",
  "ket%20hon", "dang%20ky%20thuong%20tru", "cap%20lai%20giay%20chung%20nhan", "thue",
  "ho%20chieu", "can%20cuoc", "khai%20tu", "xay%20dung", "giay%20phep%20kinh%20doanh",
  "bao%20hiem", "ho%20kinh%20doanh", "dang%20ky%20doanh%20nghiep", "le%20phi%20truoc%20ba",
  "nhan%20con%20nuoi", "ly%20lich%20tu%20phap", "giam%20ho", "cap%20phep%20xay%20dung",
  "quyen%20su%20dung%20dat", "thue%20thu%20nhap%20ca%20nhan", "hai%20quan",
}
local i = 0
local cold = false
init = function(args)
  for _, arg in ipairs(args) do
    if arg == "gzip" then wrk.headers["Accept-Encoding"] = "gzip, deflate, br" end
    if arg == "cold" then cold = true end
  end
  i = math.random(1, 1000000) * 1000
end
request = function()
  i = i + 1
  local q = queries[(i % #queries) + 1]
  local path = "/api/v1/procedures?q=" .. q .. "&limit=20"
  if cold then path = path .. "&n=" .. i end
  return wrk.format("GET", path)
end
