-- wrk script: random, 1 MiB-aligned 1 MiB slices across several files.
--
--   wrk ... -s bench/range.lua <url> -- <slices per file> <path> [<path> ...]
--
-- Every request is `GET <path>` with `Range: bytes=a-b`, a = k * 1 MiB, b = a + 1 MiB - 1,
-- k uniform in [0, slices), path uniform among the given ones.
--
-- RANGE_CHECK=1 in the environment also checks every answer (status 206, body exactly 1 MiB,
-- Content-Range matching the request); wrk then copies every body into Lua, which costs
-- client CPU, so run.sh only uses it for a short check run before the measured runs.
--
-- done() prints one machine-readable line, `WRKRESULT key=value ...`, for run.sh.

local slice = 1048576
local slices = 64
local paths = {}
local check = os.getenv("RANGE_CHECK") == "1"

local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
   table.insert(threads, thread)
end

function init(args)
   slices = tonumber(args[1]) or slices
   for i = 2, #args do
      paths[#paths + 1] = args[i]
   end
   if #paths == 0 then
      error("range.lua: no paths given (wrk ... -- <slices> <path>...)")
   end
   math.randomseed(os.time() * 1000 + (id or 0) * 7919)
   checked, bad, first_bad = 0, 0, ""
end

function request()
   local path = paths[math.random(#paths)]
   local a = math.random(0, slices - 1) * slice
   local b = a + slice - 1
   return wrk.format("GET", path, { ["Range"] = "bytes=" .. a .. "-" .. b })
end

if check then
   -- wrk keeps one Lua state per thread for all its connections, so an answer cannot be paired
   -- with its request here: Content-Range is checked for shape (an aligned 1 MiB slice) only.
   function response(status, headers, body)
      checked = checked + 1
      local range = headers["Content-Range"] or headers["content-range"] or ""
      local ok = status == 206 and #body == slice and range:match("^bytes %d+%-%d+/%d+$") ~= nil
      if ok then
         local a, b = range:match("^bytes (%d+)%-(%d+)/")
         ok = tonumber(b) - tonumber(a) + 1 == slice and tonumber(a) % slice == 0
      end
      if not ok then
         bad = bad + 1
         if first_bad == "" then
            first_bad = string.format("status=%d body=%d content-range=%q", status, #body, range)
         end
      end
   end
end

function done(summary, latency, requests)
   local checked_total, bad_total, first = 0, 0, ""
   for _, thread in ipairs(threads) do
      checked_total = checked_total + (thread:get("checked") or 0)
      bad_total = bad_total + (thread:get("bad") or 0)
      local f = thread:get("first_bad") or ""
      if first == "" and f ~= "" then first = f end
   end
   io.write(string.format(
      "WRKRESULT requests=%d bytes=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d "
         .. "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d checked=%d bad=%d\n",
      summary.requests, summary.bytes, summary.duration,
      latency:percentile(50), latency:percentile(99), latency.max,
      summary.errors.connect, summary.errors.read, summary.errors.write,
      summary.errors.status, summary.errors.timeout, checked_total, bad_total))
   if first ~= "" then
      io.write("WRKFIRSTBAD " .. first .. "\n")
   end
end
