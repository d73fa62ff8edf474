-- wrk: rewrite an aspect of reviews taken in turn from REVIEWS (comma-separated ids), each
-- request with a new text (rewriting the same text records nothing), as the bearer TOKEN.
local ids = {}
for id in string.gmatch(os.getenv("REVIEWS") or "", "[^,]+") do ids[#ids + 1] = id end
local token = os.getenv("TOKEN") or ""
local n = 0
local aspects = {"daily_conduct", "family_and_parenting", "trigger_and_course", "risks_and_measures"}

request = function()
  n = n + 1
  local id = ids[(n % #ids) + 1]
  local aspect = aspects[(math.floor(n / #ids) % 4) + 1]
  local body = '{"text": "该生平时表现良好，学习成绩中等，与同学关系融洽，事发前两周情绪有明显波动。第' .. n .. '稿"}'
  return wrk.format("PUT", "/api/v1/reviews/" .. id .. "/aspects/" .. aspect,
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, ' ..
    '"p90_us": %d, "p99_us": %d, "max_us": %d, "status": %d, "timeout": %d, ' ..
    '"connect": %d, "read": %d, "write": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, e.status, e.timeout,
    e.connect, e.read, e.write))
end
