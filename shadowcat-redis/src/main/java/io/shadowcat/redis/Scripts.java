package io.shadowcat.redis;

/**
 * The Lua scripts that change a tape: each runs atomically on the server, so another process sees a tape
 * before or after a change, never half-way, and the checks (does it exist, is it live) hold for the write.
 */
final class Scripts {

    private Scripts() {
    }

    /** KEYS meta, records, writer, tapes; ARGV header, created_ms, id, token, lease_ms, first line. 1, or 0 if it exists. */
    static final String CREATE = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
            redis.call('DEL', KEYS[2])
            redis.call('XADD', KEYS[2], '*', 'l', ARGV[6])
            redis.call('HSET', KEYS[1], 'header', ARGV[1], 'bytes', string.len(ARGV[6]) + 1)
            redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5])
            redis.call('ZADD', KEYS[4], ARGV[2], ARGV[3])
            return 1
            """;

    /**
     * KEYS meta, records, writer; ARGV token, header, bytes, lease_ms (0: release the claim), batch number,
     * lines... Returns 1 (also for a batch already applied: a retry of a commit that timed out), or 0 when the
     * claim is not this writer's any more (it lapsed, or the tape was removed).
     */
    static final String APPEND = """
            if tonumber(redis.call('HGET', KEYS[1], 'batch') or '0') >= tonumber(ARGV[5]) then return 1 end
            if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
            for i = 6, #ARGV do redis.call('XADD', KEYS[2], '*', 'l', ARGV[i]) end
            redis.call('HSET', KEYS[1], 'header', ARGV[2], 'bytes', ARGV[3], 'batch', ARGV[5])
            if ARGV[4] == '0' then redis.call('DEL', KEYS[3]) else redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
            return 1
            """;

    /** KEYS writer; ARGV token, lease_ms. 1 when renewed, 0 when the claim is not this writer's. */
    static final String RENEW = """
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    /**
     * KEYS meta, records, writer, tapes, staging; ARGV header, bytes, created_ms, id. Puts a staged tape in
     * place of the stored one: 1, or 0 (staging dropped) when a writer records it.
     */
    static final String REPLACE = """
            if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('DEL', KEYS[5]) return 0 end
            redis.call('RENAME', KEYS[5], KEYS[2])
            redis.call('HSET', KEYS[1], 'header', ARGV[1], 'bytes', ARGV[2])
            redis.call('PERSIST', KEYS[1])
            redis.call('ZADD', KEYS[4], ARGV[3], ARGV[4])
            return 1
            """;

    /** KEYS meta, records, writer, tapes; ARGV id. 1 deleted, 0 absent, -1 a writer records it. */
    static final String DELETE = """
            if redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
            local n = redis.call('DEL', KEYS[1], KEYS[2])
            redis.call('ZREM', KEYS[4], ARGV[1])
            if n > 0 then return 1 end
            return 0
            """;

    /**
     * KEYS meta, records, tapes, expiry; ARGV id, expire_at_ms, prefix. Sets a finished tape to expire and
     * files it in the expiry set, then drops from the tape list every tape whose time has come (its keys are
     * gone or going), so that listing never meets an id without its tape for long.
     */
    static final String EXPIRE = """
            redis.call('PEXPIREAT', KEYS[1], ARGV[2])
            redis.call('PEXPIREAT', KEYS[2], ARGV[2])
            redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now)) do
              if redis.call('EXISTS', ARGV[3] .. 'tape:' .. id .. ':meta') == 0 then
                redis.call('ZREM', KEYS[3], id)
              end
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now)
            return 1
            """;
}
