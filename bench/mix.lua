-- wrk request mix for the whole-service benchmark: the demo's CPU-bound routes in turn
-- (catalog copy, scoring with drift observation, allocation-heavy report).
local body = '{"age":42,"income":50000,"country":"US","device":"mobile"}'
local n = 0
request = function()
  n = n + 1
  local i = n % 4
  if i == 1 then
    return wrk.format("POST", "/score", { ["Content-Type"] = "application/json" }, body)
  elseif i == 2 then
    return wrk.format("GET", "/report")
  end
  return wrk.format("GET", "/catalog/p" .. (n % 100))
end
