import { SignJWT, jwtVerify, generateKeyPair, exportJWK } from 'jose';
export const config = { runtime: 'edge' };
// jose over WebCrypto: a deterministic HS256 token, its verification, a
// tampered one refused, and an ES256 round trip with a fresh key.
const secret = new TextEncoder().encode('edgeplay-diff-secret-that-is-long-enough');
export default async function handler() {
  const token = await new SignJWT({ sub: 'user-1', role: 'admin' })
    .setProtectedHeader({ alg: 'HS256' }).setIssuedAt(1700000000).setExpirationTime(4102444800).sign(secret);
  const { payload, protectedHeader } = await jwtVerify(token, secret);
  let tampered = '';
  try { await jwtVerify(token.slice(0, -2) + 'xx', secret); } catch (e: any) { tampered = e.code; }
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const es = await new SignJWT({ n: 1 }).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
  const verified = await jwtVerify(es, publicKey);
  const jwk = await exportJWK(publicKey);
  return Response.json({ token, payload, protectedHeader, tampered, es256: verified.payload, jwkKeys: Object.keys(jwk).sort() });
}
