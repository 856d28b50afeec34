-- wrk script for bench/hub_ingest.py: POST /api/v1/usage with distinct usage batches.
--
-- Arguments (after `--`): the tokens file (lines "<site-id> <token>"), the counts per batch, and
-- a run id (makes the installation ids unique to the run). Each wrk thread is its own kiosk
-- installation; request n of a thread goes to site n mod sites with that site's next batch
-- number, so no two requests of a run share a (site, installation, batch) key. The counts are
-- built once per thread (the server parses and stores every row of every batch all the same).
-- done() prints one machine-readable line, `WRKRESULT key=value ...`, for the Python script.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("tid", #threads)
end

function init(args)
   sites, tokens = {}, {}
   for line in io.lines(args[1]) do
      local site, token = line:match("^(%S+) (%S+)$")
      if site then
         table.insert(sites, site)
         table.insert(tokens, token)
      end
   end
   local rows = {}
   for i = 1, tonumber(args[2]) do
      rows[i] = string.format(
         '{"resource":"R%06d","day":"2026-11-%02d","source":"%s","plays":12,"views":9,"completions":4,'
            .. '"watchSeconds":5400}', i, 1 + i % 28, i % 2 == 0 and "tv" or "phone")
   end
   counts = table.concat(rows, ",")
   installation = string.format("%08x-0000-4000-8000-%012x", tonumber(args[3]), tid)
   numbers, sent, stored, duplicate, other = {}, 0, 0, 0, 0
end

function request()
   sent = sent + 1
   local index = sent % #sites + 1
   local number = (numbers[index] or 0) + 1
   numbers[index] = number
   local body = string.format(
      '{"format":"yinling-usage/1","site":"%s","installation":"%s","batch":%d,'
         .. '"createdAt":"2026-11-21T02:00:05+08:00","kiosk":{"version":"bench"},"counts":[%s]}',
      sites[index], installation, number, counts)
   return wrk.format("POST", "/api/v1/usage",
                     { ["Authorization"] = "Bearer " .. tokens[index],
                       ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
   if status == 200 and body:find('"duplicate":false', 1, true) then
      stored = stored + 1
   elseif status == 200 then
      duplicate = duplicate + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local s, d, o = 0, 0, 0
   for _, thread in ipairs(threads) do
      s = s + thread:get("stored")
      d = d + thread:get("duplicate")
      o = o + thread:get("other")
   end
   io.write(string.format(
      "WRKRESULT requests=%d bytes=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
         .. "stored=%d duplicate=%d other=%d err_connect=%d err_read=%d err_write=%d err_status=%d "
         .. "err_timeout=%d\n",
      summary.requests, summary.bytes, summary.duration, latency:percentile(50), latency:percentile(90),
      latency:percentile(99), latency.max, s, d, o, summary.errors.connect, summary.errors.read,
      summary.errors.write, summary.errors.status, summary.errors.timeout))
end
