-- P1: public tracking lookups, a random (code, PIN) pair from the file given after `--`.
local pairs_ = {}

function init(args)
  for line in io.lines(args[1]) do
    local code, pin = line:match("([^,]+),([^,]+)")
    if code then table.insert(pairs_, {code, pin}) end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

function request()
  local p = pairs_[math.random(#pairs_)]
  return wrk.format("GET", "/api/v1/tracking/" .. p[1] .. "?pin=" .. p[2])
end
