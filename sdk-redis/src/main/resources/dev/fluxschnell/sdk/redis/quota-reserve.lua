-- Reserves images in a subject's window when they fit its limit.
-- KEYS: 1 the window hash (reserved, spent)
-- ARGV: 1 the images, 2 the limit, 3 the key's time to live (millis)
-- Returns 1 when reserved, 0 when over the limit.
local r = tonumber(redis.call('hget', KEYS[1], 'reserved') or '0')
local s = tonumber(redis.call('hget', KEYS[1], 'spent') or '0')
if r + s + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
redis.call('hincrby', KEYS[1], 'reserved', ARGV[1])
redis.call('pexpire', KEYS[1], ARGV[3])
return 1
