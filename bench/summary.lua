-- wrk script for plain GETs (menu JSON, hello): no per-request Lua, only the summary line
-- `WRKRESULT key=value ...` that run.sh reads (same keys as range.lua).

function done(summary, latency, requests)
   io.write(string.format(
      "WRKRESULT requests=%d bytes=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d "
         .. "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d checked=0 bad=0\n",
      summary.requests, summary.bytes, summary.duration,
      latency:percentile(50), latency:percentile(99), latency.max,
      summary.errors.connect, summary.errors.read, summary.errors.write,
      summary.errors.status, summary.errors.timeout))
end
