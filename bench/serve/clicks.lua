-- wrk script: GET /r/TOKEN/RATING over the tokens in the file named by the TOKENS environment variable, each
-- thread starting at its own offset, with a desktop browser's User-Agent (so no request is taken for a
-- link scanner and every one stores a click).
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

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
  -- Thread n starts on the n-th rating: no two threads send the same (token, rating) until they wrap around.
  counter = (id or 0) * #tokens
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  -- The rating changes once per round through the tokens, so a click repeats only after 3 rounds (30,000
  -- requests with 10,000 tokens): every answer stores a new record rather than finding a same-second duplicate.
  local rating = ratings[(math.floor(counter / #tokens) % 3) + 1]
  return wrk.format("GET", "/r/" .. token .. "/" .. rating, {
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    ["Accept-Language"] = "en"
  })
end
