-- wrk script: GET /r/TOKEN/RATING over the tokens in the file named by the TOKENS environment variable, each
-- connection starting at its own offset, with a desktop browser's User-Agent (so no request is taken for a
-- link scanner and every one stores a click).
local tokens = {}
local ratings = {"positive", "neutral", "negative"}
local counter = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS")) do tokens[#tokens + 1] = line end
  counter = math.random(1, #tokens)
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local rating = ratings[(counter % 3) + 1]
  return wrk.format("GET", "/r/" .. token .. "/" .. rating, {
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    ["Accept-Language"] = "en"
  })
end
