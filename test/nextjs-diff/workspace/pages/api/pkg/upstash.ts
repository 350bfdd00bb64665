import { Redis } from '@upstash/redis';

export const config = { runtime: 'edge' };

// The usual edge pattern: one client per module, configured from the
// environment (UPSTASH_REDIS_REST_URL / _TOKEN), talking REST over fetch.
const redis = Redis.fromEnv();

type User = { name: string; langs: string[] };

export default async function handler(req: Request) {
  const url = new URL(req.url);
  if (url.searchParams.has('bad-token')) {
    // A wrong token: the server's error reaches the handler as UpstashError.
    const wrong = new Redis({ url: process.env.UPSTASH_REDIS_REST_URL!, token: 'wrong', retry: false });
    try {
      await wrong.get('user:1');
      return Response.json({ error: null });
    } catch (e) {
      const err = e as Error;
      return Response.json({ name: err.name, message: err.message }, { status: 502 });
    }
  }
  await redis.set('user:1', { name: 'Ada', langs: ['ts', 'go'] }, { ex: 60 });
  const user = await redis.get<User>('user:1');
  const visits = await redis.incr('visits');
  const ttl = await redis.ttl('user:1');
  await redis.hset('settings:1', { theme: 'dark', size: 14 });
  const settings = await redis.hgetall('settings:1');
  const p = redis.pipeline();
  p.del('queue');
  p.lpush('queue', 'a', 'b', 'c');
  p.lrange('queue', 0, -1);
  const piped = await p.exec();
  const missing = await redis.get('nothing-here');
  return Response.json({ user, visits, ttl, settings, piped, missing, pong: await redis.ping() });
}
