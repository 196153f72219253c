-- wrk script: GET /r/TOKEN/RATING over the tokens in the file named by the TOKENS environment variable, each
-- thread on its own share of them, with a desktop browser's User-Agent (so no request is taken for a link scanner
-- and every one stores a click).
local tokens = {}
local ratings = {"positive", "neutral", "negative"}
local counter = 0

-- Each wrk thread gets its own number (math.random is not seeded per thread: two threads would send the same
-- clicks at the same moment, and half of them would be same-second duplicates, never written).
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

-- Thread n of N takes tokens n+1, n+1+N, n+1+2N, …: no two threads ever send the same token, so a click repeats
-- only when one thread comes round to it again.
local share = {}
local round = tonumber(os.getenv("WRK_ROUND") or "0")
function init(args)
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
  local count = tonumber(os.getenv("WRK_THREADS") or "2")
  for index = (id or 0) + 1, #tokens, count do share[#share + 1] = tokens[index] end
end

function request()
  counter = counter + 1
  local token = share[(counter % #share) + 1]
  -- The rating changes once per round through the thread's tokens, so a click repeats only after 3 rounds
  -- (15,000 requests of one thread with 10,000 tokens and 2 threads, over a second even at 28,000 requests/s
  -- in all): every answer stores a new record rather than finding a same-second duplicate.
  -- WRK_ROUND shifts the ratings, so a run started right after another does not resend its last clicks.
  local rating = ratings[((math.floor(counter / #share) + round) % 3) + 1]
  return wrk.format("GET", "/r/" .. token .. "/" .. rating, {
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    ["Accept-Language"] = "en"
  })
end
