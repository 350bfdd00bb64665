export const runtime = 'edge';
export function GET() {
  const enc = new TextEncoder();
  let i = 0;
  return new Response(new ReadableStream({
    async pull(c) {
      if (i === 3) return c.close();
      await new Promise((r) => setTimeout(r, 10));
      c.enqueue(enc.encode('app chunk ' + i++ + '\n'));
    },
  }));
}
