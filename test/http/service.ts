/** Starts test/http/server-thread.ts in a worker thread (TypeScript through jiti, as plugins load) and hands back its URL. */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ServerThreadData } from './server-thread';

export interface TestService {
  url: string;
  stop(): Promise<void>;
}

export function startService(data: ServerThreadData): Promise<TestService> {
  const file = path.join(__dirname, 'server-thread.ts');
  const code = `require(${JSON.stringify(require.resolve('jiti'))}).createJiti(${JSON.stringify(file)}, { fsCache: false })(${JSON.stringify(file)});`;
  const worker = new Worker(code, { eval: true, workerData: data });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (url: string) => resolve({ url, stop: () => worker.terminate().then(() => undefined) }));
  });
}
