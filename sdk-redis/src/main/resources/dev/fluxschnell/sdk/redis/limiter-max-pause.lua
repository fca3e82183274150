-- Keeps the longest pause: sets the key only when its remaining time is shorter than the new one.
-- KEYS: 1 the pause key
-- ARGV: 1 the pause (millis)
local t = redis.call('pttl', KEYS[1])
if t < tonumber(ARGV[1]) then redis.call('set', KEYS[1], '1', 'px', ARGV[1]) end
return 1
