-- The fence before a worker runs an item: marks it running unless its batch was canceled. Atomic with
-- queue-cancel.lua, so either cancel sees the item running (and waits for it) or the item sees the cancel (and never
-- sends a create).
-- KEYS: 1 the batch hash, 2 the batch's running hash (item index -> stream entry id and worker)
-- ARGV: 1 the item index, 2 the stream entry id and worker, 3 the retention (millis)
-- Returns 1 when marked running, 0 when the batch was canceled, -1 when the batch is gone (expired).
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return -1 end
if state == 'canceled' then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
