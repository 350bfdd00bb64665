export const config = { runtime: 'edge' };
// A rejected promise.
export default async function handler() {
  await new Promise((r) => setTimeout(r, 5));
  return Promise.reject(new TypeError('rejected in reject.ts'));
}
