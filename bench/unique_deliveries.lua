-- wrk script: POSTs examples/payload.json with its git commit made unique for each request
-- (thread number and counter), so that every delivery is a new batch for the store and none is a
-- retry. Unsigned: both listeners compared accept unverified deliveries. done() prints each
-- thread's count, which the benchmarks compare with what the store holds.
-- Set BODY_FILE (and ROUND, for a later run) in the environment.
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  -- ROUND keeps each wrk run's deliveries apart from the last one's.
  thread:set("id", (tonumber(os.getenv("ROUND") or "0") or 0) * 100 + next_id)
  table.insert(threads, thread)
end

function init(args)
  local file = io.open(os.getenv("BODY_FILE"), "rb")
  local body = file:read("*a")
  file:close()
  local at = body:find('"commit_sha": *"')
  local value_start = body:find('"', body:find(":", at) + 1) + 1
  local value_end = body:find('"', value_start)
  prefix, suffix = body:sub(1, value_start - 1), body:sub(value_end)
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, prefix .. string.format("%08d%032d", id, counter) .. suffix)
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("thread %d sent %d\n", thread:get("id"), thread:get("counter")))
  end
end
