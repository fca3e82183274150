-- Keeps the longest pause: sets the key only when its remaining time is shorter than the new one.
-- KEYS: 1 the pause key
-- ARGV: 1 the pause (millis)
-- Returns by how many millis the shared pause now ends later (0: a longer one was already running), so that the
-- bucket is held back once for each stretch of pause, not once per 429 of each instance.
local t = redis.call('pttl', KEYS[1])
local p = tonumber(ARGV[1])
if t >= p then return 0 end
redis.call('set', KEYS[1], '1', 'px', p)
if t < 0 then return p end
return p - t
