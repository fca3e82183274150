-- Moves a batch's items into its tier's stream, once: from the schedule (ARGV[3] = '1') or at submit.
-- KEYS: 1 the batch hash, 2 the tier's stream, 3 the schedule (sorted set)
-- ARGV: 1 the batch id, 2 now (epoch millis), 3 '1' when moved from the schedule
-- Returns the number of items queued; -1 when another instance moved it already; -2 when the batch was canceled.
if ARGV[3] == '1' and redis.call('ZREM', KEYS[3], ARGV[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'state') == 'canceled' then return -2 end
local total = tonumber(redis.call('HGET', KEYS[1], 'total'))
for i = 0, total - 1 do
  redis.call('XADD', KEYS[2], '*', 'batch', ARGV[1], 'index', i, 'enqueued', ARGV[2])
end
redis.call('HSET', KEYS[1], 'state', 'queued', 'enqueued_at', ARGV[2])
return total
