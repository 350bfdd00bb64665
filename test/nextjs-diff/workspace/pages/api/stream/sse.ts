export const config = { runtime: 'edge' };
// Server-sent events through a TransformStream.
export default function handler() {
  const { readable, writable } = new TransformStream();
  const w = writable.getWriter();
  const enc = new TextEncoder();
  (async () => {
    for (let i = 0; i < 3; i++) {
      await w.write(enc.encode('id: ' + i + '\ndata: {"n":' + i + '}\n\n'));
      await new Promise((r) => setTimeout(r, 10));
    }
    await w.close();
  })();
  return new Response(readable, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } });
}
