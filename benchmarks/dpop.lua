-- wrk script for benchmarks/dpop.sh: sends every request with "Authorization: DPoP <token>"
-- and the next unused DPoP proof of a file (one proof per line, as DPoPProofs writes them)
-- as the "DPoP" header. A proof is never sent twice: the server would refuse the replay.
--   wrk -t1 -c16 -d5s -s benchmarks/dpop.lua http://127.0.0.1:18098/api/me -- proofs.txt token.txt 1
-- Arguments: the proof file, the file holding the access token, the number of wrk threads
-- (-t). With several threads, thread k of n takes lines k, k + n, k + 2n, ... so no two
-- threads share a proof. Each wrk run needs a file of its own (dpop.sh writes one per run).
-- When a thread runs out of proofs it stops (rather than reuse one) and the run ends with
-- "DPOP PROOFS EXHAUSTED" on stderr and exit status 3: size the files for the request rate.
-- The request text is built once around a placeholder, so request() costs two string
-- concatenations whatever the proof.

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local proofs = {}
local count = 0
local index = 0
local before, after
exhausted = false
loaded = 0

local function read_first_line(path)
  local file = assert(io.open(path, "r"))
  local line = file:read("*l")
  file:close()
  return line
end

function init(args)
  local proof_file, token_file, thread_count = args[1], args[2], tonumber(args[3] or "1")
  assert(proof_file and token_file, "usage: -- proofs.txt token.txt [threads]")
  local token = read_first_line(token_file)
  assert(token and #token > 0, "no access token in " .. token_file)
  local n = 0
  for line in io.lines(proof_file) do
    if #line > 0 then
      if n % thread_count == id then
        count = count + 1
        proofs[count] = line
      end
      n = n + 1
    end
  end
  loaded = count
  local marker = "@@DPOP_PROOF@@"
  local template = wrk.format(nil, nil, { ["Authorization"] = "DPoP " .. token, ["DPoP"] = marker })
  local at = template:find(marker, 1, true)
  before = template:sub(1, at - 1)
  after = template:sub(at + #marker)
end

function request()
  if index >= count then
    -- never reuse a proof: stop this thread; the request returned here carries no proof,
    -- so the server refuses it (a non-2xx answer dpop.sh fails on), if it is sent at all
    if not exhausted then
      exhausted = true
      wrk.thread:stop()
    end
    return before .. after
  end
  index = index + 1
  return before .. proofs[index] .. after
end

function done(summary, latency, requests)
  local short = false
  for _, thread in ipairs(threads) do
    if thread:get("exhausted") then
      short = true
      io.stderr:write(string.format("DPOP PROOFS EXHAUSTED: thread %d used all its %d proofs\n",
        thread:get("id"), thread:get("loaded")))
    end
  end
  if short then
    os.exit(3)
  end
end
