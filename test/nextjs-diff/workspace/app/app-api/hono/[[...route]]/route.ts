import { Hono } from 'hono';
import { handle } from 'hono/vercel';
export const runtime = 'edge';
// Hono behind its Vercel adapter, as an App Router catch-all handler.
const app = new Hono().basePath('/app-api/hono');
app.get('/hello', (c) => c.json({ message: 'Hello from Hono', q: c.req.query('q') ?? null }));
app.post('/echo', async (c) => c.json(await c.req.json(), 201));
app.notFound((c) => c.text('hono: not found', 404));
export const GET = handle(app);
export const POST = handle(app);
