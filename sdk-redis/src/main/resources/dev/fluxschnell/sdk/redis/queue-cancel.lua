-- Marks a batch canceled, atomically with the fence (queue-start.lua), and drops its scheduled start.
-- KEYS: 1 the batch hash, 2 the schedule (sorted set)
-- ARGV: 1 the batch id
-- Returns -1 for an unknown batch; 0 for one whose items all have an outcome (nothing to cancel); 1 when it is marked
-- canceled (now or before); 2 when it was still scheduled, so its items never entered a stream.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return -1 end
if state ~= 'canceled' then
  local done = 0
  for _, counter in ipairs({'succeeded', 'failed', 'canceled', 'skipped'}) do
    done = done + tonumber(redis.call('HGET', KEYS[1], counter) or '0')
  end
  if done >= tonumber(redis.call('HGET', KEYS[1], 'total') or '0') then return 0 end
  redis.call('HSET', KEYS[1], 'state', 'canceled')
end
return 1 + redis.call('ZREM', KEYS[2], ARGV[1])
