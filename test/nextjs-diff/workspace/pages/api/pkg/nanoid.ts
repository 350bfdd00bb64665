import { nanoid, customAlphabet } from 'nanoid';
export const config = { runtime: 'edge' };
// nanoid over crypto.getRandomValues: the shape of its ids (they are random).
export default function handler() {
  const id = nanoid();
  const hex = customAlphabet('0123456789abcdef', 12)();
  return Response.json({ len: id.length, urlSafe: /^[A-Za-z0-9_-]+$/.test(id), hex: /^[0-9a-f]{12}$/.test(hex), distinct: nanoid() !== id });
}
