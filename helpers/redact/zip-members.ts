import { unzipSync, zipSync } from 'fflate';

/** One member of a zip archive, uncompressed. */
export interface ZipMember {
  readonly name: string;
  readonly data: Buffer;
}

/** The members of a zip held in memory (stored or deflated), in archive order. Throws on anything that is not a zip. */
export function readZipMembers(zip: Buffer): ZipMember[] {
  return Object.entries(unzipSync(new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength))).map(([name, data]) => ({
    name,
    data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  }));
}

/** A zip of the members, stored (uncompressed), with CRC-32s: what any unzip and Playwright's trace viewer read. */
export function writeZipMembers(members: readonly ZipMember[]): Buffer {
  const files = Object.fromEntries(members.map(({ name, data }) => [name, new Uint8Array(data)] as const));
  return Buffer.from(zipSync(files, { level: 0 }));
}
