-- Records an item's outcome once (a taken-over item may finish twice) and counts it.
-- KEYS: 1 the batch's outcomes hash, 2 the batch hash
-- ARGV: 1 the item index, 2 the outcome (JSON), 3 the counter (succeeded, failed, canceled, skipped),
--       4 the cost in micro-USD, 5 the images stored, 6 '1' when dead-lettered, 7 the retention (millis)
-- Returns 1 when recorded now, 0 when it had been recorded before.
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
redis.call('HINCRBY', KEYS[2], 'cost_micros', ARGV[4])
redis.call('HINCRBY', KEYS[2], 'images', ARGV[5])
if ARGV[6] == '1' then redis.call('HINCRBY', KEYS[2], 'dead', 1) end
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return 1
