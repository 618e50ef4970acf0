-- 50 events per request without insert_ids (each stored as new): the cheapest body for wrk to send.
local token = os.getenv("BENCH_TOKEN")
local parts = {}
for i = 1, 50 do
  parts[i] = '{"event":"bench burst","token":"' .. token .. '","distinct_id":"u' .. i
    .. '","properties":{"plan":"pro","i":' .. i .. '}}'
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = "[" .. table.concat(parts, ",") .. "]"
