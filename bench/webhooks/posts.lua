-- wrk script: POST the bodies in the folder named by BODIES (one file each, listed in BODIES/index), cycling,
-- with "@@N@@" in each replaced by PREFIX and a number no other request of the run uses (every post a new message),
-- the Content-Type CONTENT_TYPE and the Authorization header AUTHORIZATION from the environment; when SIGNATURES
-- names a folder (POST /hooks/raw), the k-th request of thread i carries line k of SIGNATURES/signatures-i as its
-- Smiley-Signature (sign.py made them in this order).
local bodies = {}
local signatures = nil
local counter = 0
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  local folder = os.getenv("BODIES")
  for name in io.lines(folder .. "/index") do
    local file = io.open(folder .. "/" .. name, "rb")
    bodies[#bodies + 1] = file:read("*a")
    file:close()
  end
  counter = (id or 0) * 10000000
  local folder = os.getenv("SIGNATURES")
  if folder and folder ~= "" then
    signatures = {}
    for line in io.lines(folder .. "/signatures-" .. (id or 0)) do signatures[#signatures + 1] = line end
  end
end

function request()
  counter = counter + 1
  local body = string.gsub(bodies[(counter % #bodies) + 1], "@@N@@", os.getenv("PREFIX") .. counter, 1)
  local headers = { ["Content-Type"] = os.getenv("CONTENT_TYPE"), ["Authorization"] = os.getenv("AUTHORIZATION") }
  if signatures then
    -- One signature per request: past the last one, a request would be a replay (409), so the run says so.
    headers["Smiley-Signature"] = signatures[(counter % 10000000)] or "exhausted"
  end
  return wrk.format("POST", os.getenv("ROUTE"), headers, body)
end
