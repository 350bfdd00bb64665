export const config = { runtime: 'edge' };
// A thrown non-Error value.
export default function handler() {
  throw 'a plain string was thrown';
}
