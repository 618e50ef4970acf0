-- POST a form body given in the environment (BODY, optional BASIC for client authentication).
wrk.method = "POST"
wrk.body = os.getenv("BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local basic = os.getenv("BASIC")
if basic and basic ~= "" then
    wrk.headers["Authorization"] = "Basic " .. basic
end
