-- One native event per request, no insert_id: each gets a fresh UUID, so each is stored.
local token = os.getenv("BENCH_TOKEN")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"event":"bench single","token":"' .. token .. '","distinct_id":"u1","properties":{"plan":"pro","n":1}}'
