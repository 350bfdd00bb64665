export const config = { runtime: 'edge' };
// A plain object is not a Response (R-HANDLER-3).
export default function handler() {
  return { not: 'a response' } as any;
}
