export const config = { runtime: 'edge' };
// A ReadableStream of several chunks with pauses (R-HANDLER-6).
export default function handler() {
  const enc = new TextEncoder();
  let i = 0;
  const body = new ReadableStream({
    async pull(controller) {
      if (i === 5) { controller.close(); return; }
      await new Promise((r) => setTimeout(r, 20));
      controller.enqueue(enc.encode('chunk ' + i++ + '\n'));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
