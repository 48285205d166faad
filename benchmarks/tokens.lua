-- wrk script for benchmarks/load.sh: sends "Authorization: Bearer <token>", rotating
-- through the tokens of a file (one per line). Without a file it sends no token.
--   wrk -t1 -c16 -d10s -s benchmarks/tokens.lua http://127.0.0.1:18080/api/me -- tokens.txt
-- Requests are built once in init(), so request() costs the same for 1 or 10,000 tokens
-- and for the no-token case.

local requests = {}
local count = 0
local index = 0

function init(args)
  local file = args[1]
  if file ~= nil and file ~= "" then
    for line in io.lines(file) do
      if #line > 0 then
        count = count + 1
        requests[count] = wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. line })
      end
    end
  end
  if count == 0 then
    count = 1
    requests[1] = wrk.format(nil, nil, {})
  end
end

function request()
  index = index % count + 1
  return requests[index]
end
