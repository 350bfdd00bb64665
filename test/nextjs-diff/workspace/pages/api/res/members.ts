import * as server from 'next/server';
export const config = { runtime: 'edge' };
// Which names next/server exports, and their kinds.
export default function handler() {
  const names = Object.keys(server).sort();
  return Response.json(Object.fromEntries(names.map((n) => [n, typeof (server as any)[n]])));
}
