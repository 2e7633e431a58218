/**
 * Receive an uploaded sheet into a temporary file: multipart/form-data (one
 * file field, `file`, and a few short text fields) through multer, or a raw
 * text/csv body. The bytes go straight to disk under os.tmpdir() (the import
 * reads files, and a 50 MB sheet is never held in memory), past the size
 * limit the upload is refused with 413, and the temporary directory is
 * removed whatever happens.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import multer from 'multer';
import { ValidationError } from '../domain/errors.js';
import { ClientError } from './client-error.js';

export interface ReceivedUpload {
  /** Where the bytes are, for the import service to read. */
  path: string;
  /** The file name the client gave (multipart only), as sent: not yet made safe. */
  clientName: string | undefined;
  /** Multipart text fields (the import options may come this way from an HTML form). */
  fields: Record<string, string>;
  bytes: number;
}

/** The multipart field that holds the sheet. */
export const FILE_FIELD = 'file';

/** Raw bodies accepted as a sheet: what curl --data-binary, a browser's fetch of a File, and spreadsheet tools send. */
const RAW_TYPES = ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream'];

/** Room for a multipart body's boundaries, part headers and option fields on top of the file itself. */
const MULTIPART_OVERHEAD = 64 << 10;

const megabytes = (bytes: number): string => `${+(bytes / (1 << 20)).toFixed(2)} MB`;

export function tooLarge(maxBytes: number): ClientError {
  return new ClientError(413, 'too_large', `the upload is larger than the limit of ${megabytes(maxBytes)} (CREWCOUNT_MAX_UPLOAD_MB); nothing was imported`);
}

/**
 * Save the request's sheet to a fresh temporary directory, run `use` on it,
 * then delete the directory, also when saving or `use` fails.
 */
export async function withUpload<T>(req: Request, res: Response, maxBytes: number, use: (upload: ReceivedUpload) => Promise<T>): Promise<T> {
  const multipart = req.is('multipart/form-data') === 'multipart/form-data';
  if (!multipart && !req.is(RAW_TYPES)) {
    throw new ClientError(415, 'unsupported_media_type', `send the sheet as multipart/form-data (a field named "${FILE_FIELD}") or as a text/csv body; got ${req.get('content-type') ?? 'no Content-Type'}`);
  }
  // A declared length over the limit is refused before a byte is read or written.
  const declared = Number(req.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes + (multipart ? MULTIPART_OVERHEAD : 0)) throw tooLarge(maxBytes);

  const dir = await mkdtemp(path.join(tmpdir(), 'crewcount-upload-'));
  try {
    const upload = multipart ? await saveMultipart(req, res, dir, maxBytes) : await saveRaw(req, path.join(dir, 'upload'), maxBytes);
    return await use(upload);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The error for a request whose connection closed before its body was read to the end. */
const cutOff = (): ValidationError => new ValidationError('the upload was cut off before it ended; nothing was imported');

/**
 * Run `onCut` if the request closes before its body has been read to the
 * end: its connection closed (the client went away, or Node closed it after
 * a malformed request that followed on the same connection). The body's
 * stream then never ends, and whatever waits for it must be told. Returns
 * the function that stops watching.
 */
function onCutOff(req: Request, onCut: () => void): () => void {
  const closed = () => {
    if (!req.readableEnded) onCut();
  };
  // Closed already, while the handler was busy before reading (it made the temporary directory).
  if (req.destroyed) {
    queueMicrotask(closed);
    return () => undefined;
  }
  req.once('close', closed);
  req.once('error', onCut);
  return () => {
    req.off('close', closed);
    req.off('error', onCut);
  };
}

/**
 * multer's disk storage, but keeping the open file so that a cut-off
 * request can close it (multer waits for the body's end, which never comes).
 */
class UploadFile implements multer.StorageEngine {
  private out: WriteStream | null = null;

  constructor(private readonly file: string) {}

  _handleFile(_req: Request, file: Express.Multer.File, cb: (error?: unknown, info?: Partial<Express.Multer.File>) => void): void {
    const out = (this.out = createWriteStream(this.file));
    let size = 0;
    file.stream.on('data', (chunk: Buffer) => (size += chunk.length));
    pipeline(file.stream, out).then(
      () => cb(null, { path: this.file, size }),
      (err: unknown) => cb(err),
    );
  }

  _removeFile(_req: Request, _file: Express.Multer.File, cb: (error: Error | null) => void): void {
    this.close();
    cb(null); // the directory is removed with the request (withUpload)
  }

  close(): void {
    this.out?.destroy();
  }
}

async function saveMultipart(req: Request, res: Response, dir: string, maxBytes: number): Promise<ReceivedUpload> {
  const storage = new UploadFile(path.join(dir, 'upload'));
  const parse = multer({
    storage,
    limits: { fileSize: maxBytes, files: 1, fields: 20, fieldNameSize: 100, fieldSize: 1024, parts: 21 },
    // Browsers send a file name's UTF-8 bytes without declaring a charset; latin1 (multer's default) would garble "Señora".
    defParamCharset: 'utf8',
  }).single(FILE_FIELD);
  let stopWatching = (): void => undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      stopWatching = onCutOff(req, () => {
        storage.close();
        reject(cutOff());
      });
      parse(req, res, (err?: unknown) => (err ? reject(multipartError(err, maxBytes)) : resolve()));
    });
  } finally {
    stopWatching();
  }
  const file = req.file;
  if (!file) throw new ValidationError(`no file in the upload: send the sheet in a multipart field named "${FILE_FIELD}"`, { parameter: FILE_FIELD });
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries((req.body ?? {}) as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new ValidationError(`${name} must be given once`, { parameter: name });
    fields[name] = value;
  }
  return { path: file.path, clientName: file.originalname, fields, bytes: file.size };
}

/** busboy's words for a body it cannot parse ("Malformed part header", "Unexpected end of form", "Multipart: Boundary not found"). */
const MALFORMED = /multipart|boundary|unexpected end|malformed|missing content-type/i;

function multipartError(err: unknown, maxBytes: number): unknown {
  if (!(err instanceof multer.MulterError)) {
    if (!(err instanceof Error)) return err;
    if (err.message === 'Request aborted') return cutOff(); // multer's word for a client that went away
    return MALFORMED.test(err.message) ? new ValidationError(`malformed multipart body: ${err.message}`) : err;
  }
  if (err.code === 'LIMIT_FILE_SIZE') return tooLarge(maxBytes);
  if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') {
    return new ValidationError(`send exactly one file, in the field "${FILE_FIELD}"${err.field ? `; got a file in "${err.field}"` : ''}`, { parameter: err.field ?? FILE_FIELD });
  }
  return new ValidationError(`bad multipart body: ${err.message}${err.field ? ` (field "${err.field}")` : ''}`, err.field ? { parameter: err.field } : {});
}

/** Stream a raw body to `file`, refusing it as soon as it passes `maxBytes` (a chunked body declares no length). */
async function saveRaw(req: Request, file: string, maxBytes: number): Promise<ReceivedUpload> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(tooLarge(maxBytes));
      else callback(null, chunk);
    },
  });
  // The request is piped in rather than put in the pipeline, so a refusal destroys the file stream but
  // not the socket: the client still reads the 413 (Node discards the rest of the body after the answer).
  const stopWatching = onCutOff(req, () => limit.destroy(cutOff()));
  req.pipe(limit);
  try {
    await pipeline(limit, createWriteStream(file));
  } catch (err) {
    req.unpipe(limit);
    req.resume();
    throw err;
  } finally {
    stopWatching();
  }
  return { path: file, clientName: undefined, fields: {}, bytes };
}
