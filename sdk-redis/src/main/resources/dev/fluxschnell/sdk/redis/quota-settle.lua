-- Settles a reservation: commits it (spent) or releases it; the reserved count never goes below zero.
-- KEYS: 1 the window hash (reserved, spent)
-- ARGV: 1 the images, 2 'commit' or 'release', 3 the key's time to live (millis)
-- Returns the images taken off the reserved count.
local r = tonumber(redis.call('hget', KEYS[1], 'reserved') or '0')
local n = math.min(r, tonumber(ARGV[1]))
redis.call('hset', KEYS[1], 'reserved', r - n)
if ARGV[2] == 'commit' then redis.call('hincrby', KEYS[1], 'spent', ARGV[1]) end
redis.call('pexpire', KEYS[1], ARGV[3])
return n
