-- wrk script: every request files a new petition with its own Idempotency-Key, as a phone would.
local counter = 0
local thread_id = 0
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("tid", next_thread)
end

function init(args)
  thread_id = tid
end

local body = '{"categoryCode":"NOISE","text":"基准测试：夜间噪音扰民","communityId":1,"address":"基准路1号"}'

function request()
  counter = counter + 1
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Idempotency-Key"] = "bench-" .. thread_id .. "-" .. counter .. "-" .. os.time()
  return wrk.format("POST", "/api/petitions", nil, body)
end
