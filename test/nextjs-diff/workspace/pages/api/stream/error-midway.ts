export const config = { runtime: 'edge' };
// A stream that errors after its first chunk.
export default function handler() {
  const enc = new TextEncoder();
  const body = new ReadableStream({
    async start(controller) {
      controller.enqueue(enc.encode('before error\n'));
      await new Promise((r) => setTimeout(r, 20));
      controller.error(new Error('stream broke'));
    },
  });
  return new Response(body);
}
