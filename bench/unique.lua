-- wrk script: like mixed.lua, but every request carries an Accept-Language
-- value never sent before: a real browser's header followed by ranges made
-- unique by a counter, such as "de,en-US;q=0.7,en;q=0.3,x1-5f3a;q=0.2,a5f3a;q=0.1".
-- It is an attacker defeating the resolver's caches (the chain cache keyed by
-- the whole value, the range cache keyed by each range): every request
-- misses both, and the server's memory must stay bounded all the same.
local codes = {1000, 1001, 2000, 2004, 2006, 2020, 2026, 2100, 2206, 2231, 3620, 4212, 5023, 7348, 8128}
local headers = {
  "en-US,en;q=0.9",
  "zh-CN,zh;q=0.9",
  "zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7",
  "ja,en-US;q=0.9,en;q=0.8",
  "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
  "de,en-US;q=0.7,en;q=0.3",
  "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7",
  "es-ES,es;q=0.8,en-US;q=0.5,en;q=0.3",
  "pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7",
  "ru-RU,ru;q=0.8,en-US;q=0.5,en;q=0.3",
  "en-GB,en;q=0.9",
  "zh-HK,zh;q=0.9,en;q=0.8",
}

-- Each thread has a Lua state of its own; its id keeps the values of
-- different threads apart.
local threads = 0
setup = function(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local i = 0
request = function()
  i = i + 1
  local path = "/v1/errors/" .. codes[(i % #codes) + 1]
  local accept = string.format("%s,x%d-%x;q=0.2,a%x;q=0.1", headers[(i % #headers) + 1], tid or 0, i, i)
  return wrk.format("GET", path, { ["Accept-Language"] = accept })
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT rps=%.0f p50_us=%d p99_us=%d requests=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99), summary.requests, errors))
end
