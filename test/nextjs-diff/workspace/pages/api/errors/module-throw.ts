export const config = { runtime: 'edge' };
// A module whose top level throws.
throw new Error('module scope failed');
export default function handler() {
  return new Response('unreachable');
}
