-- wrk script: POST the bodies in the folder named by BODIES (one file each, listed in BODIES/index), cycling,
-- with "@@N@@" in each replaced by PREFIX and a number no other request of the run uses (every post a new message),
-- the Content-Type CONTENT_TYPE and the Authorization header AUTHORIZATION from the environment.
local bodies = {}
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
end

function request()
  counter = counter + 1
  local body = string.gsub(bodies[(counter % #bodies) + 1], "@@N@@", os.getenv("PREFIX") .. counter, 1)
  return wrk.format("POST", os.getenv("ROUTE"), {
    ["Content-Type"] = os.getenv("CONTENT_TYPE"),
    ["Authorization"] = os.getenv("AUTHORIZATION")
  }, body)
end
