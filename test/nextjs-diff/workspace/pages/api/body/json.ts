import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// req.json(): parsed value, or the error's name and message.
export default async function handler(req: NextRequest) {
  try {
    const v = await req.json();
    return Response.json({ ok: true, value: v, type: Array.isArray(v) ? 'array' : typeof v });
  } catch (e: any) {
    return Response.json({ ok: false, name: e?.name, ctor: e?.constructor?.name }, { status: 400 });
  }
}
