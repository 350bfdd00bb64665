export const config = { runtime: 'edge' };
// A thrown Error (R-HANDLER-4).
export default function handler() {
  throw new Error('boom from throw.ts');
}
