import { fileExtension } from '../loaders/file-extension.js'
import { IMAGE_MEDIA_TYPES } from './image-media-types.js'

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46] // %PDF

function startsWith (bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b)
}

/** Signatures of the image formats read as scans */
const IMAGE_MAGIC = [[0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [0x49, 0x49, 0x2a, 0x00], [0x4d, 0x4d, 0x00, 0x2a]]

/**
 * True when bytes named by the path of a PDF or image file are not a PDF or
 * image but text: the derived text (OCR) of that file, which citations name
 * by its own CID under the source file's path.
 */
export function isDerivedTextBytes (path: string, bytes: Uint8Array): boolean {
  const ext = fileExtension(path)
  if (ext === '.pdf') return !Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).includes(Buffer.from(PDF_MAGIC))
  if (IMAGE_MEDIA_TYPES[ext] != null) return !IMAGE_MAGIC.some(m => startsWith(bytes, m))
  return false
}
