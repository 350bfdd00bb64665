export const config = { runtime: 'edge' };
// Enqueuing strings instead of bytes: a TypeError on the platform.
export default function handler() {
  const body = new ReadableStream({
    start(controller) {
      controller.enqueue('not bytes');
      controller.close();
    },
  });
  return new Response(body);
}
