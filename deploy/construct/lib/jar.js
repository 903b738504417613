'use strict';
// Reads one entry of a jar (a zip file) without unpacking it or running Java: enough of the zip
// format for what Maven's shade plugin writes (stored or deflated entries, no zip64, no encryption).
const fs = require('node:fs');
const zlib = require('node:zlib');

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** The entries of the central directory: name -> { method, compressedSize, localOffset }. */
function directory(bytes, file) {
  // the end record is in the last 22 + 65535 (comment) bytes
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === END_OF_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a jar (no zip directory)`);
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    if (bytes.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`${file}: damaged zip directory`);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name, {
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * The bytes of entry `name` of the jar at `file`, or undefined when the jar has no such entry.
 */
function readJarEntry(file, name) {
  const bytes = fs.readFileSync(file);
  const entry = directory(bytes, file).get(name);
  if (!entry) return undefined;
  const at = entry.localOffset;
  if (bytes.readUInt32LE(at) !== LOCAL_HEADER) throw new Error(`${file}: damaged entry ${name}`);
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method === 8) return zlib.inflateRawSync(data);
  throw new Error(`${file}: entry ${name} uses zip method ${entry.method}, which this reader does not know`);
}

module.exports = { readJarEntry };
