-- wrk script: a rider somewhere in the city asks for the nearest open stations with a toilet and
-- phone charging; every request from a new random position (WGS-84) inside the benchmark square.
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("seed", next_thread * 7919)
end

function init(args)
  math.randomseed(seed)
end

-- Paced load (PALM_WRK_PAUSE_MS set): each connection waits a random 0 to 2x that many milliseconds
-- after each answer before asking again, so the offered rate is about connections / (pause + latency)
-- instead of as fast as the machine allows. wrk measures latency from sending to the answer, so the
-- pause is not counted in it.
local pause_ms = tonumber(os.getenv("PALM_WRK_PAUSE_MS") or "")
if pause_ms then
  function delay()
    return math.random() * 2 * pause_ms
  end
end

function request()
  local lat = 36.09 + (math.random() - 0.5) * 0.34
  local lng = 120.375 + (math.random() - 0.5) * 0.42
  local path = string.format(
    "/api/stations/nearby?lat=%.6f&lng=%.6f&coord=wgs84&radius=3000&amenity=TOILET,PHONE_CHARGING&openNow=true&limit=20",
    lat, lng)
  return wrk.format("GET", path, { ["X-Device-Id"] = "bench-" .. seed })
end
