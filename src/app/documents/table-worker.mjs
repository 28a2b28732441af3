// Parses one uploaded table off the server's event loop (see readTable in tabular.ts): tsx loads the
// TypeScript parser in this thread, the result or the refusal goes back as a message.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseTable } = await import('./table-parse.ts');
try {
  const data = workerData.isBuffer ? Buffer.from(workerData.data.buffer, workerData.data.byteOffset, workerData.data.byteLength) : workerData.data;
  parentPort.postMessage({ ok: true, table: await parseTable(data, workerData.fileName) });
} catch (e) {
  parentPort.postMessage(e && e.name === 'AppError'
    ? { ok: false, appError: { code: e.code, key: e.key, params: e.params, fieldErrors: e.fieldErrors, extra: e.extra } }
    : { ok: false, message: e instanceof Error ? e.message : String(e) });
}
