-- wrk script for `make bench`'s under-edits phase: each request is the next path of the
-- file named by WRK_PATHS (one per line), each thread starting at its own place.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  paths[#paths + 1] = line
end
local index = 0

function setup(thread)
  index = index + 97
  thread:set("index", index)
end

function request()
  index = index + 1
  return wrk.format("GET", paths[index % #paths + 1])
end
