-- PATCH /apps/$APP/formation with a changing quantity, so every request really scales (and fires events).
local token = os.getenv("TOKEN")
local app = os.getenv("APP")
local n = 0
request = function()
    n = n + 1
    local body = '{"updates":[{"type":"web","quantity":' .. (n % 10) .. '}]}'
    return wrk.format("PATCH", "/apps/" .. app .. "/formation",
        {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end
