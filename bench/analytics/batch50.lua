-- 50 events per request with insert_ids and a fixed time; one request in ten resends the previous batch,
-- so the unique index and ON CONFLICT DO NOTHING do real work.
local token = os.getenv("BENCH_TOKEN")
local ts = os.time()
local counter = 0
-- Set per thread by setup(): a global, so that each thread's request() sees its own (a local here shadowed it,
-- and both threads sent the same insert_ids: half the "sustained" events were duplicates).
threadId = 0
local nextThread = 0

function setup(thread)
  thread:set("threadId", nextThread)
  nextThread = nextThread + 1
end

function request()
  counter = counter + 1
  local n = counter
  if n % 10 == 0 then
    n = n - 1
  end
  local parts = {}
  for i = 1, 50 do
    parts[i] = string.format('{"event":"bench batch","token":"%s","distinct_id":"u%d","time":%d,'
      .. '"insert_id":"%s-%d-%d-%d","properties":{"plan":"pro","i":%d}}', token, i, ts, os.getenv("BENCH_RUN"),
      threadId, n, i, i)
  end
  return wrk.format("POST", "/v1/events", {["Content-Type"] = "application/json"},
    "[" .. table.concat(parts, ",") .. "]")
end
