export const config = { runtime: 'edge' };
// SPEC R-ROUTE-1 says files starting with _ are not routes; does Next agree?
export default function handler() {
  return new Response('underscore file served');
}
