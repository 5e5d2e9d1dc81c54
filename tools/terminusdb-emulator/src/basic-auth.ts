import { timingSafeEqual } from 'node:crypto';

/** True when the `Authorization` header carries HTTP Basic credentials equal to the expected ones. */
export function hasValidBasicAuth(header: string | undefined, user: string, password: string): boolean {
  if (header === undefined || !header.startsWith('Basic ')) return false;
  const supplied = Buffer.from(header.slice('Basic '.length).trim(), 'base64');
  const expected = Buffer.from(`${user}:${password}`, 'utf8');
  return supplied.length === expected.length && timingSafeEqual(supplied, expected);
}
