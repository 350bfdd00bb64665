export const config = { runtime: 'edge' };
// SPEC R-ROUTE-1 says test files are not routes; does Next agree?
export default function handler() {
  return new Response('test file served');
}
