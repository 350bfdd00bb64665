import type { NextRequest } from 'next/server';
export const config = { runtime: 'edge' };
// req.formData() for urlencoded and multipart bodies.
export default async function handler(req: NextRequest) {
  try {
    const fd = await req.formData();
    const out: unknown[] = [];
    for (const [k, v] of fd.entries()) {
      if (typeof v === 'string') out.push([k, 'string', v]);
      else out.push([k, 'file', v.name, v.type, v.size, await v.text()]);
    }
    return Response.json({ ok: true, entries: out });
  } catch (e: any) {
    return Response.json({ ok: false, name: e?.name }, { status: 400 });
  }
}
